// `audit-workbench trust`: trust a workbook from elsewhere on this machine, after reviewing its commands.
import { appHome } from '../../node/app-home';
import { trustWorkbook } from '../../node/app/trust';
import { type Io, type Values, oneDir } from '../args';

export async function run(positionals: string[], _values: Values, io: Io): Promise<void> {
  const dir = oneDir(positionals, 'trust');
  const check = await trustWorkbook(appHome(process.env), dir);
  if (check.damaged) io.err(`note: ${check.damaged}`);
  for (const { cell, command } of check.wouldRun) io.out(`  ${cell}: ${command.replace(/\n/g, '\n    ')}`);
  io.out(`${dir} is trusted on this machine (${check.wouldRun.length} external cell(s)).`);
}
