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
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PAGES = Number(process.env['PAGES'] ?? 500);
const RUNS = Number(process.env['RUNS'] ?? 1000);
const DIR = join(tmpdir(), `aw-ingest-bench-${PAGES}x${RUNS}`);
const ROUNDS = Number(process.env['ROUNDS'] ?? 3);

interface SideResult {
  wallMs: number;
  peakRssMb: number;
  counts: Record<string, number>;
  /** What the tables hold, read after the clock stops: both sides must agree. */
  fingerprint?: Record<string, number>;
}

// Row counts, read before the clock stops (the tables are queryable).
const COUNTS =
  'SELECT (SELECT count(*) FROM runs) AS runs, (SELECT count(*) FROM run_tags) AS run_tags, (SELECT count(*) FROM run_params) AS run_params, (SELECT count(*) FROM run_metrics) AS run_metrics';
// The content, in sums that do not depend on row order or on BIGINT against DOUBLE.
const FINGERPRINT = `SELECT
  (SELECT count(DISTINCT run_id) FROM runs) AS run_ids,
  (SELECT sum(end_time - start_time) FROM runs) AS durations,
  (SELECT sum(length(artifact_uri) + length(run_name) + length(user_id) + length(experiment_id)) FROM runs) AS run_text,
  (SELECT count(DISTINCT run_id || key || value) FROM run_tags) AS tags,
  (SELECT sum(length(value)) FROM run_params) AS params,
  (SELECT round(sum(value), 3) FROM run_metrics) AS metric_sum,
  (SELECT count(*) FROM run_metrics m JOIN runs r USING (run_id)) AS joined`;
const numbers = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));

/** Peak resident set size of this process so far (VmHWM), in MB. */
function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

function generate(): void {
  if (existsSync(join(DIR, 'done'))) return;
  mkdirSync(DIR, { recursive: true });
  let bytes = 0;
  for (let p = 0; p < PAGES; p++) {
    const runs = [];
    for (let r = 0; r < RUNS; r++) {
      const n = p * RUNS + r;
      const id = n.toString(16).padStart(32, '0');
      runs.push({
        info: {
          run_id: id,
          experiment_id: String(n % 40),
          run_name: `train-${n}`,
          user_id: n % 97 === 0 ? '' : `user${n % 13}`,
          status: 'FINISHED',
          start_time: 1714000000000 + n,
          end_time: 1714000060000 + n,
          artifact_uri: `s3://mlflow/${n % 40}/${id}/artifacts`,
          lifecycle_stage: 'active',
        },
        data: {
          metrics: [
            { key: 'auc', value: 0.5 + (n % 500) / 1000, timestamp: 1714000030000 + n, step: 0 },
            { key: 'loss', value: 1 / (1 + (n % 100)), timestamp: 1714000030000 + n, step: 1 },
          ],
          params: [{ key: 'lr', value: String(0.001 * (1 + (n % 10))) }],
          tags: [
            { key: 'mlflow.user', value: `user${n % 13}` },
            { key: 'cvn.data_version', value: `d${n % 7}` },
          ],
        },
      });
    }
    const text = JSON.stringify({ runs, next_page_token: p + 1 < PAGES ? `tok${p + 1}` : undefined });
    bytes += text.length;
    writeFileSync(join(DIR, `page-${String(p).padStart(4, '0')}.json`), text);
  }
  writeFileSync(join(DIR, 'done'), String(bytes));
}

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

async function native(): Promise<SideResult> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const t0 = performance.now();
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const glob = join(DIR, '*.json').replace(/'/g, "''");
  await c.run(`CREATE TABLE pages AS SELECT runs FROM read_json('${glob}', format = 'auto', maximum_object_size = 1073741824)`);
  await c.run('CREATE TABLE r AS SELECT unnest(runs) AS run FROM pages');
  await c.run(
    'CREATE TABLE runs AS SELECT run.info.run_id AS run_id, run.info.experiment_id AS experiment_id, run.info.run_name AS run_name, run.info.user_id AS user_id, run.info.status AS status, run.info.start_time AS start_time, run.info.end_time AS end_time, run.info.artifact_uri AS artifact_uri, run.info.lifecycle_stage AS lifecycle_stage FROM r',
  );
  await c.run(
    'CREATE TABLE run_tags AS SELECT run_id, t.key AS key, t.value AS value FROM (SELECT run.info.run_id AS run_id, unnest(run.data.tags) AS t FROM r)',
  );
  await c.run(
    'CREATE TABLE run_params AS SELECT run_id, t.key AS key, t.value AS value FROM (SELECT run.info.run_id AS run_id, unnest(run.data.params) AS t FROM r)',
  );
  await c.run(
    'CREATE TABLE run_metrics AS SELECT run_id, m.key AS key, m.value AS value, m.timestamp AS timestamp, m.step AS step FROM (SELECT run.info.run_id AS run_id, unnest(run.data.metrics) AS m FROM r)',
  );
  await c.run('DROP TABLE r');
  await c.run('DROP TABLE pages');
  const counts = (await c.runAndReadAll(COUNTS)).getRowObjects()[0]!;
  const wallMs = performance.now() - t0;
  const peak = peakRssMb();
  const fingerprint = (await c.runAndReadAll(FINGERPRINT)).getRowObjects()[0]!;
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
  const result = side === 'ours' ? await ours() : side === 'native' ? await native() : await groupBy();
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  generate();
  const size = Number(readFileSync(join(DIR, 'done'), 'utf8')) / 1e6;
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
