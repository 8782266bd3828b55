// query and check cells over evidence loaded into DuckDB-wasm, with gaps proposed and fixes verified.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadWorkbook, saveWorkbook } from '../../core/workbook/store';
import { attestCheck, runCells } from '../../node/evidence/engine';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { RUNS, startMlflowReplay } from '../helpers/mlflow-replay';
import { evidenceWorkbook } from '../helpers/workbooks';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup() {
  const server = await startMlflowReplay();
  cleanups.push(server.close);
  const wb = await evidenceWorkbook(
    [{ name: 'MLFLOW_TRACKING_URI', value: server.url }],
    [
      {
        id: 'recent-runs',
        kind: 'rest',
        title: 'Recent runs',
        method: 'POST',
        url: '${MLFLOW_TRACKING_URI}/api/2.0/mlflow/runs/search',
        body: '{"experiment_ids":["1"]}',
        pagination: 'mlflow',
        readOnly: true,
      },
      {
        id: 'runs-by-user',
        kind: 'query',
        title: 'Runs by user',
        sql: "SELECT coalesce(nullif(user_id, ''), '(blank)') AS user_id, count(*) AS runs FROM runs GROUP BY 1 ORDER BY 1",
      },
      {
        id: 'blank-user',
        kind: 'check',
        title: 'Runs with a blank user',
        sql: "SELECT run_id FROM runs WHERE coalesce(user_id, '') = '' ORDER BY run_id",
        proposes: { title: 'Runs with a blank mlflow.user', severity: 'Major' },
      },
      {
        id: 'missing-data-version',
        kind: 'check',
        title: 'Runs missing cvn.data_version',
        sql: "SELECT r.run_id FROM runs r WHERE NOT EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = r.run_id AND t.key = 'cvn.data_version') ORDER BY 1",
        proposes: { title: 'Runs without the data version tag', severity: 'Critical' },
      },
      { id: 'needs-pods', kind: 'check', title: 'Pods without probes', sql: 'SELECT * FROM pods' },
      { id: 'broken-sql', kind: 'check', title: 'Broken', sql: 'SELEC 1' },
      { id: 'promotion-review', kind: 'check', title: 'Promotion path reviewed by hand', sql: 'SELECT 1', manual: true },
    ],
  );
  cleanups.push(wb.cleanup);
  return wb.dir;
}

