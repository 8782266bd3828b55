// shell cells: read-only commands (grep, rg, git log/show/grep, ls, find, cat, wc, sha256sum) run
// as argv without a shell, in the workbook's REPO_DIR.
import { existsSync } from 'node:fs';
import { shellQuote } from '../../core/evidence/command-text';
import type { Cell } from '../../core/workbook/schema';
import { isBinary, runProcess, toolVersion } from '../runners/process';
import { isoNow, resolveDir, resolveForDisplay, resolveForRun, type RunContext, type RunnerResult } from './context';
import { describeStop } from './errors';

type ShellCell = Extract<Cell, { kind: 'shell' }>;

/** grep and rg exit 1 when nothing matches: that is evidence (no hit), not a failure. */
const NO_MATCH_IS_OK = new Set(['grep', 'rg']);

export async function runShell(cell: ShellCell, ctx: RunContext): Promise<RunnerResult> {
  const argv = cell.argv.map((a) => resolveForRun(a, ctx));
  const cwd = resolveDir(resolveForRun(cell.cwd, ctx), ctx);
  if (!existsSync(cwd)) return { ok: false, error: `working folder ${cwd} does not exist (check REPO_DIR)` };
  const startedAt = isoNow(ctx);
  const result = await runProcess(argv, { cwd, env: ctx.env, timeoutMs: ctx.limits.timeoutMs, maxBytes: ctx.limits.maxOutputBytes, ...(ctx.signal ? { signal: ctx.signal } : {}) });
  const program = argv[0]!.split('/').pop()!;
  const stop = describeStop(result, program, ctx.limits);
  if (stop) return { ok: false, error: stop };
  if (isBinary(result.stdout)) return { ok: false, error: `${program} printed binary output; evidence must be text` };
  const ok = result.exitCode === 0 || (result.exitCode === 1 && NO_MATCH_IS_OK.has(program) && result.stderr.trim() === '');
  if (!ok) return { ok: false, error: `${program} exited with status ${result.exitCode}: ${result.stderr.trim().split('\n')[0] ?? ''}`.trim() };
  const display = cell.argv.map((a) => shellQuote(resolveForDisplay(a, ctx))).join(' ');
  const version = await toolVersion(argv[0]!);
  return {
    ok: true,
    output: {
      command: `cd ${shellQuote(resolveForDisplay(cell.cwd, ctx))} && ${display}`,
      output: result.stdout.toString('utf8'),
      startedAt,
      durationMs: Math.round(result.durationMs),
      exitStatus: result.exitCode,
      ...(version ? { toolVersion: version } : {}),
      secrets: [...ctx.secrets.values()],
    },
  };
}
