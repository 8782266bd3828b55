// A workbook on disk: a folder holding workbook.json, evidence/ (content-addressed blobs) and
// versions/ (frozen snapshots). Everything goes through the FileSystem port.
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { sha256Hex } from '../hash';
import { isCaptureHash, type CaptureHash } from '../ids';
import { joinPath, type FileSystem } from '../ports';
import { FormatError, parseWorkbook, stringifyWorkbook, validateWorkbook } from './file-format';
import { redactDefinitions } from '../evidence/redaction/definitions';
import type { Redaction } from '../evidence/redaction';
import type { Workbook } from './schema';

export const WORKBOOK_FILE = 'workbook.json';
export const EVIDENCE_DIR = 'evidence';
export const VERSIONS_DIR = 'versions';
const COMPRESSED = '.gz';
/** Blobs from this size on are stored compressed (a page of runs is ~0.6 MB; git keeps big captures small). */
export const COMPRESS_FROM_BYTES = 1 << 20;

export const workbookFile = (dir: string) => joinPath(dir, WORKBOOK_FILE);
export const blobPath = (dir: string, hash: CaptureHash) => joinPath(dir, EVIDENCE_DIR, hash);
/** Where a big blob is kept, gzip-compressed; its name is still the sha256 of what it holds. */
export const compressedBlobPath = (dir: string, hash: CaptureHash) => `${blobPath(dir, hash)}${COMPRESSED}`;
export const versionFile = (dir: string, n: number) => joinPath(dir, VERSIONS_DIR, `v${n}.json`);

/** Loads and validates workbook.json. Throws FormatError naming the file and field on bad input. */
export async function loadWorkbook(fs: FileSystem, dir: string): Promise<Workbook> {
  const file = workbookFile(dir);
  if (!(await fs.exists(file))) {
    throw new FormatError(file, [{ path: '', message: 'not found: this folder is not a workbook' }]);
  }
  return parseWorkbook(await fs.readText(file), file);
}

/**
 * Which state of workbook.json an editor's changes were made on: the hash of its canonical bytes.
 * The app sends it with every save, so that a save over a state it never saw is refused.
 */
export function workbookRevision(wb: Workbook): string {
  return sha256Hex(stringifyWorkbook(wb));
}

/** workbook.json changed (another window, a command, an editor) since the state the edits were made on. */
export class WorkbookChangedError extends Error {}

/**
 * Saves an editor's workbook only if workbook.json still holds the state its edits were made on
 * (`base`, a workbookRevision); otherwise nothing is written and WorkbookChangedError says why.
 */
export async function saveEdits(
  fs: FileSystem,
  dir: string,
  wb: unknown,
  base: string,
): Promise<{ workbook: Workbook; redactions: Redaction[] }> {
  const file = workbookFile(dir);
  const edited = validateWorkbook(wb, file);
  if (workbookRevision(await loadWorkbook(fs, dir)) !== base) {
    throw new WorkbookChangedError(
      `${file} changed since this window last loaded or saved it (another window, a command or an editor); nothing was written`,
    );
  }
  return saveWorkbook(fs, dir, edited);
}

/**
 * Validates, then replaces workbook.json atomically. An invalid workbook is never written, so the
 * file on disk always stays loadable. Secrets typed into cells or parameters are replaced first;
 * the result says where, and holds the workbook as written.
 */
export async function saveWorkbook(fs: FileSystem, dir: string, wb: Workbook): Promise<{ workbook: Workbook; redactions: Redaction[] }> {
  const file = workbookFile(dir);
  const { workbook, redactions } = redactDefinitions(validateWorkbook(JSON.parse(JSON.stringify(wb)), file));
  await fs.mkdirp(dir);
  await fs.writeAtomic(file, stringifyWorkbook(workbook));
  return { workbook, redactions };
}

/** Stores a blob under its sha256 (idempotent), compressed when big, and returns the hash. */
export async function putBlob(fs: FileSystem, dir: string, bytes: Uint8Array | string): Promise<CaptureHash> {
  const hash = sha256Hex(bytes);
  await storeBlob(fs, dir, hash, bytes);
  return hash;
}

/**
 * Writes the blob `hash` names unless a file already holds it; returns the path written, or null.
 * The caller vouches that `bytes` hash to `hash` (computed while they streamed in). Bytes given in
 * pieces (one after the other) are compressed as they are, never joined but when stored raw.
 */
export async function storeBlob(
  fs: FileSystem,
  dir: string,
  hash: CaptureHash,
  bytes: Uint8Array | string | readonly Uint8Array[],
): Promise<string | null> {
  if ((await blobFiles(fs, dir, hash)).length > 0) return null;
  const data = typeof bytes === 'string' ? utf8ToBytes(bytes) : bytes;
  const size = data instanceof Uint8Array ? data.length : data.reduce((n, piece) => n + piece.length, 0);
  const compress = size >= COMPRESS_FROM_BYTES && fs.gzip !== undefined;
  if (compress) return writeBlobFile(fs, dir, hash, await fs.gzip!(data), true);
  return writeBlobFile(fs, dir, hash, data instanceof Uint8Array ? data : concatBytes(data, size), false);
}

