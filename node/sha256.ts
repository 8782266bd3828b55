// sha256 by OpenSSL, for the bundles that run in Node (scripts/node-bundle.mjs puts it in place of
// core/sha256.ts): the same digests, without compiling and warming a hash written in JavaScript at
// every start — `validate` hashes every blob of the workbook.
import { createHash } from 'node:crypto';

export function sha256(data: Uint8Array): Uint8Array {
  return createHash('sha256').update(data).digest();
}
