// `audit-workbench merge <ours> <base> <theirs>`: each a workbook folder or a workbook.json file
// (git hands a merge driver three files). The result replaces ours; evidence blobs and frozen
// versions only theirs has are copied into ours' folder, since they are content-addressed.
import { copyFile, readdir, readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { mergeWorkbooks, type Conflict } from '../core/merge';
import { parseWorkbook, stringifyWorkbook, validateWorkbook } from '../core/workbook/file-format';
import { nodeFileSystem as fs } from './node-file-system';

async function workbookFileOf(path: string): Promise<string> {
  return (await stat(path)).isDirectory() ? join(path, 'workbook.json') : path;
}

async function copyMissing(from: string, to: string): Promise<number> {
  if (!existsSync(from)) return 0;
  await fs.mkdirp(to);
  let copied = 0;
  for (const name of await readdir(from)) {
    if (name.includes('.tmp-') || existsSync(join(to, name))) continue;
    await copyFile(join(from, name), join(to, name));
    copied++;
  }
  return copied;
}

export async function mergeWorkbookFiles(
  ours: string,
  base: string,
  theirs: string,
): Promise<{ conflicts: Conflict[]; copied: number; file: string }> {
  const files = await Promise.all([ours, base, theirs].map(workbookFileOf));
  const [o, b, t] = await Promise.all(files.map(async (f) => parseWorkbook(await readFile(f, 'utf8'), f)));
  const { merged, conflicts } = mergeWorkbooks(b!, o!, t!);
  const file = files[0]!;
  const checked = validateWorkbook(JSON.parse(JSON.stringify(merged)), `${file} (merged)`);
  let copied = 0;
  if (basename(file) === 'workbook.json' && basename(files[2]!) === 'workbook.json' && (await stat(theirs)).isDirectory()) {
    copied += await copyMissing(join(dirname(files[2]!), 'evidence'), join(dirname(file), 'evidence'));
    copied += await copyMissing(join(dirname(files[2]!), 'versions'), join(dirname(file), 'versions'));
  }
  await fs.writeAtomic(file, stringifyWorkbook(checked));
  return { conflicts, copied, file };
}
