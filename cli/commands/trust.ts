// `audit-workbench trust`: trust a workbook from elsewhere on this machine, after reviewing its commands.
import { appHome, trust } from '../../node/app-home';
import { checkTrust } from '../../node/trust-gate';
import { loadWorkbook } from '../../core/workbook/store';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { type Io, type Values, oneDir } from '../args';

export async function run(positionals: string[], _values: Values, io: Io): Promise<void> {
  const dir = oneDir(positionals, 'trust');
  const wb = await loadWorkbook(fs, dir);
  const check = await checkTrust(
    dir,
    wb,
    wb.pillars.flatMap((p) => p.cells),
  );
  if (check.damaged) io.err(`note: ${check.damaged}`);
  for (const { cell, command } of check.wouldRun) io.out(`  ${cell}: ${command.replace(/\n/g, '\n    ')}`);
  await trust(appHome(process.env), dir);
  io.out(`${dir} is trusted on this machine (${check.wouldRun.length} external cell(s)).`);
}
