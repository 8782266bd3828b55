// A paginated runs/search captured page by page, against servers that answer as MLflow does
// (mlflow-server.ts): the hash does not depend on how the pages were cut, a secret split between
// two chunks of the response is still redacted, bad input at scale (endless pages, an oversized or
// truncated page, a token that expires half-way) leaves the previous capture and evidence/ as they
// were, and a run of 1,000 pages completes in a heap far smaller than the response.
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadWorkbook } from '../../core/workbook/store';
import { runCells, verifyCells } from '../../node/evidence/engine';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { startServer, type TestServer } from '../helpers/http-server';
import { decodeToken, encodeToken } from '../helpers/mlflow-rules';
import { mlflowRun, runsSearchCell } from '../helpers/mlflow-runs';
import { startMlflowServer } from '../helpers/mlflow-server';
import { allText, evidenceWorkbook } from '../helpers/workbooks';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
async function serve(server: Promise<TestServer>): Promise<TestServer> {
  const s = await server;
  cleanups.push(s.close);
  return s;
}

const run = (n: number, tag?: { key: string; value: string }) => mlflowRun(n, tag ? { tag } : {});

const mlflow = (runs: object[]) =>
  startMlflowServer({
    experiments: [{ experiment_id: '1', name: 'train', lifecycle_stage: 'active' }],
    runs: runs as never,
    registeredModels: [],
    modelVersions: [],
  });

const searchCell = (pageSize: number) => ({
  ...runsSearchCell('${MLFLOW_TRACKING_URI}', pageSize),
  auth: { parameter: 'MLFLOW_TRACKING_TOKEN', scheme: 'Bearer' as const },
});

async function workbook(url: string, pageSize: number): Promise<string> {
  const wb = await evidenceWorkbook(
    [
      { name: 'MLFLOW_TRACKING_URI', value: url },
      { name: 'MLFLOW_TRACKING_TOKEN', secret: { env: 'AW_PAGED_TOKEN' }, required: false },
    ],
    [searchCell(pageSize)],
  );
  cleanups.push(wb.cleanup);
  return wb.dir;
}

/** Sets the cell's page size (the request body) in the saved workbook. */
async function setPageSize(dir: string, pageSize: number): Promise<void> {
  const { saveWorkbook } = await import('../../core/workbook/store');
  const wb = await loadWorkbook(fs, dir);
  const cell = wb.pillars[0]!.cells[0]! as { body?: string };
  cell.body = `{"experiment_ids": ["1"], "max_results": ${pageSize}}`;
  await saveWorkbook(fs, dir, wb);
}

const evidence = async (dir: string) => (await readdir(join(dir, 'evidence')).catch(() => [] as string[])).sort();
const lastCapture = async (dir: string) => (await loadWorkbook(fs, dir)).pillars[0]!.cells[0]!.captures.at(-1);

