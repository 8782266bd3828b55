// Ingest benchmark (issue: evidence engine). Generates MLflow runs/search pages (500 × 1,000 runs,
// each with 2 metrics, 1 param, 2 tags: ≈290 MB, more than the issue's ≈190 MB because these runs
// carry 32-character ids, names and full artifact URIs), then, each in its own process so peak RSS
// is its own:
//   (a) ours   — scan the pages' bytes into runs / run_tags / run_params / run_metrics columns
//                (RunsPagesScanner, the runs normaliser captures use too) on one worker thread per
//                core, Arrow IPC appended to DuckDB-wasm (started meanwhile) in one transaction;
//   (b) native — @duckdb/node-api, read_json over the same files, unnest into the same tables.
// Both end when the four tables are queryable (their row counts read back). Then a 5-million-row
// group-by in DuckDB-wasm. Prints wall time and peak RSS of both (medians of ROUNDS alternating
// rounds), checks both hold the same content, and prints the ratios last.
//   npm run bench:ingest            (PAGES=50 ROUNDS=1 npm run bench:ingest for a quick run)
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COUNTS, FINGERPRINT, generatePages, nativeIngest, numbers, pagesFolder, peakRssMb, type SideResult } from './runs-pages';

const PAGES = Number(process.env['PAGES'] ?? 500);
const RUNS = Number(process.env['RUNS'] ?? 1000);
const DIR = pagesFolder(PAGES, RUNS);
const ROUNDS = Number(process.env['ROUNDS'] ?? 3);

async function ours(): Promise<SideResult> {
  const { openDuckDb } = await import('../node/query/duckdb');
  const { ingestRunsPages } = await import('../node/evidence/runs-ingest');
  const { tableRecords } = await import('../core/evidence/records');
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(DIR, f));
  const t0 = performance.now();
  // DuckDB-wasm starts while the first pages are parsed on the worker threads.
  const engine = openDuckDb();
  await ingestRunsPages(engine, files);
  const db = await engine;
  const counts = tableRecords(await db.query(COUNTS))[0]!;
  const wallMs = performance.now() - t0;
  const peak = peakRssMb();
  const fingerprint = tableRecords(await db.query(FINGERPRINT))[0]!;
  await db.close();
  return { wallMs, peakRssMb: peak, counts: numbers(counts), fingerprint: numbers(fingerprint) };
}

async function groupBy(): Promise<SideResult> {
  const { openDuckDb } = await import('../node/query/duckdb');
  const engine = await openDuckDb();
  await engine.exec('CREATE TABLE big AS SELECT i % 1000 AS k, (i * 7919 % 10007)::DOUBLE AS v FROM range(5000000) t(i)');
  const t0 = performance.now();
  const result = await engine.query('SELECT k, count(*) AS n, sum(v) AS s, avg(v) AS a FROM big GROUP BY k');
  const wallMs = performance.now() - t0;
  await engine.close();
  return { wallMs, peakRssMb: peakRssMb(), counts: { groups: result.rows.length } };
}

const side = process.argv[2];
if (side === 'ours' || side === 'native' || side === 'groupby') {
  const result = side === 'ours' ? await ours() : side === 'native' ? await nativeIngest(DIR) : await groupBy();
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const size = generatePages(PAGES, RUNS).megabytes;
  console.log(
    `ingest benchmark: ${PAGES} pages × ${RUNS} runs = ${PAGES * RUNS} runs, ${size.toFixed(0)} MB of runs/search JSON in ${DIR}`,
  );
  const self = fileURLToPath(import.meta.url);
  const runSide = (name: string): SideResult => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=16384', self, name], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (r.status !== 0) throw new Error(`${name} failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as SideResult;
  };
  // Rounds alternate the two sides, each in a fresh process; medians damp this machine's noise.
  const ours: SideResult[] = [];
  const natives: SideResult[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    ours.push(runSide('ours'));
    natives.push(runSide('native'));
  }
  const g = runSide('groupby');
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const summary = (runs: SideResult[]): SideResult => ({
    ...runs[0]!,
    wallMs: median(runs.map((r) => r.wallMs)),
    peakRssMb: median(runs.map((r) => r.peakRssMb)),
  });
  const a = summary(ours);
  const b = summary(natives);
  const line = (name: string, r: SideResult, runs: SideResult[]) =>
    `${name.padEnd(34)} wall ${(r.wallMs / 1000).toFixed(2).padStart(5)} s (${runs.map((x) => (x.wallMs / 1000).toFixed(2)).join(', ')})   peak RSS ${r.peakRssMb.toFixed(0).padStart(5)} MB (${runs.map((x) => x.peakRssMb.toFixed(0)).join(', ')})`;
  console.log(`rows loaded by both: ${JSON.stringify(a.counts)}`);
  console.log(line('(a) ours: scanner → DuckDB-wasm', a, ours));
  console.log(line('(b) native DuckDB read_json+unnest', b, natives));
  const differ = [...ours, ...natives].some((r) => JSON.stringify([r.counts, r.fingerprint]) !== JSON.stringify([a.counts, a.fingerprint]));
  if (differ) {
    console.log(`WARNING: the two sides loaded different data: ${JSON.stringify(a.fingerprint)} against ${JSON.stringify(b.fingerprint)}`);
    process.exitCode = 1;
  } else console.log(`same content on both sides: ${JSON.stringify(a.fingerprint)}`);
  console.log(`5M-row group-by in DuckDB-wasm (1,000 groups): ${g.wallMs.toFixed(0)} ms`);
  console.log(
    `ratio ours/native (medians of ${ROUNDS}): wall ${(a.wallMs / b.wallMs).toFixed(2)}x (target ≤ 2.0), peak RSS ${(a.peakRssMb / b.peakRssMb).toFixed(2)}x (target ≤ 2.0)`,
  );
}
