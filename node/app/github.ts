// `github push`: the issue drafts pushed to the GitHub the environment names, with the token it
// holds (as gh reads them, see ../github/token.ts) — the CLI's command and the app's button alike.
import { REPOSITORY_PATTERN } from '../../core/ids';
import { knownRepository } from '../../core/issues/github-state';
import type { Clock, SecretStore } from '../../core/ports';
import type { Workbook } from '../../core/workbook/schema';
import { loadWorkbook } from '../../core/workbook/store';
import { nodeFileSystem as fs } from '../node-file-system';
import type { Pacing } from '../github/pacing';
import { pushToGitHub } from '../github/push';
import { gitHubApiUrl, resolveGitHubToken } from '../github/token';

export interface PushRequest {
  dir: string;
  /** The repository, when given; else the one the workbook's issues went to, else GH_REPO's. */
  repo?: string;
  dryRun: boolean;
  reopen: boolean;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  /** The API root, when given (--api-url); else the environment's. */
  apiUrl?: string;
  /** One environment variable holding the token (--token-env), instead of those gh reads. */
  tokenEnv?: string;
  keychain?: SecretStore;
  keychainEntry?: string;
  pacing?: Pacing;
  signal?: AbortSignal;
  onProgress?: (line: string) => void;
}

/** The repository a push goes to: the one given, else the workbook's own, else GH_REPO ([HOST/]OWNER/REPO, as gh reads it). */
export function repositoryFor(wb: Workbook, env: NodeJS.ProcessEnv, given?: string): string | undefined {
  return given ?? knownRepository(wb) ?? env['GH_REPO']?.trim().split('/').slice(-2).join('/') ?? undefined;
}

export async function pushIssues(r: PushRequest) {
  const repo = repositoryFor(await loadWorkbook(fs, r.dir), r.env, r.repo);
  if (!repo) throw new Error('say which repository to push to: owner/name (or set GH_REPO)');
  if (!REPOSITORY_PATTERN.test(repo)) throw new Error(`expected a repository as owner/name, got "${repo}"`);
  const apiUrl = gitHubApiUrl(r.env, r.apiUrl);
  const { token, source } = await resolveGitHubToken({
    env: r.env,
    apiUrl,
    ...(r.tokenEnv ? { envName: r.tokenEnv } : {}),
    ...(r.keychain ? { keychain: r.keychain } : {}),
    ...(r.keychainEntry ? { keychainEntry: r.keychainEntry } : {}),
  });
  return pushToGitHub({
    dir: r.dir,
    repo,
    dryRun: r.dryRun,
    reopen: r.reopen,
    token,
    tokenSource: source,
    apiUrl,
    clock: r.clock,
    ...(r.pacing ? { pacing: r.pacing } : {}),
    ...(r.signal ? { signal: r.signal } : {}),
    ...(r.onProgress ? { onProgress: r.onProgress } : {}),
  });
}
