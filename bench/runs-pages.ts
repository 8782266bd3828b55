// MLflow runs/search pages for the benchmarks (PAGES × RUNS runs, each with 2 metrics, 1 param and
// 2 tags, MLflow's field names, 32-character ids and full artifact URIs: ≈0.58 MB a page of 1,000),
// written once per size to a folder of the temp dir, and the reference every benchmark measures
// against: native DuckDB (@duckdb/node-api) reading the same files with read_json and unnesting
// them into runs, run_tags, run_params and run_metrics.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type TestServer } from '../test/helpers/http-server';
import { LIMITS, decodeToken, encodeToken, mlflowError, pythonJson, refusedContentType, requestParams } from '../test/helpers/mlflow-rules';

export interface SideResult {
  wallMs: number;
  peakRssMb: number;
  counts: Record<string, number>;
  /** What the tables hold, read after the clock stops: both sides must agree. */
  fingerprint?: Record<string, number>;
}

// Row counts, read before the clock stops (the tables are queryable).
export const COUNTS =
  'SELECT (SELECT count(*) FROM runs) AS runs, (SELECT count(*) FROM run_tags) AS run_tags, (SELECT count(*) FROM run_params) AS run_params, (SELECT count(*) FROM run_metrics) AS run_metrics';
// The content, in sums that do not depend on row order or on BIGINT against DOUBLE.
export const FINGERPRINT = `SELECT
  (SELECT count(DISTINCT run_id) FROM runs) AS run_ids,
  (SELECT sum(end_time - start_time) FROM runs) AS durations,
  (SELECT sum(length(artifact_uri) + length(run_name) + length(user_id) + length(experiment_id)) FROM runs) AS run_text,
  (SELECT count(DISTINCT run_id || key || value) FROM run_tags) AS tags,
  (SELECT sum(length(value)) FROM run_params) AS params,
  (SELECT round(sum(value), 3) FROM run_metrics) AS metric_sum,
  (SELECT count(*) FROM run_metrics m JOIN runs r USING (run_id)) AS joined`;
export const numbers = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));

/** Peak resident set size of this process so far (VmHWM), in MB. */
export function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

/** runs/search over the page files (cut at RUNS runs): MLflow's request rules, the files' pages as its answers. */
export function servePages(dir: string, pages: number, RUNS: number): Promise<TestServer> {
  return startServer((req, res) => {
    if (refusedContentType(req, res)) return;
    if (req.method !== 'POST' || !req.url.endsWith('/api/2.0/mlflow/runs/search')) {
      return mlflowError(res, 404, 'ENDPOINT_NOT_FOUND', `no endpoint ${req.method} ${req.url}`);
    }
    const params = requestParams(req);
    const ids = params['experiment_ids'];
    if (!Array.isArray(ids) || ids.length === 0) {
      return mlflowError(res, 400, 'INVALID_PARAMETER_VALUE', "Missing value for required parameter 'experiment_ids'.");
    }
    const max = Number(params['max_results'] ?? LIMITS.runs.default);
    if (!Number.isInteger(max) || max < 1 || max > LIMITS.runs.max) {
      return mlflowError(res, 400, 'INVALID_PARAMETER_VALUE', `Invalid value ${String(max)} for parameter 'max_results'`);
    }
    // The files are cut at RUNS; this stand-in serves that cut only.
    if (max !== RUNS) return mlflowError(res, 400, 'INVALID_PARAMETER_VALUE', `this benchmark serves pages of ${RUNS} runs`);
    const offset = decodeToken(params['page_token']);
    if (offset === null || offset % RUNS !== 0 || offset / RUNS >= pages) {
      return mlflowError(res, 400, 'INVALID_PARAMETER_VALUE', 'Invalid page token, could not base64-decode');
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(readFileSync(pageFile(dir, offset / RUNS)));
  });
}

export const pagesFolder = (pages: number, runs: number, indented = false) =>
  join(tmpdir(), `aw-runs-pages-${pages}x${runs}${indented ? '-indented' : ''}`);
export const pageFile = (dir: string, page: number) => join(dir, `page-${String(page).padStart(5, '0')}.json`);

/**
 * Writes the pages (once per size; later runs reuse them) and returns their folder and total size
 * in MB. Compact JSON, or `indented` as a real MLflow server writes its answers (pythonJson).
 */
export function generatePages(pages: number, runs: number, indented = false): { dir: string; megabytes: number } {
  const dir = pagesFolder(pages, runs, indented);
  if (!existsSync(join(dir, 'done'))) {
    mkdirSync(dir, { recursive: true });
    let bytes = 0;
    for (let p = 0; p < pages; p++) {
      const page = [];
      for (let r = 0; r < runs; r++) {
        const n = p * runs + r;
        const id = n.toString(16).padStart(32, '0');
        page.push({
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
      // MLflow's page token: an opaque base64 of the next offset.
      const answer = { runs: page, ...(p + 1 < pages ? { next_page_token: encodeToken((p + 1) * runs) } : {}) };
      const text = indented ? pythonJson(answer) : JSON.stringify(answer);
      bytes += text.length;
      writeFileSync(pageFile(dir, p), text);
    }
    writeFileSync(join(dir, 'done'), String(bytes));
  }
  return { dir, megabytes: Number(readFileSync(join(dir, 'done'), 'utf8')) / 1e6 };
}

/** The reference: native DuckDB reads the page files and unnests them into the four tables. */
export async function nativeIngest(dir: string): Promise<SideResult> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const t0 = performance.now();
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const glob = join(dir, '*.json').replace(/'/g, "''");
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
