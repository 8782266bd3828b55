// `audit-workbench merge <ours> <base> <theirs>`: each a workbook folder or a workbook.json file
// (git hands a merge driver three files). The result replaces ours; evidence blobs and frozen
// versions only theirs has are copied into ours' folder, since they are content-addressed.
import { readFile, stat } from 'node:fs/promises';
import { sha256Hex } from '../core/hash';
import { blobContent, blobNameHash } from '../core/workbook/store';
import { basename, dirname, join } from 'node:path';
import { mergeWorkbooks, type Conflict } from '../core/merge';
import { parseWorkbook, stringifyWorkbook, validateWorkbook } from '../core/workbook/file-format';
import { nodeFileSystem as fs } from './node-file-system';

async function workbookFileOf(path: string): Promise<string> {
  return (await stat(path)).isDirectory() ? join(path, 'workbook.json') : path;
}

/**
 * Copies what only `from` has into `to`, each file written atomically (temp, fsync, rename) so a
 * merge killed mid-copy leaves no torn file. A blob is content-addressed: one already there is kept
 * only if its content matches its name, and one copied must match its name too.
 */
async function copyMissing(from: string, to: string, contentAddressed: boolean, skipped: string[]): Promise<number> {
  if ((await fs.kind!(from)) !== 'dir') return 0;
  await fs.mkdirp(to);
  let copied = 0;
  const holdsItsName = async (path: string, name: string) =>
    (await fs.kind!(path)) === 'file' &&
    (!contentAddressed ||
      sha256Hex(await blobContent(fs, { path, compressed: name.endsWith('.gz') }).catch(() => new Uint8Array())) === blobNameHash(name));
  for (const name of await fs.list(from)) {
    if (name.startsWith('.') || name.includes('.tmp-')) continue;
    if (contentAddressed && !blobNameHash(name)) continue;
    const target = join(to, name);
    if ((await fs.kind!(target)) !== 'missing' && (await holdsItsName(target, name))) continue;
    if (!(await holdsItsName(join(from, name), name))) {
      skipped.push(`${join(from, name)} does not hold what its name says`);
      continue;
    }
    await fs.writeAtomic(target, await fs.readBytes(join(from, name)));
    copied++;
  }
  return copied;
}

export async function mergeWorkbookFiles(
  ours: string,
  base: string,
  theirs: string,
): Promise<{ conflicts: Conflict[]; copied: number; skipped: string[]; file: string }> {
  const files = await Promise.all([ours, base, theirs].map(workbookFileOf));
  const [o, b, t] = await Promise.all(files.map(async (f) => parseWorkbook(await readFile(f, 'utf8'), f)));
  const { merged, conflicts } = mergeWorkbooks(b!, o!, t!);
  const file = files[0]!;
  const checked = validateWorkbook(JSON.parse(JSON.stringify(merged)), `${file} (merged)`);
  let copied = 0;
  const skipped: string[] = [];
  if (basename(file) === 'workbook.json' && basename(files[2]!) === 'workbook.json' && (await stat(theirs)).isDirectory()) {
    copied += await copyMissing(join(dirname(files[2]!), 'evidence'), join(dirname(file), 'evidence'), true, skipped);
    copied += await copyMissing(join(dirname(files[2]!), 'versions'), join(dirname(file), 'versions'), false, skipped);
  }
  await fs.writeAtomic(file, stringifyWorkbook(checked));
  return { conflicts, copied, skipped, file };
}
