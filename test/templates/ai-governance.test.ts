// The ai-governance template over the fixture deployment: the canonical model record is built from
// registry, run and artifact evidence, and its compliance rules propose exactly the planted gaps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkbook } from '../../core/workbook/store';
import { runCells } from '../../node/evidence/engine';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { failuresOf, gapLines, offlineGapLines, templateWorkbook } from '../helpers/deployment';

const PLANTED = [
  [1, 'Minor', 'Model records are incomplete: their source run cannot be found'],
  [1, 'Minor', 'Registered models have no description of their purpose'],
  [2, 'Major', 'A model has no accountable owner'],
  [3, 'Major', 'A high-risk model states no risk category'],
  [3, 'Critical', 'A production model on personal data has no privacy assessment'],
  [4, 'Major', 'Production or staging models have no reproducible environment'],
  [4, 'Major', 'A production model has no baseline metrics'],
];

let run: Awaited<ReturnType<typeof templateWorkbook>>;
beforeAll(async () => void (run = await templateWorkbook('ai-governance')), 120_000);
afterAll(() => run?.stop());

describe('ai-governance against the fixture deployment', () => {
  it('builds the canonical record, flags the incomplete one, and proposes exactly the planted gaps', async () => {
    const outcomes = await runCells(run.dir, {}, { env: run.deployment.env });
    expect(failuresOf(outcomes)).toEqual([]);
    const record = outcomes.find((o) => o.cell === 'model-record')!;
    if (record.status !== 'captured') throw new Error('no record');
    const t = record.recorded.tables[0]!;
    const col = (name: string) => t.columns.findIndex((c) => c.name === name);
    expect(
      t.rows.map(
        (r) =>
          `${r[col('model_name')]} v${r[col('version_number')]} ${r[col('lifecycle_stage')]} owner=${r[col('owner')]} complete=${r[col('run_found')]}`,
      ),
    ).toEqual([
      'churn-score v1 None owner=null complete=true',
      'credit-limit v1 Staging owner=credit-team complete=true',
      'fraud-alert v2 Production owner=fraud-ml complete=true',
      'ftf-btc v3 Production owner=quant-research complete=true',
      'ftf-eth v1 Archived owner=null complete=false',
      'ftf-eth v2 Production owner=quant-research complete=true',
      'kyc-screening v4 Production owner=compliance-ml complete=true',
    ]);
    const wb = await loadWorkbook(fs, run.dir);
    const sort = (rows: (string | number)[][]) =>
      [...rows].sort((a, b) => Number(a[0]) - Number(b[0]) || String(a[2]).localeCompare(String(b[2])));
    expect(sort(wb.gaps.map((g) => [g.pillar, g.severity, g.title]))).toEqual(sort(PLANTED));
    // Stepped metrics are read for the production and staging versions; none ends worse than its best step.
    const history = outcomes.find((o) => o.cell === 'metric-history')!;
    expect(history.status).toBe('captured');
    expect(outcomes.find((o) => o.cell === 'metrics-degraded-at-end')).toMatchObject({ check: { status: 'ok' } });
    const environment = outcomes.find((o) => o.cell === 'no-reproducible-environment')!;
    expect(environment.status === 'captured' && environment.recorded.tables[0]!.rows).toEqual([
      ['fraud-alert', '2', 'Production'],
      ['ftf-eth', '2', 'Production'],
    ]);
  }, 120_000);
});

describe('ai-governance from imported captures only (offline, no server)', () => {
  it('imports the recorded outputs and proposes the same gaps', async () => {
    expect(await offlineGapLines('ai-governance')).toEqual(await gapLines(run.dir));
  }, 120_000);
});
