// `audit-workbench github`: push the child issues and the umbrella issue to GitHub.
import { loadWorkbook } from '../../core/workbook/store';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { describeResult, describeStep, type GitHubPushResult } from '../../core/issues/github-plan';
import { describePendingPush } from '../../core/issues/github-state';
import { DEFAULT_PACING } from '../../node/github/pacing';
import { pushToGitHub, REPO_PATTERN } from '../../node/github/push';
import { DEFAULT_TOKEN_ENV, resolveGitHubToken } from '../../node/github/token';
import { type Io, UsageError, type Values, str } from '../args';

export async function run(positionals: string[], values: Values, io: Io): Promise<void> {
  if (positionals[0] !== 'push' || positionals.length !== 2)
    throw new UsageError('github takes "push <dir>" (see audit-workbench github --help)');
  const dir = positionals[1]!;
  const pending = (await loadWorkbook(fs, dir)).github?.pending;
  const repo = str(values['repo']) ?? pending?.repo;
  if (!repo) throw new UsageError('github push needs --repo owner/name');
  if (!REPO_PATTERN.test(repo)) throw new UsageError(`--repo expects owner/name, got "${repo}"`);
  const apiUrl = str(values['api-url']);
  if (apiUrl !== undefined && !/^https?:\/\/[^/\s]+/.test(apiUrl))
    throw new UsageError(`--api-url expects an http(s) URL, got "${apiUrl}"`);
  const pace = str(values['pace-ms']);
  if (pace !== undefined && !/^\d+$/.test(pace)) throw new UsageError(`--pace-ms expects a whole number of milliseconds, got "${pace}"`);
  const tokenEnv = str(values['token-env']) ?? DEFAULT_TOKEN_ENV;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(tokenEnv))
    throw new UsageError(`--token-env expects an environment variable name, got "${tokenEnv}"`);
  const dryRun = values['dry-run'] === true;

  if (pending) io.out(`Note: ${describePendingPush(pending)}${dryRun ? '.' : '; pushing now.'}`);
  const { token, source } = await resolveGitHubToken({ env: process.env, envName: tokenEnv });
  const result = await pushToGitHub({
    dir,
    repo,
    dryRun,
    reopen: values['reopen'] === true,
    token,
    tokenSource: source,
    ...(apiUrl ? { apiUrl } : {}),
    ...(pace !== undefined
      ? { pacing: { writeMs: Number(pace), createMs: Number(pace) * (DEFAULT_PACING.createMs / DEFAULT_PACING.writeMs) } }
      : {}),
    clock: io.clock,
    ...(io.signal ? { signal: io.signal } : {}),
    onProgress: io.out,
  });
  printPush(result, dir, io);
}

function printPush(result: GitHubPushResult, dir: string, io: Io): void {
  if (result.status === 'queued') {
    throw new Error(
      `${result.pending!.reason}: the push is queued in ${dir}/workbook.json; run "audit-workbench github push ${dir} --repo ${result.repo}" when GitHub is reachable`,
    );
  }
  if (result.status === 'dry-run') {
    for (const label of result.labels) io.out(`would create label ${label}`);
    for (const step of result.issues) io.out(`would ${describeStep(step, false)}`);
  }
  io.out(describeResult(result));
}
