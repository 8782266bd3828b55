// Whether the Electron binary is installed. `electron` is an optional dependency whose
// postinstall downloads the binary; where that download fails npm drops the package, and where
// the package stays without its binary, requiring it throws. Either way: not available.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The Electron executable's path, or null when it is not installed. */
export function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

export const isElectronAvailable = () => electronBinary() !== null;
