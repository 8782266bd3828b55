// `audit-workbench issues`: export child-issue drafts (Markdown + issues.json).
import { exportIssues } from '../../core/exports';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { type Io, UsageError, type Values, oneDir, str } from '../args';

export async function run(positionals: string[], values: Values, io: Io): Promise<void> {
  const dir = oneDir(positionals, 'issues');
  const out = str(values['out']);
  if (!out) throw new UsageError('issues needs --out <folder> for the drafts');
  const { files, drafts, context } = await exportIssues(fs, dir, io.clock, out);
  for (const l of context.lapsed) io.err(`note: ${l.gap}: ${l.note}`);
  io.out(`Wrote ${drafts.drafts.length} draft(s) and issues.json to ${out} (${files.length} files).`);
}
