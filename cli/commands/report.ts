// `audit-workbench report`: export the Markdown report.
import { exportReport } from '../../core/exports';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { type Io, type Values, oneDir, str } from '../args';

export async function run(positionals: string[], values: Values, io: Io): Promise<void> {
  const dir = oneDir(positionals, 'report');
  const { path, context } = await exportReport(fs, dir, io.clock, str(values['out']));
  for (const l of context.lapsed) io.err(`note: ${l.gap}: ${l.note}`);
  io.out(`Wrote ${path}.`);
}
