// shell cells: read-only commands (grep, rg, git log/show/grep, ls, find, cat, wc, sha256sum) run
// as argv without a shell, in the workbook's REPO_DIR. The cell's `paths` that do not exist are
// left out and noted on the capture: a codebase without `dags/` is evidence, not a failure.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { shellArgv } from '../../core/evidence/command-text';
import { shellHazard } from '../../core/evidence/policy';
import type { Cell } from '../../core/workbook/schema';
import { expandForRun, recordedCommand, resolveDir, resolveForDisplay, resolveForRun, type RunContext, type RunnerResult } from './context';
import { runProgram } from './program';

type ShellCell = Extract<Cell, { kind: 'shell' }>;

/** grep and rg exit 1 when nothing matches: that is evidence (no hit), not a failure. */
const NO_MATCH_IS_OK = new Set(['grep', 'rg']);

/** Whether a path is a file in the folder a search ran in: a grep line such as `a:1:b.py:12:x` is settled by it. */
export const filesIn = (folder: string) => (path: string) => statSync(resolve(folder, path), { throwIfNoEntry: false })?.isFile() ?? false;

/** The folder output of a shell command was produced in, when it is on this machine: the cell's, else REPO_DIR. */
export function searchedFolder(cell: Cell, ctx: RunContext): string | null {
  try {
    const folder = resolveDir(resolveForRun(cell.kind === 'shell' ? cell.cwd : '${REPO_DIR}', ctx), ctx);
    return existsSync(folder) ? folder : null;
  } catch {
    return null; // REPO_DIR is not a parameter of this workbook
  }
}

export async function runShell(cell: ShellCell, ctx: RunContext): Promise<RunnerResult> {
  const cwd = resolveDir(resolveForRun(cell.cwd, ctx), ctx);
  if (!existsSync(cwd)) return { ok: false, error: `working folder ${cwd} does not exist (check REPO_DIR)` };
  const wanted = expandForRun(cell.paths ?? [], ctx);
  const present = wanted.filter((p) => existsSync(resolve(cwd, p)));
  const absent = wanted.filter((p) => !present.includes(p));
  if (cell.paths && present.length === 0) {
    const list = wanted.length ? `none of ${wanted.join(', ')} exists in ${resolveForDisplay(cell.cwd, ctx)}` : 'no path to search is set';
    return { ok: false, error: `${list}; set the paths parameter to the folders of this codebase` };
  }
  const argv = shellArgv(cell, (a) => expandForRun(a, ctx), present);
  // Judged again as resolved: a parameter's value must not add an option that runs something.
  const hazard = shellHazard(argv);
  if (hazard) return { ok: false, error: `refused: ${hazard}; the workbench never runs it` };
  const program = argv[0]!;
  const result = await runProgram(argv, ctx, {
    cwd,
    command: recordedCommand(cell, ctx, { paths: present }),
    acceptsExit: (code, stderr) => code === 1 && NO_MATCH_IS_OK.has(program) && stderr.trim() === '',
  });
  if (!result.ok) return result;
  const isFile = filesIn(cwd);
  const notes = absent.length ? [`not present, left out: ${absent.join(', ')}`] : [];
  return { ...result, output: { ...result.output, isFile, ...(notes.length ? { notes } : {}) } };
}
