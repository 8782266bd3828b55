// The esbuild bundle the desktop app runs (scripts/build-electron.mjs), exercised in plain Node:
// the handlers bundled the same way as main.cjs find the bundled templates, copy the demo
// workbook and load DuckDB-wasm from node_modules, as they will inside the package. The preload
// needs nothing but `electron`, as a sandboxed preload must.
import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/workbooks';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT = join(ROOT, 'dist', `electron-bundle-test-${process.pid}`);
type Dispatch = (channel: string, raw: unknown, ctx: object) => Promise<{ data?: unknown; error?: { message: string } }>;

let dispatch: Dispatch;
let home: { dir: string; cleanup: () => Promise<void> };
const demos: string[] = [];
beforeAll(async () => {
  const { buildElectron } = await import('../../scripts/build-electron.mjs');
  await buildElectron({ outdir: OUT, entries: { handlers: join(ROOT, 'node/api/handlers.ts') } });
  dispatch = (createRequire(import.meta.url)(join(OUT, 'handlers.cjs')) as { dispatch: Dispatch }).dispatch;
  home = await tempDir('aw-bundle-home-');
}, 60_000);
afterAll(async () => {
  await rm(OUT, { recursive: true, force: true });
  await home?.cleanup();
  for (const dir of demos) await rm(join(dir, '..'), { recursive: true, force: true });
});

const call = async <T>(channel: string, raw: unknown): Promise<T> => {
  const result = await dispatch(channel, raw, { home: home.dir, transport: 'electron' });
  if (result.error) throw new Error(`${channel}: ${result.error.message}`);
  return result.data as T;
};

describe('electron bundle', () => {
  it('runs the handlers from the bundle: templates, demo copy, workbook, DuckDB query', async () => {
    expect((await call<{ templates: string[] }>('template:list', {})).templates).toContain('mlflow-backbone');
    const start = await call<{ dir: string; demo: boolean }>('app:start', {});
    demos.push(start.dir);
    expect(start.demo).toBe(true);
    const { workbook } = await call<{ workbook: { title: string } }>('workbook:open', { dir: start.dir });
    expect(workbook.title).toBe('Helix Capital — MLflow backbone audit');
    const query = await call<{ result: { rows: unknown[][] } }>('query:run', { dir: start.dir, sql: 'SELECT count(*) AS n FROM runs' });
    expect(Number(query.result.rows[0]![0])).toBeGreaterThan(0);
  });

  it('bundles main for CommonJS with only runtime packages left to require, and a preload that requires electron only', async () => {
    const main = await readFile(join(OUT, 'main.cjs'), 'utf8');
    expect(main).not.toContain('import.meta');
    const packages = new Set(
      [...main.matchAll(/require\("([^"]+)"\)/g)]
        .map((m) => m[1]!)
        .filter(
          (name) =>
            !name.startsWith('node:') &&
            !/^(fs|path|os|crypto|events|stream|util|util\/types|buffer|net|tls|dns|process|string_decoder|url|zlib|http|https|http2|child_process|worker_threads)$/.test(
              name,
            ),
        ),
    );
    expect([...packages].sort()).toEqual(['@aws-sdk/signature-v4-crt', '@duckdb/duckdb-wasm/blocking', 'electron', 'pg-native']);
    const preload = await readFile(join(OUT, 'preload.cjs'), 'utf8');
    expect([...new Set([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))]).toEqual(['electron']);
    expect(preload).toContain('"auditWorkbench"');
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\)/);
  });
});
