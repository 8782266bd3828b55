#!/usr/bin/env node
// `npm start`: opens a copy of the demo workbook. The desktop UI (Electron, or the browser shell
// where no Electron binary is installed) is not built yet; until it is, start says so in one line
// and opens the demo with the CLI: validates the copy and exports its report.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = (...args) => execFileSync(process.execPath, [join(root, 'bin/audit-workbench.mjs'), ...args], { stdio: 'inherit' });

const demo = join(mkdtempSync(join(tmpdir(), 'audit-workbench-demo-')), 'demo-helix-backbone');
cpSync(join(root, 'fixtures/workbooks/demo-helix-backbone'), demo, { recursive: true });
console.log('Audit Workbench: the desktop UI is not built yet; opening the demo workbook with the CLI.');
console.log(`Demo workbook (a copy): ${demo}`);
cli('validate', demo);
cli('report', demo);
console.log(`\nNext: npx audit-workbench --help   (diff ${demo} --from v1, issues ${demo} --out <dir>, …)`);
