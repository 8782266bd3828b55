// The workbook folder given on the command line, if any. Chromium switches (`--flag=value`) are
// skipped; unpackaged, argv also carries the app's entry (`electron dist/electron/main.cjs dir`).
import { resolve } from 'node:path';

export function launchDir(argv: readonly string[], isPackaged: boolean, cwd = process.cwd()): string | undefined {
  const positional = argv.slice(1).filter((a) => !a.startsWith('-'));
  const dir = (isPackaged ? positional : positional.slice(1))[0];
  return dir === undefined || dir === '' ? undefined : resolve(cwd, dir);
}
