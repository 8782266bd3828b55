// The CLI's side of trust: an untrusted workbook runs no external cell unless the user passes
// --trust or says yes on a terminal; otherwise the commands that would run are listed and nothing runs.
import type { Cell } from '../core/workbook/schema';
import { loadWorkbook } from '../core/workbook/store';
import { appHome, trust } from '../node/app-home';
import { nodeFileSystem as fs } from '../node/node-file-system';
import { checkTrust } from '../node/trust-gate';
import type { Io } from './args';

export async function requireTrust(dir: string, cells: readonly Cell[], given: boolean, io: Io): Promise<void> {
  const wb = await loadWorkbook(fs, dir);
  const check = await checkTrust(dir, wb, cells);
  if (check.damaged) io.err(`note: ${check.damaged}`);
  if (check.trusted) return;
  const trustIt = async () => {
    await trust(appHome(process.env), dir);
    io.err(`note: ${dir} is now trusted on this machine`);
  };
  if (given) return trustIt();
  io.out(`${dir} was not created or trusted on this machine. Its cells would run:`);
  for (const { cell, command } of check.wouldRun) io.out(`  ${cell}: ${command.replace(/\n/g, '\n    ')}`);
  if (io.ask && /^y(es)?$/i.test((await io.ask('Trust this workbook and run them? [y/N] ')).trim())) return trustIt();
  throw new Error(
    `${dir} is not trusted on this machine: review the ${check.wouldRun.length} command(s) above, then run again with --trust (or audit-workbench trust ${dir})`,
  );
}