describe('a paginated capture', () => {
  it('has the same hash however the server cut the pages, in one part or several', async () => {
    const server = await serve(mlflow(Array.from({ length: 2_500 }, (_, n) => run(n))));
    const dir = await workbook(server.url, 1000);
    const limits = { partBytes: 64 * 1024 };
    const [first] = await runCells(dir, {}, { limits });
    expect(first!.status).toBe('captured');
    const capture = (await lastCapture(dir))!;
    expect(capture.parts!.length).toBeGreaterThan(4); // ≈ 0.6 MB of runs in 64 KB parts
    expect(capture.tables.find((t) => t.name === 'runs')!.rows).toBe(2_500);
    expect(capture.readAs).toEqual({ format: 'ndjson', detected: '3 page(s), 2500 runs, one per line' });

    for (const pageSize of [700, 2_500]) {
      await setPageSize(dir, pageSize);
      const [again] = await runCells(dir, {}, { limits });
      expect(again!.status === 'captured' && again!.recorded.comparison.status, `max_results ${pageSize}`).toBe('reproduced');
      expect((await lastCapture(dir))!.hash).toBe(capture.hash);
    }
    // The same parts, stored once; evidence/ holds nothing else than the captures name.
    const captures = (await loadWorkbook(fs, dir)).pillars[0]!.cells[0]!.captures;
    for (const c of captures) expect(c.parts).toEqual(capture.parts);
    const named = new Set(captures.flatMap((c) => [...c.parts!, ...c.tables.map((t) => t.hash)]));
    expect((await evidence(dir)).map((n) => n.replace(/\.gz$/, '')).sort()).toEqual([...named].sort());
    // validate checks every part; publish seals them.
    const { publishVersion, verifyWorkbook } = await import('../../core/workbook/versions');
    const { fixedClock } = await import('../../core/ports');
    await publishVersion(fs, dir, { message: 'v1' }, fixedClock('2026-12-07T10:00:00Z'));
    const checked = await verifyWorkbook(fs, dir);
    expect(checked.problems).toEqual([]);
    expect(checked.blobsChecked).toBe(named.size);
  });

  it('verifies an unchanged server without building the tables again, and a changed one with the rows that changed', async () => {
    const runs = Array.from({ length: 1_200 }, (_, n) => run(n));
    const server = await serve(mlflow(runs));
    const dir = await workbook(server.url, 500);
    await runCells(dir, {});
    const spools = async () => (await readdir(tmpdir())).filter((n) => n.startsWith(`aw-verify-${process.pid}-`));
    const [same] = await verifyCells(dir);
    expect(same!.status === 'captured' && same!.recorded.comparison.status).toBe('reproduced');
    expect(same!.status === 'captured' && same!.recorded.capture.tables).toEqual((await lastCapture(dir))!.tables);
    expect(same!.status === 'captured' && same!.recorded.tables).toEqual([]); // named, not built again
    (runs[7]!.info as { status: string }).status = 'KILLED';
    const [changed] = await verifyCells(dir);
    expect(changed!.status === 'captured' && changed!.recorded.comparison.status).toBe('drifted');
    if (changed!.status !== 'captured' || changed!.recorded.comparison.status !== 'drifted') return;
    expect(changed!.recorded.comparison.diffs.find((d) => d.table === 'runs')!.counts).toEqual({ added: 0, removed: 0, changed: 1 });
    expect(await spools()).toEqual([]);
    expect((await loadWorkbook(fs, dir)).pillars[0]!.cells[0]!.captures).toHaveLength(1); // verify writes nothing
  });

  it('shows drift by key when a run changed between two captures', async () => {
    const runs = Array.from({ length: 1_200 }, (_, n) => run(n));
    const server = await serve(mlflow(runs));
    const dir = await workbook(server.url, 500);
    await runCells(dir, {});
    (runs[600]!.info as { status: string }).status = 'FAILED';
    runs.push(run(5_000));
    const [again] = await runCells(dir, {});
    expect(again!.status === 'captured' && again!.recorded.comparison.status).toBe('drifted');
    if (again!.status !== 'captured' || again!.recorded.comparison.status !== 'drifted') return;
    const runsDiff = again!.recorded.comparison.diffs.find((d) => d.table === 'runs')!;
    expect(runsDiff.key).toEqual(['run_id']);
    expect(runsDiff.counts).toEqual({ added: 1, removed: 0, changed: 1 });
    expect(runsDiff.changed[0]!.before['status']).toBe('FINISHED');
    expect(runsDiff.changed[0]!.after['status']).toBe('FAILED');
  });

  it('redacts a secret that arrives split between two chunks of a page', async () => {
    const token = 'ghp_' + 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7c';
    const known = 'known-secret-value-7f3a9c';
    const page = JSON.stringify({
      runs: [run(1, { key: 'ci.note', value: `pushed with ${token}` }), run(2, { key: 'ci.echo', value: `bearer ${known}` })],
    });
    // Each secret is cut in two, the halves written as separate chunks of one response.
    const cuts = [page.indexOf(token) + 10, page.indexOf(known) + 8];
    const server = await serve(
      startServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunks = [page.slice(0, cuts[0]), page.slice(cuts[0], cuts[1]), page.slice(cuts[1])];
        const next = (i: number): void => {
          if (i === chunks.length) return void res.end();
          res.write(chunks[i], () => next(i + 1));
        };
        next(0);
      }),
    );
    const dir = await workbook(server.url, 1000);
    const [outcome] = await runCells(dir, {}, { env: { AW_PAGED_TOKEN: known } });
    expect(outcome!.status).toBe('captured');
    const text = await allText(dir);
    expect(text).not.toContain(token);
    expect(text).not.toContain(known);
    expect(text).toContain('pushed with [REDACTED]');
    const capture = (await lastCapture(dir))!;
    expect(capture.redactions.map((r) => r.what).sort()).toEqual(['GitHub token', 'secret parameter value']);
  });

  it('keeps pages that are not JSON whole, as before (a CSV API paged by Link headers)', async () => {
    const server = await serve(
      startServer((req, res) => {
        const second = req.url.includes('page=2');
        res.writeHead(200, { 'content-type': 'text/csv', ...(second ? {} : { link: '</export?page=2>; rel="next"' }) });
        res.end(second ? 'id,name\n3,c\n' : 'id,name\n1,a\n2,b\n');
      }),
    );
    const dir = await workbook(server.url, 1);
    const { saveWorkbook } = await import('../../core/workbook/store');
    const wb = await loadWorkbook(fs, dir);
    Object.assign(wb.pillars[0]!.cells[0]!, { method: 'GET', url: `${server.url}/export`, pagination: 'link', body: undefined });
    await saveWorkbook(fs, dir, wb);
    const [outcome] = await runCells(dir, {});
    expect(outcome!.status, outcome!.status === 'error' ? outcome!.error : '').toBe('captured');
    const capture = (await lastCapture(dir))!;
    expect(capture.parts).toBeUndefined();
    expect(capture.readAs?.format).not.toBe('ndjson');
    expect(capture.tables.find((t) => t.name === 'http_responses')!.rows).toBe(2);
  });

  describe('bad input at scale leaves the previous capture and evidence/ as they were', () => {
    /** Runs the cell once against a good server, then against `bad`; the second run must fail with `message`. */
    async function expectRefused(bad: (goodUrl: string) => Promise<TestServer>, message: RegExp, limits = {}) {
      const good = await serve(mlflow(Array.from({ length: 300 }, (_, n) => run(n))));
      const dir = await workbook(good.url, 100);
      await runCells(dir, {}, { limits: { partBytes: 16 * 1024 } });
      const before = await loadWorkbook(fs, dir);
      const files = await evidence(dir);
      const server = await serve(bad(good.url));
      const { saveWorkbook } = await import('../../core/workbook/store');
      await saveWorkbook(fs, dir, {
        ...before,
        parameters: before.parameters.map((p) => (p.name === 'MLFLOW_TRACKING_URI' ? { ...p, value: server.url } : p)),
      });
      const [outcome] = await runCells(dir, {}, { limits: { partBytes: 16 * 1024, ...limits }, env: { AW_PAGED_TOKEN: 'tok-1234567' } });
      expect(outcome!.status).toBe('error');
      expect(outcome!.status === 'error' && outcome!.error).toMatch(message);
      const after = await loadWorkbook(fs, dir);
      expect(after.pillars[0]!.cells[0]!.captures).toEqual(before.pillars[0]!.cells[0]!.captures);
      expect(after.pillars[0]!.cells[0]!.failure?.error).toMatch(message);
      // Parts written while the pages streamed in are removed: nothing half-written stays.
      expect(await evidence(dir)).toEqual(files);
    }

    /**
     * A runs/search that never stops paging (`size` runs a page, always a next token) until page
     * number `bad.from` (0-based), which it answers with `bad.status` and `bad.body` instead.
     */
    const pager = (bad: { from: number; status: number; body: string } | null, size = 50) =>
      startServer((req, res) => {
        const token = (JSON.parse(req.body || '{}') as { page_token?: string }).page_token;
        const offset = token ? decodeToken(token)! : 0;
        res.writeHead(bad && offset / size >= bad.from ? bad.status : 200, { 'content-type': 'application/json' });
        res.end(
          bad && offset / size >= bad.from
            ? bad.body
            : JSON.stringify({
                runs: Array.from({ length: size }, (_, i) => run(offset + i)),
                next_page_token: encodeToken(offset + size),
              }),
        );
      });

    it('a server that never stops paging', async () => {
      await expectRefused(() => pager(null, 5), /^more than 1000 pages; narrow the request$/);
    }, 120_000);

    it('a page larger than the cap', async () => {
      const body = JSON.stringify({ runs: Array.from({ length: 5_000 }, (_, i) => run(i)) });
      await expectRefused(() => pager({ from: 3, status: 200, body }), /exceeds the 1 MB cap; narrow the request$/, {
        maxOutputBytes: 2 ** 20,
      });
    });

    it('a page truncated in the middle of a run', async () => {
      const body = JSON.stringify({ runs: [run(1), run(2)], next_page_token: encodeToken(9_999) }).slice(0, 700);
      await expectRefused(
        () => pager({ from: 4, status: 200, body }),
        /^page 5 of the response is not valid JSON \(truncated or malformed\): /,
      );
    });

    it('a token that expires half-way', async () => {
      const body = JSON.stringify({ error_code: 'UNAUTHENTICATED', message: 'Token expired' });
      await expectRefused(() => pager({ from: 6, status: 401, body }), /^HTTP 401 from 127\.0\.0\.1:\d+: UNAUTHENTICATED: Token expired$/);
    });
  });

  it('runs 1,000 pages through the CLI in a heap far smaller than the response', async () => {
    // 1,000 pages of 40 runs: ≈ 23 MB of JSON. A pipeline that joined the pages into one string and
    // parsed it whole needs several times that in heap; this one is held to 64 MB of old space.
    const server = await serve(mlflow(Array.from({ length: 40_000 }, (_, n) => run(n))));
    const dir = await workbook(server.url, 40);
    const { trustWorkbook } = await import('../../node/app/trust');
    const home = join(dir, '../home');
    await trustWorkbook(home, dir);
    const cli = fileURLToPath(new URL('../../bin/audit-workbench.mjs', import.meta.url));
    const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, ['--max-old-space-size=64', cli, 'run', dir], {
        env: { ...process.env, AUDIT_WORKBENCH_HOME: home, NO_COLOR: '1' },
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('close', (code) => resolve({ code, output }));
    });
    expect(result.code, result.output).toBe(0);
    const capture = (await lastCapture(dir))!;
    expect(capture.readAs?.detected).toBe('1000 page(s), 40000 runs, one per line');
    expect(capture.tables.find((t) => t.name === 'runs')!.rows).toBe(40_000);
    expect(capture.tables.find((t) => t.name === 'run_metrics')!.rows).toBe(40_000);
  }, 180_000);
});
