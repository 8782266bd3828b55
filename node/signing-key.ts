// The Ed25519 key this machine signs purge events with, kept in the app home (created on first
// use, readable by its owner only). A purge event carries the public key; `validate` checks the
// signature, and the report shows the key's fingerprint so that a reviewer can recognise it.
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Signer } from '../core/ports';

export async function machineSigner(home: string): Promise<Signer> {
  const file = join(home, 'signing-key');
  let secretKey: Uint8Array;
  try {
    const text = (await readFile(file, 'utf8')).trim();
    secretKey = /^[0-9a-f]{64}$/.test(text) ? hexToBytes(text) : new Uint8Array();
    if (!ed25519.utils.isValidSecretKey(secretKey)) throw new Error(`${file} does not hold an Ed25519 key; move it away to make a new one`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    secretKey = ed25519.utils.randomSecretKey();
    await mkdir(home, { recursive: true });
    await writeFile(file, `${bytesToHex(secretKey)}\n`, { mode: 0o600, flag: 'wx' });
    await chmod(file, 0o600);
  }
  return { publicKey: ed25519.getPublicKey(secretKey), sign: (message) => ed25519.sign(message, secretKey) };
}
