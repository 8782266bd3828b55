// The bundled CLI (scripts/build-cli.mjs) as bin/audit-workbench.mjs runs it, in plain Node: each
// command loads from its own chunk, the bundled templates are found beside the sources, DuckDB-wasm
// loads from node_modules for a query, and neither `--help` nor `validate` loads a chunk that pulls in
// a package from node_modules.
import { execFile } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/workbooks';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'dist', `cli-bundle-test-${process.pid}`);
const DEMO = join(ROOT, 'fixtures/workbooks/demo-helix-backbone');
let work: Awaited<ReturnType<typeof tempDir>>;
let runner: string;

beforeAll(async () => {
  const { buildCli } = await import('../scripts/build-cli.mjs');
  await buildCli({ outdir: OUT });
  work = await tempDir('aw-cli-bundle-');
  // What the bin does once it has chosen the bundle.
  runner = join(OUT, 'run.mjs');
  const { writeFile } = await import('node:fs/promises');
  await writeFile(
    runner,
    "const cli = await import('./main.mjs');\nprocess.exitCode = await cli.main(process.argv.slice(2), cli.processIo);\n",
  );
}, 60_000);
afterAll(async () => {
  await rm(OUT, { recursive: true, force: true });
  await work?.cleanup();
});

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [runner, ...args], { cwd: work.dir }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('the bundled CLI', () => {
  it('runs new (bundled templates), validate, query (DuckDB) and report from its chunks', async () => {
    const dir = join(work.dir, 'wb');
    const created = await cli('new', dir, '--template', 'mlflow-backbone', '--param', 'MLFLOW_TRACKING_URI=http://127.0.0.1:5000');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/from template mlflow-backbone v\d+/);
    const valid = await cli('validate', DEMO);
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stdout).toMatch(/valid — workbook\.json, \d+ version\(s\) chained, \d+ evidence blob\(s\) verified/);
    const query = await cli('query', DEMO, 'SELECT count(*) AS n FROM runs');
    expect(query.code, query.stderr).toBe(0);
    expect(query.stdout).toMatch(/n\s*\n[-\s]*\n\s*\d+/);
    const report = await cli('report', dir, '--out', join(work.dir, 'report.md'));
    expect(report.code, report.stderr).toBe(0);
    expect(await readFile(join(work.dir, 'report.md'), 'utf8')).toMatch(/^# /);
  });

  it('loads no package for --help but what main itself imports', async () => {
    const graph = await staticGraph(['main.mjs']);
    expect(graph.packages).toEqual([]);
    expect((await readdir(OUT)).some((f) => f.startsWith('validate-'))).toBe(true);
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^audit-workbench — /);
  });

  it('validate loads no package from node_modules and hashes with OpenSSL', async () => {
    const validate = (await readdir(OUT)).find((f) => f.startsWith('validate-'))!;
    const graph = await staticGraph(['main.mjs', validate]);
    expect(graph.packages).toEqual([]);
    expect(graph.text).toContain('// node/sha256.ts');
    expect(graph.text).not.toContain('// core/sha256.ts');
  });
});

/** The chunks `entries` import statically, transitively: their text and the packages they import. */
async function staticGraph(entries: string[]): Promise<{ text: string; packages: string[] }> {
  const seen = new Set<string>();
  const texts: string[] = [];
  const packages = new Set<string>();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = await readFile(join(OUT, file), 'utf8');
    texts.push(text);
    for (const [, spec] of text.matchAll(/^(?:import|export)\b[^;]*?from "([^"]+)"/gms)) {
      if (spec!.startsWith('./')) queue.push(spec!.slice(2));
      else if (!spec!.startsWith('node:')) packages.add(spec!);
    }
    for (const [, spec] of text.matchAll(/^import "([^"]+)"/gm)) if (spec!.startsWith('./')) queue.push(spec!.slice(2));
  }
  return { text: texts.join('\n'), packages: [...packages] };
}