function concatBytes(pieces: readonly Uint8Array[], size: number): Uint8Array {
  const joined = new Uint8Array(size);
  let at = 0;
  for (const piece of pieces) {
    joined.set(piece, at);
    at += piece.length;
  }
  return joined;
}

/** storeBlob of bytes the caller already compressed (or not) as they streamed in: a part of a paged capture. */
export async function storeBlobAsIs(
  fs: FileSystem,
  dir: string,
  hash: CaptureHash,
  bytes: Uint8Array,
  compressed: boolean,
): Promise<string | null> {
  if ((await blobFiles(fs, dir, hash)).length > 0) return null;
  return writeBlobFile(fs, dir, hash, bytes, compressed);
}

async function writeBlobFile(fs: FileSystem, dir: string, hash: CaptureHash, bytes: Uint8Array, compressed: boolean): Promise<string> {
  await fs.mkdirp(joinPath(dir, EVIDENCE_DIR));
  const path = compressed ? compressedBlobPath(dir, hash) : blobPath(dir, hash);
  await fs.writeAtomic(path, bytes);
  return path;
}

/** One file holding a blob: as it is, or compressed. */
export interface BlobFile {
  path: string;
  compressed: boolean;
}

/** The files that hold a blob (none when it is missing; both forms after a merge of two clones). */
export async function blobFiles(fs: FileSystem, dir: string, hash: CaptureHash): Promise<BlobFile[]> {
  const forms = [
    { path: blobPath(dir, hash), compressed: false },
    { path: compressedBlobPath(dir, hash), compressed: true },
  ];
  const found: BlobFile[] = [];
  for (const form of forms) if (await fs.exists(form.path)) found.push(form);
  return found;
}

/** What a blob file holds, inflated when it is compressed. */
export async function blobContent(fs: FileSystem, file: BlobFile): Promise<Uint8Array> {
  const bytes = await fs.readBytes(file.path);
  if (!file.compressed) return bytes;
  if (!fs.gunzip) throw new Error(`${file.path} is compressed and cannot be read here`);
  try {
    return await fs.gunzip(bytes);
  } catch (error) {
    throw new Error(`${file.path}: ${(error as Error).message}`);
  }
}

/** The same bytes compressed when the blob file is (a purge's replacement or tombstone written in its place). */
export async function asStored(fs: FileSystem, file: BlobFile, data: Uint8Array | string): Promise<Uint8Array | string> {
  if (!file.compressed) return data;
  if (!fs.gzip) throw new Error(`${file.path} is compressed and cannot be written here`);
  return fs.gzip(typeof data === 'string' ? utf8ToBytes(data) : data);
}

/**
 * A folder of the workbook (evidence/, versions/, exports/) is never taken through a link: a
 * workbook from elsewhere could point it at any file of this machine.
 */
export async function checkOwnFolder(fs: FileSystem, dir: string, name: string): Promise<void> {
  const kind = await fs.kind?.(joinPath(dir, name));
  if (kind === 'link' || kind === 'file' || kind === 'other') {
    throw new Error(
      `${joinPath(dir, name)} is ${kind === 'link' ? 'a symbolic link' : 'not a folder'}; refused (a workbook's folders are used only as folders inside it)`,
    );
  }
}

/** A blob, read as a regular file inside evidence/ (inflated if compressed) and checked against its hash. */
export async function readBlob(fs: FileSystem, dir: string, hash: CaptureHash): Promise<Uint8Array> {
  if (!isCaptureHash(hash)) throw new Error(`"${String(hash).slice(0, 80)}" is not an evidence hash`);
  await checkOwnFolder(fs, dir, EVIDENCE_DIR);
  const [file] = await blobFiles(fs, dir, hash);
  // Reading the missing name gives the file system's own "not found" error, naming the path.
  const bytes = await blobContent(fs, file ?? { path: blobPath(dir, hash), compressed: false });
  if (sha256Hex(bytes) !== hash) throw new Error(`evidence/${hash} does not hold what its name says (changed, swapped or purged); refused`);
  return bytes;
}

/** The hash a name under evidence/ stands for: `<sha256>` or `<sha256>.gz`; null for anything else. */
export function blobNameHash(name: string): CaptureHash | null {
  const hash = name.endsWith(COMPRESSED) ? name.slice(0, -COMPRESSED.length) : name;
  return isCaptureHash(hash) ? hash : null;
}

/** Names under evidence/ that look like blobs, each hash once (temp files of interrupted writes are skipped). */
export async function listBlobs(fs: FileSystem, dir: string): Promise<{ hashes: CaptureHash[]; strays: string[] }> {
  const hashes = new Set<CaptureHash>();
  const strays: string[] = [];
  for (const name of await fs.list(joinPath(dir, EVIDENCE_DIR))) {
    const hash = blobNameHash(name);
    if (hash) hashes.add(hash);
    else if (!name.includes('.tmp-')) strays.push(name);
  }
  return { hashes: [...hashes], strays };
}
