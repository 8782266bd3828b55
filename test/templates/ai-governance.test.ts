// The ai-governance template over the fixture deployment: the canonical model record is built from
// registry, run and artifact evidence, and its compliance rules propose exactly the planted gaps.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workbookId } from '../../core/ids';
import { instantiateTemplate } from '../../core/templates/template';
import { loadWorkbook, saveWorkbook } from '../../core/workbook/store';
import { runCells } from '../../node/evidence/engine';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { loadTemplate } from '../../node/templates';
import { runOffline, startDeployment, type Deployment } from '../helpers/deployment';
import { tempDir } from '../helpers/workbooks';

const PLANTED = [
  [1, 'Minor', 'Model records are incomplete: their source run cannot be found'],
  [2, 'Major', 'A model has no accountable owner'],
  [3, 'Major', 'A high-risk model states no risk category'],
  [3, 'Critical', 'A production model on personal data has no privacy assessment'],
  [4, 'Major', 'Production or staging models have no reproducible environment'],
  [4, 'Major', 'A production model has no baseline metrics'],
];

let deployment: Deployment;
let cleanup: () => Promise<void>;
let dir: string;
beforeAll(async () => {
  deployment = await startDeployment();
  const tmp = await tempDir('aw-governance-');
  cleanup = tmp.cleanup;
  dir = join(tmp.dir, 'audit');
  const template = await loadTemplate('ai-governance');
  const params = Object.fromEntries(template.parameters.map((p) => [p.name, deployment.params[p.name]!]));
  await saveWorkbook(fs, dir, instantiateTemplate(template, { id: workbookId('helix-governance'), date: '2026-05-04', params }));
}, 120_000);
afterAll(async () => {
  await cleanup?.();
  await deployment?.stop();
});

describe('ai-governance against the fixture deployment', () => {
  it('builds the canonical record, flags the incomplete one, and proposes exactly the planted gaps', async () => {
    const outcomes = await runCells(dir, {}, { env: deployment.env });
    expect(outcomes.filter((o) => o.status !== 'captured' || o.check?.status === 'error' || o.check?.status === 'skip')).toEqual([]);
    const record = outcomes.find((o) => o.cell === 'model-record')!;
    if (record.status !== 'captured') throw new Error('no record');
    const t = record.recorded.tables[0]!;
    const col = (name: string) => t.columns.findIndex((c) => c.name === name);
    expect(t.rows.map((r) => `${r[col('model_name')]} v${r[col('version_number')]} ${r[col('lifecycle_stage')]} owner=${r[col('owner')]} complete=${r[col('run_found')]}`)).toEqual([
      'churn-score v1 None owner=null complete=true',
      'credit-limit v1 Staging owner=credit-team complete=true',
      'fraud-alert v2 Production owner=fraud-ml complete=true',
      'ftf-btc v3 Production owner=quant-research complete=true',
      'ftf-eth v1 Archived owner=null complete=false',
      'ftf-eth v2 Production owner=quant-research complete=true',
      'kyc-screening v4 Production owner=compliance-ml complete=true',
    ]);
    const wb = await loadWorkbook(fs, dir);
    const sort = (rows: (string | number)[][]) => [...rows].sort((a, b) => Number(a[0]) - Number(b[0]) || String(a[2]).localeCompare(String(b[2])));
    expect(sort(wb.gaps.map((g) => [g.pillar, g.severity, g.title]))).toEqual(sort(PLANTED));
    const environment = outcomes.find((o) => o.cell === 'no-reproducible-environment')!;
    expect(environment.status === 'captured' && environment.recorded.tables[0]!.rows).toEqual([
      ['fraud-alert', '2', 'Production'],
      ['ftf-eth', '2', 'Production'],
    ]);
  }, 120_000);
});

describe('ai-governance from imported captures only (offline, no server)', () => {
  it('imports the recorded outputs and proposes the same gaps', async () => {
    const tmp = await tempDir('aw-governance-offline-');
    try {
      const offline = join(tmp.dir, 'audit');
      const { outcomes } = await runOffline('ai-governance', offline);
      expect(outcomes.filter((o) => o.status !== 'captured' || o.check?.status === 'error' || o.check?.status === 'skip')).toEqual([]);
      const gaps = async (d: string) => (await loadWorkbook(fs, d)).gaps.map((g) => [g.id, g.pillar, g.severity, g.title].join(' ')).sort();
      expect(await gaps(offline)).toEqual(await gaps(dir));
      expect(await gaps(offline)).toHaveLength(PLANTED.length);
    } finally {
      await tmp.cleanup();
    }
  }, 120_000);
});
