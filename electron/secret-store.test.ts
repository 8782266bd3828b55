// The keychain store over a real cipher and the real file system: values encrypted on disk,
// names listable, private file, refusals when no OS keychain protects the key.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testEncryptor } from '../test/helpers/test-encryptor';
import { tempDir } from '../test/helpers/workbooks';
import { createSecretStore } from './secret-store';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
async function file() {
  const tmp = await tempDir('aw-keychain-');
  cleanups.push(tmp.cleanup);
  return join(tmp.dir, 'user-data', 'keychain.json');
}

describe('keychain store', () => {
  it('stores values encrypted, reads them back, lists and deletes by name', async () => {
    const path = await file();
    const store = createSecretStore(path, testEncryptor());
    expect(await store.list()).toEqual([]);
    await Promise.all([store.set('mlflow-token', 'tok-9d1c5e'), store.set('db.password', 'pw-77a1')]);
    expect(await store.list()).toEqual(['db.password', 'mlflow-token']);
    expect(await store.get('mlflow-token')).toBe('tok-9d1c5e');
    await store.set('mlflow-token', 'tok-rotated');
    expect(await store.get('mlflow-token')).toBe('tok-rotated');
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain('tok-');
    expect(text).not.toContain('pw-77a1');
    expect(JSON.parse(text).entries.map((e: { name: string }) => e.name)).toEqual(['db.password', 'mlflow-token']);
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await store.delete('db.password')).toBe(true);
    expect(await store.delete('db.password')).toBe(false);
    expect(await store.get('db.password')).toBeUndefined();
    expect(await store.list()).toEqual(['mlflow-token']);
  });

  it('keeps a name such as __proto__ as data', async () => {
    const store = createSecretStore(await file(), testEncryptor());
    await store.set('__proto__', 'v1');
    expect(await store.list()).toEqual(['__proto__']);
    expect(await store.get('__proto__')).toBe('v1');
  });

  it('refuses to store when no OS keychain protects the key, saying why', async () => {
    const path = await file();
    const store = createSecretStore(path, testEncryptor({ unavailable: 'the OS keychain is not available' }));
    await expect(store.set('mlflow-token', 'secret')).rejects.toThrow(
      'cannot store keychain entry mlflow-token: the OS keychain is not available',
    );
    await expect(readFile(path)).rejects.toThrow(/ENOENT/);
  });

  it('says so when an entry was encrypted by another key (another user or machine)', async () => {
    const path = await file();
    await createSecretStore(path, testEncryptor()).set('mlflow-token', 'secret');
    await expect(createSecretStore(path, testEncryptor()).get('mlflow-token')).rejects.toThrow(
      'keychain entry mlflow-token cannot be decrypted by this user on this machine; set it again',
    );
  });

  it('never overwrites a file it cannot read', async () => {
    const path = await file();
    const store = createSecretStore(path, testEncryptor());
    await store.set('a', '1');
    await writeFile(path, '{"version": 2, "entries": []}');
    await expect(store.set('b', '2')).rejects.toThrow(/is not a keychain file of this app \(version: .*\); move it away/);
    expect(await readFile(path, 'utf8')).toBe('{"version": 2, "entries": []}');
    await writeFile(path, 'not json');
    await expect(store.list()).rejects.toThrow(/keychain.json is not valid JSON/);
  });
});
