// The record of purges, read without touching anything: the hash each event is signed over, the
// check of the chain and its signatures, and what the events say about blobs and versions.
// `validate` reads it; `purge.ts` writes the events.
import { ed25519 } from '@noble/curves/ed25519.js';
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson, sha256Hex } from '../hash';
import type { CaptureHash } from '../ids';
import type { PurgeEvent } from './schema';

/** The hash a purge event is signed over: everything in it but the hash and the signature. */
export function purgeEventHash(event: Omit<PurgeEvent, 'hash' | 'signature'> & Partial<PurgeEvent>): CaptureHash {
  const { hash: _hash, signature: _signature, ...content } = event;
  return sha256Hex(canonicalJson(content));
}

/** Problems with the chain of purge events: hashes, links and signatures. */
export function checkPurgeEvents(events: readonly PurgeEvent[]): string[] {
  const problems: string[] = [];
  let previous: CaptureHash | null = null;
  events.forEach((event, i) => {
    const at = `workbook.json: purge ${event.number}`;
    if (event.number !== i + 1) problems.push(`${at}: numbered ${event.number}, expected ${i + 1}`);
    if (event.previous !== previous) problems.push(`${at}: chain broken (previous purge hash does not match)`);
    if (purgeEventHash(event) !== event.hash) problems.push(`${at}: edited after it was signed (its hash does not match its content)`);
    let valid = false;
    try {
      valid = ed25519.verify(hexToBytes(event.signature.value), utf8ToBytes(event.hash), hexToBytes(event.signature.publicKey));
    } catch {
      valid = false;
    }
    if (!valid) problems.push(`${at}: signature does not verify`);
    previous = event.hash;
  });
  return problems;
}

/** The short fingerprint a report shows for the key that signed a purge. */
export const keyFingerprint = (publicKey: string) => sha256Hex(hexToBytes(publicKey)).slice(0, 16);

/** What the purge events say about blobs and versions: used by `validate`. */
export function purgeLedger(events: readonly PurgeEvent[]): {
  tombstones: Map<CaptureHash, { tombstone: CaptureHash; purge: number }>;
  versions: Map<number, { sealed: CaptureHash; purged: CaptureHash; purge: number }>;
} {
  const tombstones = new Map<CaptureHash, { tombstone: CaptureHash; purge: number }>();
  const versions = new Map<number, { sealed: CaptureHash; purged: CaptureHash; purge: number }>();
  for (const e of events) {
    for (const b of e.blobs) tombstones.set(b.hash, { tombstone: b.tombstone, purge: e.number });
    for (const v of e.versions) versions.set(v.number, { sealed: v.sealed, purged: v.purged, purge: e.number });
  }
  return { tombstones, versions };
}
