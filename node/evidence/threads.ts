// Worker threads of the evidence engine, started from a TypeScript source file beside their caller.
// A bundled build points straight at JavaScript (scripts/source-urls.mjs relocates the URL). From
// source (CLI, tests, benchmarks) a thread does not inherit tsx's loader, so the worker is bundled
// once per process with esbuild (tsx's own compiler; ~60 ms, synchronously); registering tsx in
// each thread instead cost each a loader thread and a third of a second of transpiling.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type * as esbuild from 'esbuild';

const bundled = new Map<string, string>();

export function startThread(source: URL): Worker {
  if (!source.pathname.endsWith('.ts')) return new Worker(source);
  let code = bundled.get(source.href);
  if (code === undefined) {
    const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof esbuild;
    const out = buildSync({
      entryPoints: [fileURLToPath(source)],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      logLevel: 'silent',
    });
    code = out.outputFiles[0]!.text;
    bundled.set(source.href, code);
  }
  return new Worker(code, { eval: true });
}
