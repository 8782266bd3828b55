// The one sha256 that core hashes with: pure TypeScript, so that it runs in the renderer's worker
// and in tests alike. Bundles that run in Node swap this module for node/sha256.ts (OpenSSL, same
// digests): see scripts/node-bundle.mjs.
export { sha256 } from '@noble/hashes/sha2.js';
