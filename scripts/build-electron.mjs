#!/usr/bin/env node
// Bundles the Electron main process and the preload with esbuild into dist/electron/ (main.cjs,
// preload.cjs, and the runs-ingest worker main starts). A sandboxed preload can require nothing
// but `electron`, so it must be one file; main is bundled too, so that the package needs no
// TypeScript loader and only the few packages that locate files on disk at run time.
//
// Source files find data beside them with `new URL('../x', import.meta.url)` (the bundled audit
// templates, the demo workbook). In the bundle each module's import.meta.url becomes the URL its
// source file has in the app folder (<app>/node/templates.ts …), so those paths resolve in the
// package as in the checkout. The one code path (the ingest worker, TypeScript from source) is
// relocated to its bundled JavaScript below; the build fails if that code moves.
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// Resolved from node_modules at run time: DuckDB-wasm and sql.js load their .wasm from their own
// package folder; pg-native is pg's optional native binding, not installed.
export const RUNTIME_PACKAGES = ['@duckdb/duckdb-wasm', 'sql.js', 'pg-native'];

/** Source edits for the bundle: [file, exact text, replacement]; each must match exactly once. */
const RELOCATIONS = [['node/evidence/runs-ingest.ts', "new URL('./runs-ingest-worker.ts', import.meta.url)", "new URL(__awBundleUrl('runs-ingest-worker.cjs'))"]];

function sourceUrls(root) {
  return {
    name: 'source-urls',
    setup(b) {
      b.onLoad({ filter: /\.(ts|mts|js|mjs)$/ }, async (args) => {
        if (args.path.split(sep).includes('node_modules')) return undefined;
        const rel = relative(root, args.path).split(sep).join('/');
        const original = await readFile(args.path, 'utf8');
        let text = original;
        for (const [file, from, to] of RELOCATIONS) {
          if (file !== rel) continue;
          if (text.split(from).length !== 2) throw new Error(`build-electron: expected "${from}" once in ${file}; update RELOCATIONS in scripts/build-electron.mjs`);
          text = text.replace(from, to);
        }
        text = text.replaceAll('import.meta.url', `__awSourceUrl(${JSON.stringify(rel)})`);
        if (text === original) return undefined;
        return { contents: text, loader: args.path.endsWith('ts') ? 'ts' : 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}

/** Builds into `outdir` (default dist/electron); `entries` adds entry points (tests bundle the handlers). */
export async function buildElectron({ root = ROOT, outdir = join(ROOT, 'dist/electron'), entries = {} } = {}) {
  const toRoot = JSON.stringify(relative(outdir, root).split(sep).join('/') || '.');
  const banner = [
    `const __awSourceUrl = (rel) => require('node:url').pathToFileURL(require('node:path').join(__dirname, ${toRoot}, rel)).href;`,
    `const __awBundleUrl = (name) => require('node:url').pathToFileURL(require('node:path').join(__dirname, name)).href;`,
  ].join('\n');
  const common = { bundle: true, format: 'cjs', outdir, outExtension: { '.js': '.cjs' }, sourcemap: 'linked', logLevel: 'warning', legalComments: 'none' };
  await build({
    ...common,
    entryPoints: { main: join(root, 'electron/main.ts'), 'runs-ingest-worker': join(root, 'node/evidence/runs-ingest-worker.ts'), ...entries },
    platform: 'node',
    target: 'node20',
    external: ['electron', ...RUNTIME_PACKAGES],
    banner: { js: banner },
    plugins: [sourceUrls(root)],
  });
  // The preload runs in the renderer's sandbox: browser platform, `electron` its only require.
  await build({ ...common, entryPoints: { preload: join(root, 'electron/preload.ts') }, platform: 'browser', target: 'chrome130', external: ['electron'] });
  return outdir;
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const out = await buildElectron();
  console.log(`Electron main and preload bundled into ${relative(process.cwd(), out) || '.'}`);
}
