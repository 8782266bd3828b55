// The browser shell's keychain: secrets entered in the page live in this server process's memory
// while it runs and are never written anywhere — stopping the server forgets them. A browser has no
// OS keychain to reach, and a file next to the workbook is exactly what secrets must never become.
import type { SecretStore } from '../../core/ports';

export function memorySecretStore(): SecretStore {
  // A Map, not an object: an entry named `__proto__` stays data.
  const values = new Map<string, string>();
  return {
    kind: 'memory',
    get: async (name) => values.get(name),
    set: async (name, value) => void values.set(name, value),
    delete: async (name) => values.delete(name),
    list: async () => [...values.keys()].sort(),
  };
}
