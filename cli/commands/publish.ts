// `audit-workbench publish`: freeze the working copy as the next version.
import { publishVersion } from '../../core/workbook/versions';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { type Io, UsageError, type Values, oneDir, str, strs } from '../args';

export async function run(positionals: string[], values: Values, io: Io): Promise<void> {
  const dir = oneDir(positionals, 'publish');
  const message = str(values['message'])?.trim();
  if (!message) throw new UsageError('publish needs --message <text> for the changelog');
  const { snapshot } = await publishVersion(fs, dir, { message, items: strs(values['item']) }, io.clock);
  io.out(`Published v${snapshot.version} of ${dir} — manifest ${snapshot.manifestHash}.`);
}
