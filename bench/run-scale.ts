// Evidence at scale on the path users take (issue 14): `audit-workbench run` of one paginated
// runs/search cell against a server that answers as MLflow does — POST with a JSON Content-Type,
// `experiment_ids` required, `max_results` within MLflow's limits, opaque base64 page tokens
// (test/helpers/mlflow-rules.ts names the MLflow sources) — serving PAGES × 1,000 runs from files.
// For each size, each a child process under /usr/bin/time (wall measured here, peak RSS from time),
// ROUNDS times (3 unless told), the rounds alternating which side goes first; medians are compared:
//   (a) `audit-workbench run` of the cell;
//   (b) native DuckDB read_json + unnest of the same page files into the same four tables;
//   (c) `audit-workbench verify` of the unchanged server;
//   (d) `audit-workbench query` of the fingerprint: the stored tables loaded into DuckDB-wasm (what
//       query and check cells cost over evidence this size; not a target).
// A content fingerprint of (a)'s tables (read back with `audit-workbench query`) must equal (b)'s.
// Prints the curve, the stored bytes per 1,000 runs, and the ratios last.
//   npm run bench:scale                     (SIZES=50,200 ROUNDS=1 npm run bench:scale for a quick run)
//   INDENT=2 npm run bench:scale            pages indented as a real MLflow server writes them
//                                           (json.dumps indent=2: 1.8× the bytes, for both sides)
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateWorkbook } from '../core/workbook/file-format';
import { saveWorkbook } from '../core/workbook/store';
import { nodeFileSystem } from '../node/node-file-system';
import { FINGERPRINT, generatePages, nativeIngest, servePages } from './runs-pages';

const SIZES = (process.env['SIZES'] ?? '50,200,500,1000').split(',').map(Number);
const INDENTED = process.env['INDENT'] === '2';
const RUNS = 1000;
const ROUNDS = Number(process.env['ROUNDS'] ?? 3);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'bin/audit-workbench.mjs');

interface Measured {
  code: number;
  wallMs: number;
  peakRssMb: number;
  stdout: string;
  stderr: string;
}

/** A child process under GNU time: its wall time (here) and peak RSS (time's %M, in KB). */
function measure(argv: string[], env: NodeJS.ProcessEnv): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'maxrss-kb %M', process.execPath, ...argv], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - t0;
      const kb = /maxrss-kb (\d+)\s*$/.exec(stderr);
      resolve({
        code: code ?? -1,
        wallMs,
        peakRssMb: kb ? Number(kb[1]) / 1024 : Number.NaN,
        stdout,
        stderr: stderr.replace(/maxrss-kb \d+\s*$/, ''),
      });
    });
  });
}

const folderBytes = (dir: string): number =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0);

interface Row {
  pages: number;
  megabytes: number;
  /** Medians of the rounds; the rounds' own figures beside them. */
  run: Measured;
  native: Measured;
  verify: Measured;
  rounds: { run: Measured[]; native: Measured[]; verify: Measured[] };
  /** `audit-workbench query` of the fingerprint: the stored tables loaded into DuckDB-wasm and queried (once). */
  query: Measured;
  storedBytes: number;
  agree: boolean;
}

/** The round whose wall time is the median, with the median peak RSS of all rounds. */
function median(rounds: Measured[]): Measured {
  const middle = <T>(xs: T[], by: (x: T) => number) => [...xs].sort((x, y) => by(x) - by(y))[Math.floor(xs.length / 2)]!;
  return { ...middle(rounds, (m) => m.wallMs), peakRssMb: middle(rounds, (m) => m.peakRssMb).peakRssMb };
}

/** A trusted workbook of one runs/search cell against `url`, in a folder of its own. */
async function scaleWorkbook(dir: string, url: string, env: NodeJS.ProcessEnv): Promise<void> {
  await saveWorkbook(
    nodeFileSystem,
    dir,
    validateWorkbook(
      {
        schemaVersion: 1,
        id: 'scale',
        title: 'Runs at scale',
        date: '2026-12-07',
        parameters: [{ name: 'MLFLOW_TRACKING_URI', value: url }],
        pillars: [
          {
            number: 1,
            name: 'Runs',
            order: 1,
            cells: [
              {
                id: 'all-runs',
                kind: 'rest',
                title: 'Every run',
                method: 'POST',
                url: '${MLFLOW_TRACKING_URI}/api/2.0/mlflow/runs/search',
                body: `{"experiment_ids": ["0"], "max_results": ${RUNS}}`,
                pagination: 'mlflow',
                readOnly: true,
              },
            ],
          },
        ],
      },
      'bench',
    ),
  );
  const trusted = await measure([CLI, 'trust', dir], env);
  if (trusted.code !== 0) throw new Error(`trust failed: ${trusted.stderr}`);
}

