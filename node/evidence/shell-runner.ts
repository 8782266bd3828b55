// shell cells: read-only commands (grep, rg, git log/show/grep, ls, find, cat, wc, sha256sum) run
// as argv without a shell, in the workbook's REPO_DIR.
import { existsSync } from 'node:fs';
import { shellQuote } from '../../core/evidence/command-text';
import type { Cell } from '../../core/workbook/schema';
import { resolveDir, resolveForDisplay, resolveForRun, type RunContext, type RunnerResult } from './context';
import { runProgram } from './program';

type ShellCell = Extract<Cell, { kind: 'shell' }>;

/** grep and rg exit 1 when nothing matches: that is evidence (no hit), not a failure. */
const NO_MATCH_IS_OK = new Set(['grep', 'rg']);

export async function runShell(cell: ShellCell, ctx: RunContext): Promise<RunnerResult> {
  const argv = cell.argv.map((a) => resolveForRun(a, ctx));
  const cwd = resolveDir(resolveForRun(cell.cwd, ctx), ctx);
  if (!existsSync(cwd)) return { ok: false, error: `working folder ${cwd} does not exist (check REPO_DIR)` };
  const program = argv[0]!.split('/').pop()!;
  const display = cell.argv.map((a) => shellQuote(resolveForDisplay(a, ctx))).join(' ');
  return runProgram(argv, ctx, {
    cwd,
    command: `cd ${shellQuote(resolveForDisplay(cell.cwd, ctx))} && ${display}`,
    acceptsExit: (code, stderr) => code === 1 && NO_MATCH_IS_OK.has(program) && stderr.trim() === '',
  });
}
