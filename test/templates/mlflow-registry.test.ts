// The mlflow-registry template (seed 001) over the fixture deployment: planted gaps proposed
// exactly with seed 001's P1 labels, and the ✅/❌ summary set by the checks.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportReport } from '../../core/exports';
import { workbookId } from '../../core/ids';
import { fixedClock } from '../../core/ports';
import { instantiateTemplate } from '../../core/templates/template';
import { loadWorkbook, saveWorkbook } from '../../core/workbook/store';
import { runCells } from '../../node/evidence/engine';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { loadTemplate } from '../../node/templates';
import { runOffline, startDeployment, type Deployment } from '../helpers/deployment';
import { tempDir } from '../helpers/workbooks';

const PLANTED = [
  [2, 'Major', 'Serving loads a model without a registry alias'],
  [3, 'Major', 'No champion/challenger comparison: a newly registered model becomes champion unconditionally'],
  [3, 'Major', 'No automatic rollback on post-promotion degradation'],
];

let deployment: Deployment;
let cleanup: () => Promise<void>;
let dir: string;
beforeAll(async () => {
  deployment = await startDeployment();
  const tmp = await tempDir('aw-registry-');
  cleanup = tmp.cleanup;
  dir = join(tmp.dir, 'audit');
  const template = await loadTemplate('mlflow-registry');
  const params = Object.fromEntries(template.parameters.map((p) => [p.name, deployment.params[p.name]!]));
  await saveWorkbook(fs, dir, instantiateTemplate(template, { id: workbookId('helix-registry'), date: '2026-05-04', params }));
}, 120_000);
afterAll(async () => {
  await cleanup?.();
  await deployment?.stop();
});

const gapsOf = async (d: string) => (await loadWorkbook(fs, d)).gaps.map((g) => [g.id, g.pillar, g.severity, g.title].join(' ')).sort();

describe('mlflow-registry against the fixture deployment', () => {
  it('proposes exactly the planted gaps and fills the compliance status table', async () => {
    const outcomes = await runCells(dir, {}, { env: deployment.env });
    expect(outcomes.filter((o) => o.status !== 'captured' || o.check?.status === 'error' || o.check?.status === 'skip')).toEqual([]);
    const wb = await loadWorkbook(fs, dir);
    expect(wb.gaps.map((g) => [g.pillar, g.severity, g.title])).toEqual(PLANTED);
    expect(wb.controls.map((c) => [c.aspect, c.status, c.gaps.join(',')])).toEqual([
      ['Registration idempotency', 'pass', ''],
      ['Serving consumes by alias', 'fail', 'GAP-01'],
      ['Champion/challenger gate', 'fail', 'GAP-02'],
      ['Rollback automation', 'fail', 'GAP-03'],
    ]);
    const out = await tempDir('aw-registry-report-');
    try {
      const { markdown } = await exportReport(fs, dir, fixedClock('2026-05-04T12:00:00Z'), join(out.dir, 'r.md'));
      expect(markdown).toContain('| Champion/challenger gate | ❌ (GAP-02) |');
      expect(markdown).toContain('| Registration idempotency | ✅ |');
      expect(markdown).toContain('| GAP-03 | 3 | P1 | No automatic rollback on post-promotion degradation | Proposed |');
      expect(markdown).toContain('## Confirmed configuration');
    } finally {
      await out.cleanup();
    }
  }, 120_000);

  it('gives the same gaps from imported captures only', async () => {
    const tmp = await tempDir('aw-registry-offline-');
    try {
      const offline = join(tmp.dir, 'audit');
      const { outcomes } = await runOffline('mlflow-registry', offline);
      expect(outcomes.filter((o) => o.status !== 'captured' || o.check?.status === 'error' || o.check?.status === 'skip')).toEqual([]);
      expect(await gapsOf(offline)).toEqual(await gapsOf(dir));
    } finally {
      await tmp.cleanup();
    }
  }, 120_000);
});
