// `audit-workbench validate`: check workbook.json, the version chain and every evidence blob.
import { isoDay } from '../../core/ports';
import { expireWaivers } from '../../core/waivers';
import { loadWorkbook } from '../../core/workbook/store';
import { verifyWorkbook } from '../../core/workbook/versions';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { describePendingPush } from '../../core/issues/github-state';
import { type Io, type Values, oneDir } from '../args';
import { printJson, validateJson } from '../json-output';

export async function run(positionals: string[], values: Values, io: Io): Promise<void> {
  const dir = oneDir(positionals, 'validate');
  const result = await verifyWorkbook(fs, dir);
  const wb = await loadWorkbook(fs, dir);
  const notes = expireWaivers(wb, isoDay(io.clock.now())).lapsed.map((l) => `${l.gap}: ${l.note}`);
  if (wb.github?.pending) notes.push(`${describePendingPush(wb.github.pending)}; run audit-workbench github push when online`);
  for (const note of notes) io.err(`note: ${note}`);
  if (values['json'] === true) printJson(io.out, validateJson(dir, result, notes));
  else if (result.problems.length) for (const p of result.problems) io.err(p);
  if (result.problems.length) throw new Error(`${dir}: ${result.problems.length} problem(s) found`);
  if (values['json'] === true) return;
  io.out(
    `${dir}: valid — workbook.json, ${result.versionsChecked} version(s) chained, ${result.blobsChecked} evidence blob(s) verified` +
      (result.tombstones ? ` (${result.tombstones} purged: tombstones as ${wb.purges!.length} signed purge event(s) record).` : '.'),
  );
}
