// rest cells against a real HTTP server replaying MLflow REST 2.0 responses.
import { createServer as createHttpsServer } from 'node:https';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportIssues, exportReport } from '../../core/exports';
import { fixedClock } from '../../core/ports';
import { loadWorkbook } from '../../core/workbook/store';
import { runCells } from '../../node/evidence/engine';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { startServer, json, type TestServer } from '../helpers/http-server';
import { startMlflowReplay } from '../helpers/mlflow-replay';
import { allText, evidenceWorkbook, tempDir } from '../helpers/workbooks';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
async function serve(server: Promise<TestServer>) {
  const s = await server;
  cleanups.push(s.close);
  return s;
}
async function workbook(url: string, cells: Parameters<typeof evidenceWorkbook>[1], token = false) {
  const wb = await evidenceWorkbook(
    [{ name: 'MLFLOW_TRACKING_URI', value: url }, ...(token ? [{ name: 'MLFLOW_TRACKING_TOKEN', secret: { env: 'AW_TEST_TOKEN' } }] : [])],
    cells,
  );
  cleanups.push(wb.cleanup);
  return wb.dir;
}
const searchRuns = {
  id: 'recent-runs',
  kind: 'rest',
  title: 'Recent runs',
  method: 'POST',
  url: '${MLFLOW_TRACKING_URI}/api/2.0/mlflow/runs/search',
  body: '{"experiment_ids":["1"],"max_results":2}',
  pagination: 'mlflow',
  readOnly: true,
} as const;

