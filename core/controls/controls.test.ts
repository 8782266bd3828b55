// The controls overview and the bulk-run plan, over a small workbook built here and the demo fixture.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/helpers/workbooks';
import { validateWorkbook } from '../workbook/file-format';
import type { WorkbookInput } from '../workbook/schema';
import { controlsOverview } from './overview';
import { cellReads, tableProducers, tablesNamed } from './reads';
import { runPlan } from './run-plan';

const HASH = (n: number) => n.toString(16).padStart(64, '0');
const capture = (n: number, at: string, extra: Record<string, unknown> = {}) => ({
  hash: HASH(n),
  command: 'x',
  startedAt: at,
  durationMs: 1,
  status: 'ok',
  ...extra,
});

/** Pillar 1 (audited second): evidence, a check over it, a note, an import, a mutating probe, a manual check.
 *  Pillar 2 (audited first): a check declared before the cell whose sub-table it reads. */
function workbook(): ReturnType<typeof validateWorkbook> {
  const raw: WorkbookInput = {
    schemaVersion: 1,
    id: 'controls-test',
    title: 'Controls',
    date: '2026-05-01',
    pillars: [
      {
        number: 1,
        name: 'Tracking',
        order: 2,
        cells: [
          { id: 'notes', kind: 'note', title: 'Why', markdown: '' },
          {
            id: 'uris',
            kind: 'shell',
            title: 'URIs',
            argv: ['grep', 'x'],
            captures: [capture(1, '2026-05-01T10:00:00Z', { tables: [{ name: 'uris', hash: HASH(11), rows: 2 }] })],
          },
          {
            id: 'many-uris',
            kind: 'check',
            title: 'Several tracking URIs',
            sql: "-- from runs? no: from uris\nWITH u AS (SELECT * FROM uris WHERE content LIKE '%runs%') SELECT * FROM u",
            captures: [
              capture(2, '2026-05-01T09:00:00Z', { checkStatus: 'alarm', tables: [{ name: 'many_uris', hash: HASH(12), rows: 3 }] }),
            ],
          },
          { id: 'pasted', kind: 'import', title: 'Pasted', sourceCommand: 'kubectl get pods' },
          { id: 'probe', kind: 'rest', title: 'Write probe', method: 'POST', url: 'http://x', mutating: true },
          { id: 'attested', kind: 'check', title: 'Attested', sql: 'SELECT 1', manual: true },
        ],
      },
      {
        number: 2,
        name: 'Runs',
        order: 1,
        cells: [
          {
            id: 'runs-no-user',
            kind: 'check',
            title: 'Runs without a user',
            sql: 'SELECT run_id FROM runs r JOIN "run_tags" t USING (run_id) WHERE user_id IS NULL',
            captures: [
              capture(3, '2026-05-01T11:00:00Z', { checkStatus: 'ok', tables: [{ name: 'runs_no_user', hash: HASH(13), rows: 0 }] }),
            ],
          },
          {
            id: 'runs-broken',
            kind: 'check',
            title: 'Broken SQL',
            sql: 'SELECT * FROM nowhere',
            captures: [capture(4, '2026-05-01T11:00:00Z', { checkStatus: 'error', error: 'Catalog Error: nowhere', tables: [] })],
          },
          { id: 'never-run', kind: 'check', title: 'Never run', sql: 'SELECT * FROM workbook_parameters' },
          {
            id: 'recent-runs',
            kind: 'rest',
            title: 'Recent runs',
            url: 'http://x/runs',
            captures: [
              capture(5, '2026-05-01T10:30:00Z', {
                tables: [
                  { name: 'recent_runs', hash: HASH(14), rows: 1 },
                  { name: 'runs', hash: HASH(15), rows: 4 },
                  { name: 'run_tags', hash: HASH(16), rows: 9 },
                ],
              }),
            ],
          },
          { id: 'durations', kind: 'query', title: 'Durations', sql: 'SELECT * FROM recent_runs__runs' },
        ],
      },
    ],
    gaps: [
      { id: 'G-01', pillar: 1, title: 'Several URIs', severity: 'Major', closingCheck: 'many-uris' },
      { id: 'G-02', pillar: 1, title: 'Closed one', severity: 'Minor', status: 'Closed', closingCheck: 'many-uris' },
    ],
  } as WorkbookInput;
  return validateWorkbook(raw, 'test');
}

describe('tables a SQL reads', () => {
  const known = new Set(['uris', 'runs', 'run_tags', 'u']);
  it('finds known names, not in comments, strings or WITH names', () => {
    expect(tablesNamed("-- runs\nWITH u AS (SELECT 'runs' FROM uris) SELECT * FROM u, run_tags", known)).toEqual(['uris', 'run_tags']);
    expect(tablesNamed('SELECT * FROM "RUNS" /* run_tags */', known)).toEqual(['runs']);
  });
  it('names the cells that capture a shared sub-table, and per-cell parts', () => {
    const wb = workbook();
    const producers = tableProducers(wb);
    expect(producers.get('runs')).toEqual(['recent-runs']);
    expect(producers.get('recent_runs__runs')).toEqual(['recent-runs']);
    const check = wb.pillars[1]!.cells[0]!;
    expect(cellReads(check, producers)).toEqual([
      { table: 'runs', cells: ['recent-runs'], own: false },
      { table: 'run_tags', cells: ['recent-runs'], own: false },
    ]);
  });
});

