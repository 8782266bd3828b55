#!/usr/bin/env node
// `npm start [dir]`: the desktop app on `dir`, or on a copy of the demo workbook. Where the
// Electron binary is not installed (it cannot be downloaded here), the same renderer runs in the
// browser shell on 127.0.0.1 instead, and start says so in one line.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-available.mjs';
import { ensureRendererBuilt, startWeb } from './web.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const electron = electronBinary();

if (electron) {
  ensureRendererBuilt();
  const { buildElectron } = await import('./build-electron.mjs');
  await buildElectron();
  const child = spawn(electron, [join(root, 'dist/electron/main.cjs'), ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Electron is not installed here: opening Audit Workbench in the browser shell instead (open the URL below in a browser).');
  await startWeb(args);
}
