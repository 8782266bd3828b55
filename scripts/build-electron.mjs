#!/usr/bin/env node
// Bundles the Electron main process and the preload with esbuild into dist/electron/ (main.cjs,
// preload.cjs, and the runs-ingest worker main starts). A sandboxed preload can require nothing
// but `electron`, so it must be one file; main is bundled too, so that the package needs no
// TypeScript loader and only the few packages that locate files on disk at run time.
//
// Source files keep finding the data beside them (see source-urls.mjs).
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { NODE_BUNDLE } from './node-bundle.mjs';
import { sourceUrls } from './source-urls.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// Resolved from node_modules at run time: DuckDB-wasm and sql.js load their .wasm from their own
// package folder; pg-native is pg's optional native binding, not installed.
export const RUNTIME_PACKAGES = ['@duckdb/duckdb-wasm', 'sql.js', 'pg-native'];

/** Builds into `outdir` (default dist/electron); `entries` adds entry points (tests bundle the handlers). */
export async function buildElectron({ root = ROOT, outdir = join(ROOT, 'dist/electron'), entries = {} } = {}) {
  const toRoot = JSON.stringify(relative(outdir, root).split(sep).join('/') || '.');
  const banner = [
    `const __awSourceUrl = (rel) => require('node:url').pathToFileURL(require('node:path').join(__dirname, ${toRoot}, rel)).href;`,
    `const __awBundleUrl = (name) => require('node:url').pathToFileURL(require('node:path').join(__dirname, name + '.cjs')).href;`,
  ].join('\n');
  const common = {
    bundle: true,
    format: 'cjs',
    outdir,
    outExtension: { '.js': '.cjs' },
    sourcemap: 'linked',
    logLevel: 'warning',
    legalComments: 'none',
  };
  await build({
    ...common,
    entryPoints: {
      main: join(root, 'electron/main.ts'),
      'runs-ingest-worker': join(root, 'node/evidence/runs-ingest-worker.ts'),
      'page-worker': join(root, 'node/evidence/page-worker.ts'),
      ...entries,
    },
    ...NODE_BUNDLE,
    external: ['electron', ...RUNTIME_PACKAGES],
    // The code loads heavy packages with import() when first needed; in this CommonJS bundle they
    // become require() calls, which Electron resolves inside the asar archive like any other.
    supported: { 'dynamic-import': false },
    banner: { js: banner },
    plugins: [...NODE_BUNDLE.plugins, sourceUrls(root)],
  });
  // The preload runs in the renderer's sandbox: browser platform, `electron` its only require.
  await build({
    ...common,
    entryPoints: { preload: join(root, 'electron/preload.ts') },
    platform: 'browser',
    target: 'chrome130',
    external: ['electron'],
  });
  return outdir;
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const out = await buildElectron();
  console.log(`Electron main and preload bundled into ${relative(process.cwd(), out) || '.'}`);
}
