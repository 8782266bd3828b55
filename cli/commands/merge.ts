// `audit-workbench merge`: three-way merge of two edited copies of a workbook.
import { mergeWorkbookFiles } from '../../node/merge';
import { type Io, UsageError, type Values } from '../args';

export async function run(positionals: string[], _values: Values, io: Io): Promise<void> {
  if (positionals.length !== 3) throw new UsageError('merge takes three workbooks: <ours> <base> <theirs>');
  const [ours, base, theirs] = positionals as [string, string, string];
  const { conflicts, copied, skipped, file } = await mergeWorkbookFiles(ours, base, theirs);
  for (const s of skipped) io.err(`note: not copied: ${s}`);
  const show = (v: unknown) => (v === undefined ? 'deleted' : JSON.stringify(v).slice(0, 80));
  for (const c of conflicts)
    io.err(`conflict: ${c.path}: base ${show(c.base)}, ours ${show(c.ours)}, theirs ${show(c.theirs)} (kept ours)`);
  io.out(`Merged into ${file}${copied ? `; ${copied} evidence or version file(s) copied` : ''}.`);
  if (conflicts.length) throw new Error(`${conflicts.length} conflict(s) to resolve by hand`);
}
