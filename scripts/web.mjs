#!/usr/bin/env node
// `npm run web [dir]`: the browser shell. Serves the built renderer and the API on 127.0.0.1 (a
// random port unless --port), guarded by a per-launch token; opens `dir`, or a copy of the demo
// workbook. Builds the renderer first when it is missing or older than its sources.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist/renderer');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function ensureRendererBuilt() {
  const index = join(dist, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  if (built > Math.max(newestMtime(join(root, 'renderer')), newestMtime(join(root, 'core')))) return;
  console.log('Building the renderer (vite)…');
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(root, 'vite.renderer.config.ts')],
    { cwd: root, stdio: 'inherit' },
  );
}

export async function startWeb(args) {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { port: { type: 'string' } } });
  ensureRendererBuilt();
  register();
  const { startShellServer } = await import('../node/shell/server.ts');
  const { copyDemo } = await import('../node/app-home.ts');
  const start = positionals[0] ? { dir: resolve(positionals[0]), demo: false } : { dir: copyDemo(), demo: true };
  const server = await startShellServer({ staticDir: dist, port: values.port ? Number(values.port) : 0, context: { start } });
  console.log(
    `Audit Workbench (browser shell) on ${server.url}/ — ${start.demo ? `a copy of the demo workbook: ${start.dir}` : start.dir}`,
  );
  console.log('Listening on 127.0.0.1 only; Ctrl+C stops it.');
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return server;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await startWeb(process.argv.slice(2));
