// `run` and `verify`: the workbook's cells run as it stands, behind the one trust rule — the CLI's
// commands and the app's Run button alike.
import type { Cell, Workbook } from '../../core/workbook/schema';
import { loadWorkbook } from '../../core/workbook/store';
import { RUNNABLE_KINDS, runCells, selectCells, verifyCells, type Selection } from '../evidence/engine';
import type { CellOutcome, RunOptions } from '../evidence/run-options';
import { nodeFileSystem as fs } from '../node-file-system';
import { checkTrust, UntrustedWorkbook } from './trust';

export interface Confirmed {
  /** The user has seen the commands and said yes (a dialog, --trust, an answer on a terminal). */
  confirmed?: boolean;
}

type OnOutcome = (outcome: CellOutcome, index: number, total: number) => void;

/** The one trust rule: cells that reach outside run unconfirmed only in a trusted workbook. */
export async function requireTrust(
  home: string,
  dir: string,
  cells: (wb: Workbook) => Cell[],
  confirmed: boolean | undefined,
): Promise<void> {
  const wb = await loadWorkbook(fs, dir);
  const check = await checkTrust(home, dir, wb, cells(wb));
  if (!check.trusted && !confirmed) throw new UntrustedWorkbook(dir, check);
}

/** Runs the selected cells and saves after each; refuses before running anything when trust is missing. */
export async function runAudit(home: string, dir: string, selection: Selection, options: RunOptions & Confirmed, onOutcome?: OnOutcome) {
  const { confirmed, ...run } = options;
  await requireTrust(home, dir, (wb) => selectCells(wb, selection), confirmed);
  return runCells(dir, selection, run, onOutcome);
}

/** Re-runs every non-mutating cell that can run and compares with its last capture; writes nothing. */
export async function verifyAudit(home: string, dir: string, options: RunOptions & Confirmed, onOutcome?: OnOutcome) {
  const { confirmed, ...run } = options;
  const runnable = (wb: Workbook) => selectCells(wb, {}).filter((c) => (RUNNABLE_KINDS as readonly string[]).includes(c.kind));
  await requireTrust(home, dir, runnable, confirmed);
  return verifyCells(dir, run, onOutcome);
}
