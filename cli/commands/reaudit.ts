// `audit-workbench reaudit`: the scheduled re-audit — verify, the delta document, one issue on drift.
// A command of its own rather than options on verify: verify's contract (writes nothing, exit 1 on
// drift or failure) is kept for the scripts that use it, while the re-audit writes a file, talks to
// GitHub and tells "could not run" (3) apart from "drifted" (1).
import { REPOSITORY_PATTERN } from '../../core/ids';
import { appHome } from '../../node/app-home';
import { reportReaudit, runReaudit } from '../../node/app/reaudit';
import type { ReauditIssueResult } from '../../node/github/reaudit-issue';
import { gitHubApiUrl, resolveGitHubToken } from '../../node/github/token';
import { describeOutcome } from '../../node/evidence/engine';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { ExitError, type Io, UsageError, type Values, oneDir, str } from '../args';
import { printJson } from '../json-output';
import { cellProgress } from '../progress';
import { withTrust } from '../trust-prompt';

/** Exit statuses a scheduler acts on (also in the help and the README). */
export const REAUDIT_EXIT = { reproduced: 0, finding: 1, usage: 2, couldNotRun: 3 } as const;

export async function run(positionals: string[], values: Values, io: Io): Promise<void> {
  const dir = oneDir(positionals, 'reaudit');
  const repo = str(values['repo']);
  if (repo !== undefined && !REPOSITORY_PATTERN.test(repo)) throw new UsageError(`--repo expects owner/name, got "${repo}"`);
  const apiUrl = str(values['api-url']);
  if (apiUrl !== undefined && !/^https?:\/\/[^/\s]+/.test(apiUrl))
    throw new UsageError(`--api-url expects an http(s) URL, got "${apiUrl}"`);
  const tokenEnv = str(values['token-env']);
  if (tokenEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(tokenEnv))
    throw new UsageError(`--token-env expects an environment variable name, got "${tokenEnv}"`);
  const out = str(values['out']);
  const json = values['json'] === true;
  const say = json ? io.err : io.out; // with --json, stdout holds the JSON alone
  const progress = cellProgress(io);
  const commandLine = ['audit-workbench reaudit', dir, ...(repo ? ['--repo', repo] : []), ...(out ? ['--out', out] : [])].join(' ');

  const couldNotRun = (error: unknown): never => {
    if (io.signal?.aborted) throw error; // 130, as every command
    throw new ExitError(`could not run: ${(error as Error).message}`, REAUDIT_EXIT.couldNotRun);
  };
  if (repo) {
    // Before anything runs: a schedule without its token should fail in a second, not after the cells.
    const { token, source } = await resolveGitHubToken({
      env: process.env,
      apiUrl: gitHubApiUrl(process.env, apiUrl),
      ...(tokenEnv ? { envName: tokenEnv } : {}),
    });
    if (!token) couldNotRun(new Error(`no GitHub token for --repo ${repo}: set ${source} (a token with read and write access to issues)`));
  }
  const reaudit = await withTrust(dir, values['trust'] === true, json ? { ...io, out: io.err } : io, (confirmed) =>
    runReaudit({
      home: appHome(process.env),
      dir,
      confirmed,
      clock: io.clock,
      commandLine,
      ...(io.signal ? { signal: io.signal } : {}),
      onStart: progress.start,
      onOutcome: (o, i, total) => {
        progress.stop();
        say(`[${i + 1}/${total}] ${describeOutcome(o)}`);
      },
    }),
  ).catch(couldNotRun);
  const { result, verdict, document } = reaudit;
  if (out) {
    await fs.writeAtomic(out, document).catch(couldNotRun);
    say(`Wrote ${out}.`);
  }
  const drifted = result.cells.filter((c) => c.status === 'drifted').length;
  const failed = result.cells.filter((c) => c.status === 'failed').length;
  say(
    `${verdict}: ${drifted} drifted, ${failed} failed of ${result.cells.length} cell(s); ${result.regressions.length} closed gap(s) whose check alarms again.`,
  );

  let issue: ReauditIssueResult | undefined;
  let issueError: string | undefined;
  if (repo) {
    try {
      issue = await reportReaudit({
        reaudit,
        repo,
        env: process.env,
        ...(apiUrl ? { apiUrl } : {}),
        ...(tokenEnv ? { tokenEnv } : {}),
        onProgress: say,
      });
      if (issue.action !== 'none') say(`Issue #${issue.number} ${issue.action} in ${repo}${issue.url ? `: ${issue.url}` : ''}.`);
    } catch (error) {
      issueError = (error as Error).message;
    }
  }
  const exitCode = issueError || verdict === 'incomplete' ? REAUDIT_EXIT.couldNotRun : verdict === 'drifted' ? REAUDIT_EXIT.finding : 0;
  if (json)
    printJson(io.out, {
      dir,
      verdict,
      exitCode,
      ...(out ? { out } : {}),
      cells: result.cells,
      regressions: result.regressions,
      ...(issue ? { issue } : {}),
      ...(issueError ? { issueError } : {}),
    });
  if (issueError) throw new ExitError(`the delta document is written, but the issue could not be: ${issueError}`, exitCode);
  if (verdict === 'incomplete') throw new ExitError(`could not run ${failed} cell(s) (nothing drifted): see the delta document`, exitCode);
  if (verdict === 'drifted')
    throw new ExitError(`drift found: ${drifted} cell(s) drifted, ${result.regressions.length} closed gap(s) alarm again`, exitCode);
}
