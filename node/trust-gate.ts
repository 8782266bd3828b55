// Trust, as every entry point asks it: a workbook not created or trusted on this machine runs no
// cell that reaches outside (REST, SQL, S3, kubectl, shell) until the user has seen what would run
// and said yes — in the app by a dialog, in the CLI by --trust or an answer on a terminal.
import { commandText } from '../core/evidence/command-text';
import { reachesOutside } from '../core/evidence/policy';
import type { Cell, Workbook } from '../core/workbook/schema';
import { appHome, trustState } from './app-home';

export interface TrustCheck {
  trusted: boolean;
  /** The trust list could not be read: it trusts nothing, and says why. */
  damaged?: string;
  /** The external cells that would run, with the exact command each runs. */
  wouldRun: { cell: string; command: string }[];
}

export async function checkTrust(
  dir: string,
  wb: Workbook,
  cells: readonly Cell[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<TrustCheck> {
  const wouldRun = cells
    .filter((c) => reachesOutside(c.kind))
    .map((c) => ({ cell: c.id, command: commandText(c, wb.parameters)?.text ?? '' }));
  if (!wouldRun.length) return { trusted: true, wouldRun };
  return { ...(await trustState(appHome(env), dir)), wouldRun };
}