describe('rest runner', () => {
  it('follows next_page_token and normalises runs into tables', async () => {
    const server = await serve(startMlflowReplay());
    const dir = await workbook(server.url, [searchRuns]);
    const outcome = (await runCells(dir, {}))[0]!;
    expect(outcome.status).toBe('captured');
    if (outcome.status !== 'captured') return;
    const byName = Object.fromEntries(outcome.recorded.tables.map((t) => [t.name, t]));
    expect(byName['runs']!.rows.map((r) => r[0])).toEqual(['run0', 'run1', 'run2', 'run3', 'run4']);
    expect(byName['run_tags']!.rows).toHaveLength(8);
    // The base table is the runs of all three pages, one row each (not a flattening of each run into columns).
    const base = byName['recent_runs']!;
    expect(base.rows).toEqual(byName['runs']!.rows);
    expect(base.columns.map((c) => c.name)).toEqual(byName['runs']!.columns.map((c) => c.name));
    expect(outcome.recorded.capture.tables.find((t) => t.name === 'recent_runs')!.hash).toBe(
      outcome.recorded.capture.tables.find((t) => t.name === 'runs')!.hash,
    );
    expect(server.received.map((r) => JSON.parse(r.body).page_token)).toEqual([undefined, '2', '4']);
    // The line works when pasted: MLflow (≥ 2.9) refuses a JSON body without its Content-Type.
    expect(outcome.recorded.capture.command).toBe(
      `curl -sS -X POST ${server.url}/api/2.0/mlflow/runs/search -H 'Content-Type: application/json' -d '{"experiment_ids":["1"],"max_results":2}'  # paginated (next_page_token); 3 requests`,
    );
    expect(server.received.every((r) => r.headers['content-type'] === 'application/json')).toBe(true);
    const wb = await loadWorkbook(fs, dir);
    expect(wb.pillars[0]!.cells[0]!.captures).toHaveLength(1);
  });

  it('reproduces the same hash on a re-run, and shows drift with row changes', async () => {
    const server = await serve(startMlflowReplay());
    const dir = await workbook(server.url, [searchRuns]);
    await runCells(dir, {});
    const [again] = await runCells(dir, {});
    expect(again!.status === 'captured' && again!.recorded.comparison.status).toBe('reproduced');
    const { RUNS } = await import('../helpers/mlflow-replay');
    RUNS[0]!.data.tags.push({ key: 'cvn.feature_set_version', value: 'f9' });
    try {
      const drift = (await runCells(dir, {}))[0]!;
      if (drift.status !== 'captured' || drift.recorded.comparison.status !== 'drifted') throw new Error('expected drift');
      const tags = drift.recorded.comparison.diffs.find((d) => d.table === 'run_tags')!;
      expect(tags.added).toEqual([{ run_id: 'run0', key: 'cvn.feature_set_version', value: 'f9' }]);
    } finally {
      RUNS[0]!.data.tags.pop();
    }
  });

  it('sends the token only to its own host, never across a redirect, and never stores it', async () => {
    const token = 'tok-4f9c2a7e1b5d8c3a';
    process.env['AW_TEST_TOKEN'] = token;
    cleanups.push(async () => void delete process.env['AW_TEST_TOKEN']);
    const elsewhere = await serve(startServer((_req, res) => json(res, 200, { experiments: [] })));
    const home = await serve(
      startServer((req, res) => {
        if (req.url.startsWith('/moved')) {
          res.writeHead(302, { location: `${elsewhere.url}/api/2.0/mlflow/experiments/search` });
          return res.end();
        }
        json(res, 200, { experiments: [{ experiment_id: '1', name: `echo ${String(req.headers['authorization'])}` }] });
      }),
    );
    const dir = await workbook(
      home.url,
      [
        {
          id: 'experiments',
          kind: 'rest',
          title: 'Experiments',
          url: '${MLFLOW_TRACKING_URI}/api/2.0/mlflow/experiments/search',
          auth: { parameter: 'MLFLOW_TRACKING_TOKEN' },
        },
        {
          id: 'moved',
          kind: 'rest',
          title: 'Redirected',
          url: '${MLFLOW_TRACKING_URI}/moved',
          auth: { parameter: 'MLFLOW_TRACKING_TOKEN' },
        },
      ],
      true,
    );
    const outcomes = await runCells(dir, {});
    expect(outcomes.map((o) => o.status)).toEqual(['captured', 'captured']);
    expect(home.received.every((r) => r.headers['authorization'] === `Bearer ${token}`)).toBe(true);
    expect(elsewhere.received).toHaveLength(1);
    expect(elsewhere.received[0]!.headers['authorization']).toBeUndefined();
    const out = await tempDir('aw-rest-export-');
    cleanups.push(out.cleanup);
    await exportReport(fs, dir, fixedClock('2026-05-01T00:00:00Z'), join(out.dir, 'report.md'));
    await exportIssues(fs, dir, fixedClock('2026-05-01T00:00:00Z'), join(out.dir, 'issues'));
    const files = await allText(dir);
    expect(files + (await allText(out.dir))).not.toContain(token);
    expect(files).toContain('[REDACTED]');
    const wb = await loadWorkbook(fs, dir);
    expect(wb.pillars[0]!.cells[0]!.captures[0]!.redactions).toEqual([{ where: 'output', what: 'secret parameter value', count: 1 }]);
  });

  it('captures an accepted error status as evidence (a write probe expecting 401)', async () => {
    const server = await serve(startMlflowReplay({ token: 'needed' }));
    const dir = await workbook(server.url, [
      {
        id: 'write-probe',
        kind: 'rest',
        title: 'Write probe',
        method: 'POST',
        url: '${MLFLOW_TRACKING_URI}/api/2.0/mlflow/experiments/create',
        body: '{"name":"audit_probe_ignore"}',
        mutating: true,
        acceptStatus: [401, 403],
      },
    ]);
    expect(await runCells(dir, {})).toEqual([]);
    const [probe] = await runCells(dir, { cell: 'write-probe' }, { yesMutating: true });
    expect(probe!.status === 'captured' && probe!.recorded.capture.exitStatus).toBe(401);
    const responses = probe!.status === 'captured' ? probe!.recorded.tables.find((t) => t.name === 'http_responses') : undefined;
    expect(responses?.rows).toEqual([['write-probe', 1, 401, `${server.url}/api/2.0/mlflow/experiments/create`]]);
  });

  describe('errors leave the cell with a clear message and its previous capture', () => {
    async function expectError(url: string, cell: Partial<Omit<typeof searchRuns, 'id'>> & { id: string }, message: RegExp, limits = {}) {
      const dir = await workbook(url, [{ ...searchRuns, ...cell } as never]);
      const before = await loadWorkbook(fs, dir);
      const [outcome] = await runCells(dir, {}, { limits });
      expect(outcome!.status).toBe('error');
      expect(outcome!.status === 'error' && outcome!.error).toMatch(message);
      // Nothing captured; the reason is kept on the cell for the report.
      const after = await loadWorkbook(fs, dir);
      const { failure, ...kept } = after.pillars[0]!.cells[0]!;
      expect(kept).toEqual(before.pillars[0]!.cells[0]);
      expect(failure?.error).toMatch(message);
      // …and the report says why the evidence is missing.
      const report = join(dir, 'report.md');
      await exportReport(fs, dir, fixedClock('2026-05-01T00:00:00Z'), report);
      expect(await readFile(report, 'utf8')).toContain(`not captured yet; **last run failed** ${failure!.at}: `);
    }

    it('4xx with MLflow error JSON', async () => {
      const server = await serve(startMlflowReplay());
      await expectError(
        server.url,
        {
          id: 'missing',
          method: 'GET',
          url: '${MLFLOW_TRACKING_URI}/api/2.0/mlflow/registered-models/get?name=ftf',
          pagination: 'none',
        } as never,
        /^HTTP 404 from 127\.0\.0\.1:\d+: RESOURCE_DOES_NOT_EXIST: Registered Model with name=ftf not found$/,
      );
    });

    it('5xx', async () => {
      const server = await serve(startServer((_r, res) => json(res, 503, { error_code: 'TEMPORARILY_UNAVAILABLE', message: 'db down' })));
      await expectError(server.url, { id: 'down' }, /^HTTP 503 .*TEMPORARILY_UNAVAILABLE: db down$/);
    });

    it('refused connection', async () => {
      const probe = createServer();
      await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
      const port = (probe.address() as AddressInfo).port;
      await new Promise((r) => probe.close(r));
      await expectError(`http://127.0.0.1:${port}`, { id: 'refused' }, /^connection refused by 127\.0\.0\.1:\d+$/);
    });

    it('DNS failure', async () => {
      await expectError('http://mlflow.nonexistent.invalid', { id: 'dns' }, /^cannot resolve host mlflow\.nonexistent\.invalid \(DNS\)$/);
    });

    it('timeout', async () => {
      const server = await serve(startServer(() => undefined));
      await expectError(server.url, { id: 'hung' }, /^no response from 127\.0\.0\.1:\d+ within 1 s$/, { timeoutMs: 1000 });
    });

    it('malformed and truncated JSON', async () => {
      const server = await serve(
        startServer((_r, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"runs": [{"info": {"run_id": "r1"');
        }),
      );
      await expectError(server.url, { id: 'truncated', pagination: 'none' as never }, /is not valid JSON \(truncated or malformed\)$/);
      // A page of a paginated response, too: named by its number, nothing of it kept.
      await expectError(
        server.url,
        { id: 'truncated-page', pagination: 'mlflow' },
        /^page 1 of the response is not valid JSON \(truncated or malformed\): /,
      );
    });

    it('binary output', async () => {
      const server = await serve(startServer((_r, res) => res.end(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]))));
      await expectError(server.url, { id: 'binary' }, /binary/);
    });

    it('a 300 MB response is refused, not buffered', async () => {
      const server = await serve(
        startServer((_r, res) => {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(300 * 1024 * 1024) });
          res.write('[');
        }),
      );
      await expectError(server.url, { id: 'huge' }, /^response of 300 MB exceeds the 256 MB cap; narrow the request$/);
    });

    it('a streamed response past the cap is cut off', async () => {
      const server = await serve(
        startServer((_r, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          const chunk = Buffer.alloc(64 * 1024, 0x20);
          let sent = 0;
          const push = () => {
            while (sent < 8 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
            if (sent < 8 * 1024 * 1024) res.once('drain', push);
            else res.end();
          };
          push();
        }),
      );
      await expectError(server.url, { id: 'stream' }, /exceeds the 2 MB cap/, { maxOutputBytes: 2 * 1024 * 1024 });
    });

    it('TLS error', async () => {
      const tmp = await tempDir('aw-tls-');
      cleanups.push(tmp.cleanup);
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-subj',
          '/CN=localhost',
          '-days',
          '1',
          '-keyout',
          join(tmp.dir, 'k.pem'),
          '-out',
          join(tmp.dir, 'c.pem'),
        ],
        { stdio: 'ignore' },
      );
      const server = createHttpsServer(
        { key: await readFile(join(tmp.dir, 'k.pem')), cert: await readFile(join(tmp.dir, 'c.pem')) },
        (_q, res) => res.end('{}'),
      );
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      cleanups.push(() => new Promise((r) => server.close(() => r())));
      await expectError(
        `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
        { id: 'tls' },
        /^TLS error with 127\.0\.0\.1:\d+: .*certificate/i,
      );
    });

    it('a POST that is neither read-only nor mutating is refused before any request', async () => {
      const server = await serve(startMlflowReplay());
      await expectError(server.url, { id: 'post', readOnly: false } as never, /^refused: POST request/);
      expect(server.received).toHaveLength(0);
    });
  });
});
