// The FileSystem port on Node's fs. writeAtomic follows the classic recipe — write a temp file in
// the same folder, fsync it, rename it over the target, fsync the folder — so that a crash at any
// instant leaves either the previous or the new file, never a torn one.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import type { FileSystem } from '../core/ports';

async function fsyncDir(dir: string): Promise<void> {
  // Directories cannot be opened for fsync on Windows; there the rename is already durable enough.
  if (process.platform === 'win32') return;
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** `mode` applies from the temp file's creation on, so a private file (0o600) is never readable by others. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await fsyncDir(dir);
  await removeStaleTemps(dir, basename(path));
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Temp files of writes that were killed before their rename (the crash the recipe is for) stay
 * behind; remove those whose writing process is gone, so a workbook folder in git stays clean.
 */
async function removeStaleTemps(dir: string, base: string): Promise<void> {
  const prefix = `.${base}.tmp-`;
  for (const name of await readdir(dir)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) await unlink(join(dir, name)).catch(() => undefined);
  }
}

/** FileSystem on the local disk; paths are used as given ('/'-joined, relative to the cwd or absolute). */
export const nodeFileSystem: FileSystem = {
  readText: (path) => readFile(path, 'utf8'),
  readBytes: async (path) => new Uint8Array(await readFile(path)),
  writeAtomic: writeFileAtomic,
  exists: async (path) => {
    try {
      await access(path);
      return true;
    } catch {
      return false;
    }
  },
  list: async (dir) => {
    try {
      return (await readdir(dir)).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  },
  mkdirp: async (dir) => {
    await mkdir(dir, { recursive: true });
  },
};
