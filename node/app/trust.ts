// Trust, as every entry point asks it: a workbook not created or trusted on this machine runs no
// cell that reaches outside (REST, SQL, S3, kubectl, shell) until the user has seen what would run
// and said yes — in the app by a dialog, in the CLI by --trust or an answer on a terminal.
import { commandText } from '../../core/evidence/command-text';
import { reachesOutside } from '../../core/evidence/policy';
import type { Cell, Workbook } from '../../core/workbook/schema';
import { loadWorkbook } from '../../core/workbook/store';
import { trust, trustState } from '../app-home';
import { nodeFileSystem as fs } from '../node-file-system';

export interface TrustCheck {
  trusted: boolean;
  /** The trust list could not be read: it trusts nothing, and says why. */
  damaged?: string;
  /** The external cells that would run, with the exact command each runs. */
  wouldRun: { cell: string; command: string }[];
}

/** Whether `cells` may run unconfirmed: none reaches outside, or the folder is trusted in `home`. */
export async function checkTrust(home: string, dir: string, wb: Workbook, cells: readonly Cell[]): Promise<TrustCheck> {
  const wouldRun = cells
    .filter((c) => reachesOutside(c.kind))
    .map((c) => ({ cell: c.id, command: commandText(c, wb.parameters)?.text ?? '' }));
  if (!wouldRun.length) return { trusted: true, wouldRun };
  return { ...(await trustState(home, dir)), wouldRun };
}

/** Trusts a workbook folder on this machine: only a real workbook can be trusted. */
export async function trustWorkbook(home: string, dir: string): Promise<TrustCheck> {
  const wb = await loadWorkbook(fs, dir);
  const check = await checkTrust(
    home,
    dir,
    wb,
    wb.pillars.flatMap((p) => p.cells),
  );
  await trust(home, dir);
  return check;
}

/** Refused: the cells would reach outside from a workbook this machine does not trust. */
export class UntrustedWorkbook extends Error {
  override name = 'UntrustedWorkbook';
  constructor(
    readonly dir: string,
    readonly check: TrustCheck,
  ) {
    const cells = check.wouldRun.map((c) => c.cell).join(', ');
    super(`${dir} is not trusted on this machine: review what ${cells} would run and confirm, or trust the workbook`);
  }
}
