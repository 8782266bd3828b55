// Secrets typed into the desktop app, kept in one file in the app's user-data folder with every
// value encrypted by the OS keychain (Electron's safeStorage, behind `Encryptor`). Names stay in
// clear — workbooks already hold them as `{ keychain: name }` references — so listing needs no
// keychain prompt; values are decrypted one at a time, when a run needs them. Writes are atomic
// and private (0600), one at a time.
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as z from 'zod';
import type { SecretStore } from '../core/ports';
import { writeFileAtomic } from '../node/node-file-system';

/** The platform's encryption, as the store needs it (safeStorage in the app; a real cipher in tests). */
export interface Encryptor {
  /** Why nothing can be encrypted safely here, or null when encryption is available. */
  unavailable(): string | null;
  encrypt(plainText: string): Uint8Array;
  decrypt(cipherText: Uint8Array): string;
}

// An array, not an object keyed by name: a name such as `__proto__` must stay data.
const SecretsFile = z.strictObject({
  version: z.literal(1),
  entries: z.array(z.strictObject({ name: z.string().min(1), ciphertext: z.base64() })),
});
type SecretsFile = z.infer<typeof SecretsFile>;

export function createSecretStore(file: string, encryptor: Encryptor): SecretStore {
  let queue: Promise<unknown> = Promise.resolve();
  /** Serialises read-modify-write cycles so two saves never lose each other's entry. */
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  async function read(): Promise<SecretsFile> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, entries: [] };
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${file} is not valid JSON; move it away to start an empty keychain`);
    }
    const parsed = SecretsFile.safeParse(json);
    // Never overwrite a file we cannot read: it may hold the only copy of someone's secrets.
    if (!parsed.success)
      throw new Error(
        `${file} is not a keychain file of this app (${parsed.error.issues[0]!.path.join('.') || 'root'}: ${parsed.error.issues[0]!.message}); move it away to start an empty keychain`,
      );
    return parsed.data;
  }

  async function write(data: SecretsFile): Promise<void> {
    await mkdir(dirname(file), { recursive: true });
    await writeFileAtomic(file, `${JSON.stringify(data, null, 2)}\n`, 0o600);
  }

  const requireEncryption = (doing: string) => {
    const reason = encryptor.unavailable();
    if (reason) throw new Error(`cannot ${doing}: ${reason}`);
  };

  return {
    get: (name) =>
      exclusive(async () => {
        const entry = (await read()).entries.find((e) => e.name === name);
        if (!entry) return undefined;
        requireEncryption(`read keychain entry ${name}`);
        try {
          return encryptor.decrypt(Buffer.from(entry.ciphertext, 'base64'));
        } catch {
          throw new Error(`keychain entry ${name} cannot be decrypted by this user on this machine; set it again`);
        }
      }),
    set: (name, value) =>
      exclusive(async () => {
        requireEncryption(`store keychain entry ${name}`);
        const data = await read();
        const ciphertext = Buffer.from(encryptor.encrypt(value)).toString('base64');
        await write({
          version: 1,
          entries: [...data.entries.filter((e) => e.name !== name), { name, ciphertext }].sort((a, b) => a.name.localeCompare(b.name)),
        });
      }),
    delete: (name) =>
      exclusive(async () => {
        const data = await read();
        const entries = data.entries.filter((e) => e.name !== name);
        if (entries.length === data.entries.length) return false;
        await write({ version: 1, entries });
        return true;
      }),
    list: () => exclusive(async () => (await read()).entries.map((e) => e.name)),
  };
}
