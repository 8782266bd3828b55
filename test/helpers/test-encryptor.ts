// A real cipher standing in for the OS keychain (Electron's safeStorage) in tests: AES-256-GCM
// under a key that lives only in memory, so a ciphertext on disk is useless without it.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Encryptor } from '../../electron/secret-store';

export function testEncryptor(options: { unavailable?: string } = {}): Encryptor {
  const key = randomBytes(32);
  return {
    unavailable: () => options.unavailable ?? null,
    encrypt(plainText) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(cipherText) {
      const bytes = Buffer.from(cipherText);
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