describe('query and check cells', () => {
  it('runs queries and checks over the captured evidence and proposes gaps from alarms, once', async () => {
    const dir = await setup();
    const outcomes = await runCells(dir, {});
    const summary = Object.fromEntries(
      outcomes.map((o) => [o.cell, o.status === 'captured' ? (o.check ? `${o.check.status}: ${o.check.message}` : 'captured') : o.status]),
    );
    expect(summary).toEqual({
      'recent-runs': 'captured',
      'runs-by-user': 'captured',
      'blank-user': 'alarm: 1 violating row(s)',
      'missing-data-version': 'alarm: 2 violating row(s)',
      'needs-pods': 'skip: needs table pods: capture the cell that produces it first',
      'broken-sql': expect.stringMatching(/^error: Parser Error: syntax error at or near "SELEC"/),
      'promotion-review': 'manual: manual check: attested by the auditor',
    });
    const query = outcomes.find((o) => o.cell === 'runs-by-user')!;
    expect(query.status === 'captured' && query.recorded.tables[0]!.rows).toEqual([
      ['(blank)', 1],
      ['alice', 4],
    ]);

    const wb = await loadWorkbook(fs, dir);
    expect(wb.gaps.map((g) => [g.id, g.title, g.severity, g.status, g.closingCheck, g.evidence[0]!.rows, g.evidence[0]!.note])).toEqual([
      ['GAP-01', 'Runs with a blank mlflow.user', 'Major', 'Proposed', 'blank-user', '1', '1 violating row(s)'],
      ['GAP-02', 'Runs without the data version tag', 'Critical', 'Proposed', 'missing-data-version', '1–2', '2 violating row(s)'],
    ]);
    const blankCapture = wb.pillars[0]!.cells.find((c) => c.id === 'blank-user')!.captures[0]!;
    expect(wb.gaps[0]!.evidence[0]!.capture).toBe(blankCapture.hash);
    expect(blankCapture.checkStatus).toBe('alarm');

    await runCells(dir, {});
    expect((await loadWorkbook(fs, dir)).gaps).toHaveLength(2);
  });

  it('marks a gap fix-verified when its closing check turns ok, with the capture that proves it', async () => {
    const dir = await setup();
    await runCells(dir, {});
    const wb = await loadWorkbook(fs, dir);
    await saveWorkbook(fs, dir, { ...wb, gaps: wb.gaps.map((g) => (g.id === 'GAP-01' ? { ...g, status: 'Open' as const } : g)) });
    const original = RUNS[3]!.info.user_id;
    RUNS[3]!.info.user_id = 'bob';
    try {
      const outcomes = await runCells(dir, {});
      const check = outcomes.find((o) => o.cell === 'blank-user')!;
      expect(check.status === 'captured' && check.check).toMatchObject({ status: 'ok', effect: { verified: ['GAP-01'] } });
      const after = await loadWorkbook(fs, dir);
      const gap = after.gaps.find((g) => g.id === 'GAP-01')!;
      const latest = after.pillars[0]!.cells.find((c) => c.id === 'blank-user')!.captures.at(-1)!;
      expect(gap.fixVerified).toEqual({ capture: latest.hash, at: latest.startedAt });
    } finally {
      RUNS[3]!.info.user_id = original;
    }
    const regressed = (await runCells(dir, {})).find((o) => o.cell === 'blank-user')!;
    expect(regressed.status === 'captured' && regressed.check?.effect?.regressed).toEqual(['GAP-01']);
    expect((await loadWorkbook(fs, dir)).gaps.find((g) => g.id === 'GAP-01')!.fixVerified).toBeUndefined();
  });

  it('attests a manual check with a note, and refuses to attest anything else', async () => {
    const dir = await setup();
    const recorded = await attestCheck(dir, 'promotion-review', {
      note: 'Walked the promotion DAG with the DRI: alias-based, one step per crypto.',
      by: 'A. Auditor',
      now: () => new Date('2026-05-02T10:00:00Z'),
    });
    expect(recorded.capture).toMatchObject({
      checkStatus: 'manual',
      command: 'attested by A. Auditor',
      source: 'manual attestation by A. Auditor',
      startedAt: '2026-05-02T10:00:00Z',
    });
    expect(recorded.tables[0]!.rows).toEqual([[1, 'Walked the promotion DAG with the DRI: alias-based, one step per crypto.']]);
    await expect(attestCheck(dir, 'blank-user', { note: 'x', by: 'A' })).rejects.toThrow('"blank-user" is not a manual check');
    await expect(attestCheck(dir, 'promotion-review', { note: '  ', by: 'A' })).rejects.toThrow(/needs a note/);
  });

  it('audit-workbench query prints a table over the evidence, and names the tables on error', async () => {
    const dir = await setup();
    await runCells(dir, { cell: 'recent-runs' });
    const bin = fileURLToPath(new URL('../../bin/audit-workbench.mjs', import.meta.url));
    const run = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile(process.execPath, [bin, ...args], (error, stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        ),
      );
    const ok = await run('query', dir, 'SELECT key, count(*) AS n FROM run_tags GROUP BY key ORDER BY key');
    expect(ok.stdout).toBe('key               n\n----------------  -\ncvn.data_version  3\nmlflow.user       5\n(2 rows)\n');
    const bad = await run('query', dir, 'SELECT * FROM nope');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /Table with name nope does not exist.*\(tables: http_responses, recent_runs, run_metrics, run_params, run_tags, runs, workbook_parameters\)/,
    );
  }, 120_000); // two CLI processes: seconds each on a loaded machine
});