describe('controls overview', () => {
  it('gives each check its state, reason, last run, evidence and open gaps, by pillar in audit order', () => {
    const o = controlsOverview(workbook());
    expect(o.pillars.map((p) => p.number)).toEqual([2, 1]);
    const byId = Object.fromEntries(o.pillars.flatMap((p) => p.checks).map((c) => [c.cell, c]));
    expect(byId['many-uris']).toMatchObject({
      state: 'alarm',
      reason: '3 violating rows',
      lastRun: '2026-05-01T09:00:00Z',
      reads: [{ table: 'uris', cells: ['uris'], own: true }],
      // uris was captured at 10:00, after the check's 09:00 run.
      stale: true,
      gaps: ['G-01'],
    });
    expect(byId['runs-no-user']).toMatchObject({ state: 'ok', reason: 'no violation', stale: false, gaps: [] });
    expect(byId['runs-broken']).toMatchObject({ state: 'error', reason: 'Catalog Error: nowhere' });
    expect(byId['never-run']).toMatchObject({
      state: 'skip',
      reason: 'not run yet',
      lastRun: null,
      reads: [{ table: 'workbook_parameters', cells: [], own: false }],
    });
    expect(byId['attested']).toMatchObject({ state: 'manual', reason: 'not attested yet', lastRun: null });
  });

  it('counts states per pillar and overall', () => {
    const o = controlsOverview(workbook());
    expect(o.count).toBe(5);
    expect(o.totals).toEqual({ ok: 1, alarm: 1, error: 1, skip: 1, manual: 1 });
    expect(o.pillars[0]!.totals).toEqual({ ok: 1, alarm: 0, error: 1, skip: 1, manual: 0 });
    expect(o.pillars[1]!.totals).toEqual({ ok: 0, alarm: 1, error: 0, skip: 0, manual: 1 });
  });

  it('says error when a failure was recorded after the last capture', () => {
    const wb = workbook();
    const cell = wb.pillars[0]!.cells[2]!;
    Object.assign(cell, { failure: { at: '2026-05-02T08:00:00Z', error: 'cancelled' } });
    expect(controlsOverview(wb).pillars[1]!.checks[0]).toMatchObject({ cell: 'many-uris', state: 'error', reason: 'cancelled' });
  });

  it('matches the demo workbook: 12 checks, 11 alarms and 1 ok', () => {
    const wb = validateWorkbook(JSON.parse(readFileSync(`${FIXTURES}/demo-helix-backbone/workbook.json`, 'utf8')), 'demo');
    const o = controlsOverview(wb);
    expect(o.count).toBe(12);
    expect(o.totals).toEqual({ ok: 1, alarm: 11, error: 0, skip: 0, manual: 0 });
    const p7 = o.pillars.find((p) => p.number === 7)!;
    expect(p7.checks.find((c) => c.cell === 'runs-without-identity')!.reads).toEqual([
      { table: 'runs', cells: ['recent-runs'], own: false },
    ]);
  });
});

describe('run plan', () => {
  it('runs evidence before the checks and queries that read it, and leaves out imports and mutating cells', () => {
    const plan = runPlan(workbook(), 2);
    expect(plan.cells.map((c) => c.cell)).toEqual(['recent-runs', 'runs-no-user', 'runs-broken', 'never-run', 'durations']);
    expect(runPlan(workbook(), 1)).toEqual({
      cells: [
        { cell: 'uris', title: 'URIs', kind: 'shell', pillar: 1 },
        { cell: 'many-uris', title: 'Several tracking URIs', kind: 'check', pillar: 1 },
      ],
      left: [
        { cell: 'pasted', title: 'Pasted', kind: 'import', pillar: 1, reason: expect.stringContaining('import cell') },
        { cell: 'probe', title: 'Write probe', kind: 'rest', pillar: 1, reason: expect.stringContaining('mutating') },
        { cell: 'attested', title: 'Attested', kind: 'check', pillar: 1, reason: expect.stringContaining('manual check') },
      ],
    });
  });

  it('runs every pillar: all evidence first in audit order, then the checks', () => {
    expect(runPlan(workbook(), 'all').cells.map((c) => c.cell)).toEqual([
      'recent-runs',
      'uris',
      'runs-no-user',
      'runs-broken',
      'never-run',
      'durations',
      'many-uris',
    ]);
  });

  it('puts a query that reads another query after it', () => {
    const wb = workbook();
    const cells = wb.pillars[1]!.cells;
    cells.unshift({ ...cells[4]!, id: 'slow-runs', title: 'Slow', sql: 'SELECT * FROM durations' } as (typeof cells)[number]);
    expect(runPlan(wb, 2).cells.map((c) => c.cell)).toEqual([
      'recent-runs',
      'runs-no-user',
      'runs-broken',
      'never-run',
      'durations',
      'slow-runs',
    ]);
  });

  it('refuses an unknown pillar', () => {
    expect(() => runPlan(workbook(), 9)).toThrow('no pillar numbered 9');
  });
});
