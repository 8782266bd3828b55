// `audit-workbench github`: push the child issues and the umbrella issue to GitHub.
import { loadWorkbook } from '../../core/workbook/store';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { describeResult, describeStep, type GitHubPushResult } from '../../core/issues/github-plan';
import { describePendingPush } from '../../core/issues/github-state';
import { DEFAULT_PACING } from '../../node/github/pacing';
import { REPOSITORY_PATTERN } from '../../core/ids';
import { pushIssues, repositoryFor } from '../../node/app/github';
import { type Io, UsageError, type Values, str } from '../args';
import { printJson, pushJson } from '../json-output';

export async function run(positionals: string[], values: Values, io: Io): Promise<void> {
  if (positionals[0] !== 'push' || positionals.length !== 2)
    throw new UsageError('github takes "push <dir>" (see audit-workbench github --help)');
  const dir = positionals[1]!;
  const wb = await loadWorkbook(fs, dir);
  const repo = repositoryFor(wb, process.env, str(values['repo']));
  if (!repo) throw new UsageError('github push needs --repo owner/name (or GH_REPO)');
  if (!REPOSITORY_PATTERN.test(repo)) throw new UsageError(`--repo expects owner/name, got "${repo}"`);
  const apiUrl = str(values['api-url']);
  if (apiUrl !== undefined && !/^https?:\/\/[^/\s]+/.test(apiUrl))
    throw new UsageError(`--api-url expects an http(s) URL, got "${apiUrl}"`);
  const pace = str(values['pace-ms']);
  if (pace !== undefined && !/^\d+$/.test(pace)) throw new UsageError(`--pace-ms expects a whole number of milliseconds, got "${pace}"`);
  const tokenEnv = str(values['token-env']);
  if (tokenEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(tokenEnv))
    throw new UsageError(`--token-env expects an environment variable name, got "${tokenEnv}"`);
  const dryRun = values['dry-run'] === true;

  const json = values['json'] === true;
  const say = json ? io.err : io.out; // with --json, stdout holds the JSON alone
  const pending = wb.github?.pending;
  if (pending) say(`Note: ${describePendingPush(pending)}${dryRun ? '.' : '; pushing now.'}`);
  const result = await pushIssues({
    dir,
    repo,
    dryRun,
    reopen: values['reopen'] === true,
    env: process.env,
    clock: io.clock,
    ...(apiUrl ? { apiUrl } : {}),
    ...(tokenEnv ? { tokenEnv } : {}),
    ...(pace !== undefined
      ? { pacing: { writeMs: Number(pace), createMs: Number(pace) * (DEFAULT_PACING.createMs / DEFAULT_PACING.writeMs) } }
      : {}),
    ...(io.signal ? { signal: io.signal } : {}),
    onProgress: say,
  });
  if (json) printJson(io.out, pushJson(result));
  printPush(result, dir, { ...io, out: say });
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
