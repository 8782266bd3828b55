// Purge: a secret that got past redaction is removed from the working copy, from every evidence
// blob that holds it and from the frozen versions. A blob that held it becomes a tombstone (a small
// JSON file naming its original hash, the reason and its replacement); the working copy points at
// the replacement, the same evidence with the secret as [REDACTED]. Frozen versions keep their
// sealed manifest hash and are rewritten; the purge event records, per version, the sealed and the
// new hash, is chained to the previous purge and signed, so that `validate` accepts exactly this
// change and still detects any other.
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { REDACTED } from '../evidence/redaction';
import { tableFromArrow, tableToArrow } from '../evidence/table';
import { sha256Hex } from '../hash';
import type { CaptureHash } from '../ids';
import { joinPath, type Clock, type FileSystem, type Signer } from '../ports';
import { stableJson } from './file-format';
import { purgeEventHash } from './purge-ledger';
import type { PurgeEvent, Workbook } from './schema';
import { asStored, blobContent, blobFiles, listBlobs, loadWorkbook, putBlob, saveWorkbook, versionFile, type BlobFile } from './store';
import { manifestHash, parseSnapshot } from './versions';

export const MIN_PURGE_LENGTH = 6;

/** The forms a secret takes in stored files: as is, and escaped inside a JSON string. */
const storedForms = (secret: string) => [...new Set([secret, JSON.stringify(secret).slice(1, -1)])];

const utf8 = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function includesBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0];
  for (let i = haystack.indexOf(first!); i !== -1 && i <= haystack.length - needle.length; i = haystack.indexOf(first!, i + 1)) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return true;
  }
  return false;
}

/** Every string in `value` with the secret replaced; `remap` renames blob hashes (the working copy). */
function scrub<T>(value: T, secret: string, remap: ReadonlyMap<string, string> = new Map()): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return remap.get(v) ?? (v.includes(secret) ? v.split(secret).join(REDACTED) : v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** The blob without the secret: an Arrow table rebuilt with its strings scrubbed, or text. */
function scrubBlob(bytes: Uint8Array, secret: string): Uint8Array | string {
  try {
    const table = tableFromArrow('purged', bytes);
    return tableToArrow({
      ...table,
      rows: table.rows.map((row) => row.map((cell) => (typeof cell === 'string' ? scrub(cell, secret) : cell))),
    });
  } catch {
    return storedForms(secret).reduce((text, form) => text.split(form).join(REDACTED), utf8(bytes));
  }
}

export interface PurgeInput {
  secret: string;
  reason: string;
  by: string;
}

export interface PurgeResult {
  event: PurgeEvent;
  workbook: Workbook;
}

/**
 * Purges `secret` from the workbook at `dir`. The working copy, with the signed event, is saved
 * first; then replacements, version files and tombstones are written — so an interruption leaves
 * a purge that `validate` reports as incomplete, never one that it accepts.
 */
export async function purgeSecret(fs: FileSystem, dir: string, input: PurgeInput, clock: Clock, signer: Signer): Promise<PurgeResult> {
  const secret = input.secret.replace(/\r?\n$/, '');
  if (secret.trim().length < MIN_PURGE_LENGTH) {
    throw new Error(`the text to purge must have at least ${MIN_PURGE_LENGTH} characters (a shorter one would replace ordinary evidence)`);
  }
  if (!input.reason.trim()) throw new Error('say why the secret is purged (--reason): the report shows it');
  const wb = await loadWorkbook(fs, dir);
  const forms = storedForms(secret).map(utf8ToBytes);

  const blobs: { hash: CaptureHash; files: BlobFile[]; tombstone: string; replacement: Uint8Array | string; replacedBy: CaptureHash }[] =
    [];
  const number = (wb.purges?.length ?? 0) + 1;
  for (const hash of (await listBlobs(fs, dir)).hashes) {
    // Each file holding the blob (compressed, or not, or both) gets the tombstone.
    const files = await blobFiles(fs, dir, hash);
    // A blob that cannot be inflated (truncated, hostile) is searched as it lies: one broken file
    // must not keep a secret in all the others.
    const bytes = await blobContent(fs, files[0]!).catch(() => fs.readBytes(files[0]!.path));
    if (!forms.some((f) => includesBytes(bytes, f))) continue;
    const replacement = scrubBlob(bytes, secret);
    const replacedBy = sha256Hex(replacement);
    const tombstone = stableJson({ purged: hash, purge: number, reason: input.reason.trim(), replacedBy });
    blobs.push({ hash, files, tombstone, replacement, replacedBy });
  }

  const versions: { number: number; sealed: CaptureHash; purged: CaptureHash; text: string }[] = [];
  for (const ref of wb.versions) {
    const file = versionFile(dir, ref.number);
    if (!(await fs.exists(file))) continue;
    const text = await fs.readText(file);
    if (!storedForms(secret).some((f) => text.includes(f))) continue;
    const snapshot = parseSnapshot(text, file);
    const purged = { ...snapshot, message: scrub(snapshot.message, secret), workbook: scrub(snapshot.workbook, secret) };
    versions.push({ number: ref.number, sealed: snapshot.manifestHash, purged: manifestHash(purged), text: stableJson(purged) });
  }

  const files: { path: string; text: string }[] = [];
  for (const name of await fs.list(joinPath(dir, 'exports'))) {
    const path = joinPath(dir, 'exports', name);
    const bytes = await fs.readBytes(path).catch(() => null);
    if (bytes && forms.some((f) => includesBytes(bytes, f))) files.push({ path, text: scrubBlob(bytes, secret) as string });
  }

  const remap = new Map(blobs.map((b) => [b.hash as string, b.replacedBy as string]));
  const inWorkingCopy = JSON.stringify(wb).includes(JSON.stringify(secret).slice(1, -1));
  if (!blobs.length && !versions.length && !files.length && !inWorkingCopy) {
    throw new Error('nothing to purge: the text is in no evidence blob, version, export or the working copy');
  }

  const unsigned = {
    number,
    at: clock
      .now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z'),
    by: input.by,
    reason: input.reason.trim(),
    blobs: blobs.map((b) => ({ hash: b.hash, tombstone: sha256Hex(b.tombstone), replacedBy: b.replacedBy })),
    versions: versions.map(({ number: n, sealed, purged }) => ({ number: n, sealed, purged })),
    files: files.map((f) => f.path.slice(dir.length + 1)),
    previous: wb.purges?.at(-1)?.hash ?? null,
  };
  const hash = purgeEventHash(unsigned);
  const event: PurgeEvent = {
    ...unsigned,
    hash,
    signature: { publicKey: bytesToHex(signer.publicKey), value: bytesToHex(signer.sign(utf8ToBytes(hash))) },
  };

  // The replacements exist before the working copy points at them.
  for (const b of blobs) await putBlob(fs, dir, b.replacement);
  // Earlier purge events are signed as they are: only the rest of the working copy is scrubbed.
  const { workbook } = await saveWorkbook(fs, dir, {
    ...scrub({ ...wb, purges: undefined }, secret, remap),
    purges: [...(wb.purges ?? []), event],
  });
  for (const v of versions) await fs.writeAtomic(versionFile(dir, v.number), v.text);
  for (const f of files) await fs.writeAtomic(f.path, f.text);
  for (const b of blobs) for (const file of b.files) await fs.writeAtomic(file.path, await asStored(fs, file, b.tombstone));
  return { event, workbook };
}
