#!/usr/bin/env node
// Bundles the CLI with esbuild into dist/cli/, so that `audit-workbench` starts as plain Node, without
// a TypeScript loader. Each command is its own chunk (code splitting), loaded when that command runs;
// most packages stay in node_modules and load when the code that needs them runs. The list of source
// files the bundle was built from goes beside it: bin/audit-workbench.mjs runs the bundle only while
// none of them is newer, and runs the sources through tsx otherwise.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NODE_BUNDLE } from './node-bundle.mjs';
import { sourceUrls } from './source-urls.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// Pure ES modules that nearly every command needs (the schema, hashing): bundled, they are one file
// to compile instead of a hundred to resolve. Every other package loads from node_modules when the
// code that needs it runs (DuckDB, the AWS SDK, pg, Octokit …).
const BUNDLED_PACKAGES = ['zod', '@noble/hashes', '@noble/curves', 'csv-parse', 'jsonc-parser'];
export const CLI_DIR = join(ROOT, 'dist/cli');
export const INPUTS_FILE = join(CLI_DIR, 'inputs.json');

export async function buildCli({ root = ROOT, outdir = CLI_DIR } = {}) {
  const builtAt = Date.now();
  await rm(outdir, { recursive: true, force: true }); // chunks of an earlier build have other names
  const toRoot = relative(outdir, root).split(sep).join('/') || '.';
  const banner = [
    `const __awSourceUrl = (rel) => new URL(${JSON.stringify(`${toRoot}/`)} + rel, import.meta.url).href;`,
    `const __awBundleUrl = (name) => new URL('./' + name + '.mjs', import.meta.url).href;`,
  ].join('\n');
  const { build } = await import('esbuild');
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const external = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
    .filter((name) => !BUNDLED_PACKAGES.includes(name))
    .flatMap((name) => [name, `${name}/*`]);
  const result = await build({
    entryPoints: {
      main: join(root, 'cli/main.ts'),
      'runs-ingest-worker': join(root, 'node/evidence/runs-ingest-worker.ts'),
      'page-worker': join(root, 'node/evidence/page-worker.ts'),
    },
    bundle: true,
    splitting: true,
    format: 'esm',
    ...NODE_BUNDLE,
    outdir,
    outExtension: { '.js': '.mjs' },
    // Chunks beside the entry: the banner's paths are relative to the folder every file is in.
    chunkNames: '[name]-[hash]',
    external: [...external, 'pg-native'],
    banner: { js: banner },
    plugins: [...NODE_BUNDLE.plugins, sourceUrls(root)],
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.includes('node_modules'));
  await writeFile(join(outdir, 'inputs.json'), JSON.stringify({ builtAt, inputs }));
  return outdir;
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  try {
    const out = await buildCli();
    console.log(`CLI bundled into ${relative(process.cwd(), out) || '.'}`);
  } catch (error) {
    // `npm ci --omit=dev` has no esbuild: the CLI then runs from its sources, which is slower only.
    if (error.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    console.log('esbuild is not installed: the CLI will run from its TypeScript sources');
  }
}
