import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { captureHash, type CaptureHash } from './ids';
import { sha256 } from './sha256';

/** sha256 of bytes or of a string's UTF-8 encoding. */
export function sha256Hex(data: Uint8Array | string): CaptureHash {
  return captureHash(bytesToHex(sha256(typeof data === 'string' ? utf8ToBytes(data) : data)));
}

/**
 * JSON with object keys sorted at every level: the canonical form that manifest hashes are
 * computed over, so that a hash never depends on the order fields happened to be written in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}