async function measureSize(pages: number): Promise<Row> {
  const { dir: pagesDir, megabytes } = generatePages(pages, RUNS, INDENTED);
  const server = await servePages(pagesDir, pages, RUNS);
  const root = await mkdtemp(join(tmpdir(), 'aw-scale-'));
  try {
    const env = { ...process.env, AUDIT_WORKBENCH_HOME: join(root, 'home'), NO_COLOR: '1' };
    const rounds: Row['rounds'] = { run: [], native: [], verify: [] };
    let dir = '';
    // Rounds alternate which side goes first, each in a fresh process (and `run` on a fresh
    // workbook): this machine's speed drifts within minutes, and medians damp it for both sides.
    for (let round = 0; round < ROUNDS; round++) {
      dir = join(root, `wb-${round}`);
      await scaleWorkbook(dir, server.url, env);
      const ours = async () => {
        const run = await measure([CLI, 'run', dir], env);
        if (run.code !== 0) throw new Error(`run of ${pages} pages failed (exit ${run.code}): ${run.stderr.slice(-2000)}`);
        const verify = await measure([CLI, 'verify', dir], env);
        if (verify.code !== 0)
          throw new Error(`verify of ${pages} pages did not reproduce (exit ${verify.code}): ${verify.stdout}${verify.stderr}`);
        rounds.run.push(run);
        rounds.verify.push(verify);
      };
      const native = async () => {
        const measured = await measure(['--import', 'tsx', fileURLToPath(import.meta.url), 'native', pagesDir], env);
        if (measured.code !== 0) throw new Error(`native DuckDB failed: ${measured.stderr}`);
        rounds.native.push(measured);
      };
      for (const side of round % 2 === 0 ? [ours, native] : [native, ours]) await side();
    }
    const storedBytes = folderBytes(join(dir, 'evidence'));

    // The same content on both sides: (a)'s stored tables queried by the CLI, (b)'s in DuckDB.
    const queried = await measure([CLI, 'query', dir, FINGERPRINT, '--json'], env);
    if (queried.code !== 0) throw new Error(`query of ${pages} pages failed (exit ${queried.code}): ${queried.stderr.slice(-2000)}`);
    const ours = fingerprintOf(queried.stdout);
    const theirs = rounds.native.map(
      (n) => (JSON.parse(n.stdout.trim().split('\n').at(-1)!) as { fingerprint: Record<string, number> }).fingerprint,
    );
    const agree = theirs.every((t) => JSON.stringify(ours) === JSON.stringify(t));
    if (!agree) console.log(`  fingerprints differ at ${pages} pages: ours ${JSON.stringify(ours)}, native ${JSON.stringify(theirs)}`);
    return {
      pages,
      megabytes,
      run: median(rounds.run),
      native: median(rounds.native),
      verify: median(rounds.verify),
      rounds,
      query: queried,
      storedBytes,
      agree,
    };
  } finally {
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
}

/** The fingerprint row of `query --json`, as numbers in the reference's key order. */
function fingerprintOf(stdout: string): Record<string, number> {
  const parsed = JSON.parse(stdout) as { rows?: Record<string, unknown>[] } | Record<string, unknown>[];
  const row = (Array.isArray(parsed) ? parsed[0] : parsed.rows?.[0]) ?? {};
  const keys = ['run_ids', 'durations', 'run_text', 'tags', 'params', 'metric_sum', 'joined'];
  return Object.fromEntries(keys.map((k) => [k, Number(row[k])]));
}

if (process.argv[2] === 'native') {
  process.stdout.write(`${JSON.stringify(await nativeIngest(process.argv[3]!))}\n`);
} else {
  console.log(
    `run-scale: runs/search pages of ${RUNS} runs${INDENTED ? ', indented as MLflow writes them' : ''}, sizes ${SIZES.join(', ')} pages; node ${process.version}`,
  );
  const rows: Row[] = [];
  for (const pages of SIZES) {
    const row = await measureSize(pages);
    rows.push(row);
    const s = (m: Measured) => `${(m.wallMs / 1000).toFixed(1).padStart(6)} s ${m.peakRssMb.toFixed(0).padStart(5)} MB`;
    console.log(
      `${String(pages).padStart(5)} pages (${row.megabytes.toFixed(0).padStart(4)} MB of JSON): ` +
        `(a) run ${s(row.run)} | (b) native ${s(row.native)} | (c) verify ${s(row.verify)} | ` +
        `(d) query ${s(row.query)} | stored ${(row.storedBytes / 1e6).toFixed(1)} MB = ${(((row.storedBytes / (pages * RUNS)) * 1000) / 1e3).toFixed(1)} KB per 1,000 runs | ` +
        `fingerprint ${row.agree ? 'agrees' : 'DIFFERS'}`,
    );
    const each = (ms: Measured[]) => ms.map((m) => (m.wallMs / 1000).toFixed(1)).join(', ');
    console.log(`        rounds (wall, s): (a) ${each(row.rounds.run)} | (b) ${each(row.rounds.native)} | (c) ${each(row.rounds.verify)}`);
  }
  console.log(
    `ratios of the medians of ${ROUNDS} rounds (targets at 500 pages: a/b ≤ 1.5 in wall and in peak RSS, c/a ≤ 1.0; 1,000 pages under 4 GB):`,
  );
  for (const r of rows) {
    console.log(
      `${String(r.pages).padStart(5)} pages: a/b wall ${(r.run.wallMs / r.native.wallMs).toFixed(2)}, a/b RSS ${(r.run.peakRssMb / r.native.peakRssMb).toFixed(2)}, c/a wall ${(r.verify.wallMs / r.run.wallMs).toFixed(2)}, (a) peak ${(r.run.peakRssMb / 1024).toFixed(2)} GB`,
    );
  }
  if (rows.some((r) => !r.agree)) process.exitCode = 1;
}
