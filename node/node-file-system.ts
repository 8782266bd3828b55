// The FileSystem port on Node's fs. writeAtomic follows the classic recipe — write a temp file in
// the same folder, fsync it, rename it over the target, fsync the folder — so that a crash at any
// instant leaves either the previous or the new file, never a torn one.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, lstat, mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { promisify } from 'node:util';
import { createGzip, gunzip, gzip } from 'node:zlib';
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

/** The largest file read whole: beyond it a string cannot hold it (V8's limit is about 512 MB). */
export const MAX_READ_BYTES = 512 * 2 ** 20;

/**
 * Reads a regular file only: a symlink (O_NOFOLLOW), a folder, a device or a FIFO (opened without
 * blocking, so /dev/zero or a pipe never hangs the reader) is refused, naming the path, and so is a
 * file too large to read whole.
 */
async function readRegularFile(path: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP')
      throw new Error(`${path} is a symbolic link; refused (a workbook's files are read only as regular files)`);
    throw error;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile())
      throw new Error(`${path} is ${info.isDirectory() ? 'a folder' : 'a device, socket or pipe'}, not a regular file; refused`);
    if (info.size > MAX_READ_BYTES)
      throw new Error(
        `${path} is ${Math.round(info.size / 2 ** 20)} MB, larger than the ${MAX_READ_BYTES / 2 ** 20} MB read whole; refused`,
      );
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * zlib's fastest level (a page of runs compresses about 10× at a third of the default level's
 * time), written out a megabyte at a time: with zlib's 16 KB default, handing out each piece of
 * output cost a fifth of the compression itself.
 */
export const GZIP_OPTIONS = { level: 1, chunkSize: 2 ** 20 };
const gzipAsync = promisify(gzip);
/**
 * A blob bigger than this (a table of 500,000 runs is 75 MB) is compressed in slices of this size
 * at once on zlib's threads, each slice a gzip member of its own: a gzip file may hold several
 * (RFC 1952, 2.2), and gunzip, Node's or the command's, reads them all as one.
 */
const GZIP_SLICE_BYTES = 8 * 2 ** 20;

async function gzipInSlices(data: Uint8Array | readonly Uint8Array[]): Promise<Uint8Array> {
  // The slices' pieces: views of the data's, cut where a slice is full.
  const slices: Uint8Array[][] = [[]];
  let room = GZIP_SLICE_BYTES;
  for (const piece of data instanceof Uint8Array ? [data] : data) {
    for (let at = 0; at < piece.length;) {
      if (room === 0) {
        slices.push([]);
        room = GZIP_SLICE_BYTES;
      }
      const take = Math.min(room, piece.length - at);
      slices.at(-1)!.push(piece.subarray(at, at + take));
      at += take;
      room -= take;
    }
  }
  const members = await Promise.all(
    slices.map((pieces) => (pieces.length === 1 ? gzipAsync(pieces[0]!, GZIP_OPTIONS) : gzipStream(pieces))),
  );
  return members.length === 1 ? members[0]! : Buffer.concat(members);
}

/** One gzip member of pieces written one after the other. */
function gzipStream(pieces: readonly Uint8Array[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const gzip = createGzip(GZIP_OPTIONS);
    const out: Buffer[] = [];
    gzip.on('data', (chunk: Buffer) => out.push(chunk));
    gzip.on('end', () => resolve(Buffer.concat(out)));
    gzip.on('error', reject);
    for (const piece of pieces) gzip.write(piece);
    gzip.end();
  });
}
const gunzipAsync = promisify(gunzip);

/** FileSystem on the local disk; paths are used as given ('/'-joined, relative to the cwd or absolute). */
export const nodeFileSystem: FileSystem = {
  readText: async (path) => (await readRegularFile(path)).toString('utf8'),
  readBytes: readRegularFile, // a Buffer is a Uint8Array: no copy
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
  gzip: gzipInSlices,
  // A blob inflates at most to what a string or a table of a capture can be: a hostile archive is refused, not inflated.
  gunzip: (data) =>
    gunzipAsync(data, { maxOutputLength: MAX_READ_BYTES }).catch((error: NodeJS.ErrnoException) => {
      throw new Error(
        error.code === 'ERR_BUFFER_TOO_LARGE'
          ? `inflates beyond ${MAX_READ_BYTES / 2 ** 20} MB; refused`
          : `not a readable gzip file (${error.message})`,
      );
    }),
  kind: async (path) => {
    try {
      const info = await lstat(path);
      return info.isSymbolicLink() ? 'link' : info.isFile() ? 'file' : info.isDirectory() ? 'dir' : 'other';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
      throw error;
    }
  },
};
