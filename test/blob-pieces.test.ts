// A table is stored from the pieces its Arrow writer made (views of its columns), never joined:
// compressed in 8 MB gzip members cut across the pieces, or, when small, written raw. Either way
// the file holds exactly the bytes the pieces stand for, under the hash of those bytes.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureHash } from '../core/ids';
import { readBlob, storeBlob } from '../core/workbook/store';
import { nodeFileSystem } from '../node/node-file-system';
import { tempDir } from './helpers/workbooks';

let wb: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => (wb = await tempDir('aw-pieces-')));
afterAll(async () => wb?.cleanup());

/** Bytes that compress some but not all the way (text with a counter in it). */
function bytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = 0x61 + ((x >>> 16) % 8);
  }
  return out;
}

const hashOf = (pieces: Uint8Array[]) => {
  const sha = createHash('sha256');
  for (const piece of pieces) sha.update(piece);
  return captureHash(sha.digest('hex'));
};

describe('a blob stored from pieces', () => {
  it('is compressed across the pieces and reads back as their bytes, one after the other', async () => {
    // Pieces that end before, on and after the 8 MB cuts, an empty one among them.
    const pieces = [bytes(3 << 20, 1), bytes(10 << 20, 2), new Uint8Array(0), bytes(1, 3), bytes((3 << 20) - 1, 4), bytes(5 << 20, 5)];
    const hash = hashOf(pieces);
    const path = await storeBlob(nodeFileSystem, wb.dir, hash, pieces);
    expect(path).toMatch(/\.gz$/);
    const joined = Buffer.concat(pieces);
    const stored = await readFile(path!);
    expect(stored.length).toBeLessThan(joined.length);
    expect(Buffer.compare(gunzipSync(stored), joined)).toBe(0);
    expect(Buffer.compare(Buffer.from(await readBlob(nodeFileSystem, wb.dir, hash)), joined)).toBe(0);
    // Stored once: the same pieces again write nothing.
    expect(await storeBlob(nodeFileSystem, wb.dir, hash, pieces)).toBeNull();
  });

  it('is written raw, joined, when it is small', async () => {
    const pieces = [bytes(1000, 6), bytes(10, 7), bytes(5000, 8)];
    const hash = hashOf(pieces);
    const path = await storeBlob(nodeFileSystem, wb.dir, hash, pieces);
    expect(path).not.toMatch(/\.gz$/);
    expect(Buffer.compare(await readFile(path!), Buffer.concat(pieces))).toBe(0);
    expect((await readdir(join(wb.dir, 'evidence'))).filter((n) => n.startsWith(hash))).toEqual([hash]);
  });
});
