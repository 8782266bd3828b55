import { sha256 as noble } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { sha256 } from './sha256';

describe('sha256 by OpenSSL', () => {
  it('gives the digests of the pure TypeScript hash it replaces in Node bundles', () => {
    let seed = 7;
    const random = (n: number) => Uint8Array.from({ length: n }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 255);
    for (const length of [0, 1, 55, 56, 63, 64, 65, 1000, 1 << 20]) {
      const bytes = random(length);
      expect(Buffer.from(sha256(bytes)).toString('hex'), `${length} bytes`).toBe(Buffer.from(noble(bytes)).toString('hex'));
    }
  });
});
