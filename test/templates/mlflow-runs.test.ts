// The mlflow-runs template (seed 003) over the fixture deployment: planted gaps proposed exactly,
// and the compliance status table set by the checks.
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
  [1, 'Major', 'Runs are logged to different tracking URIs'],
  [2, 'Major', 'MLflow runs are not recorded in the audit trail'],
  [3, 'Major', 'Generated reports cannot be traced to the run that produced them'],
];

let deployment: Deployment;
let cleanup: () => Promise<void>;
let dir: string;
beforeAll(async () => {
  deployment = await startDeployment();
  const tmp = await tempDir('aw-runs-');
  cleanup = tmp.cleanup;
  dir = join(tmp.dir, 'audit');
  const template = await loadTemplate('mlflow-runs');
  const params = Object.fromEntries(template.parameters.map((p) => [p.name, deployment.params[p.name]!]));
  await saveWorkbook(fs, dir, instantiateTemplate(template, { id: workbookId('helix-runs'), date: '2026-05-04', params }));
}, 120_000);
afterAll(async () => {
  await cleanup?.();
  await deployment?.stop();
});

const gapsOf = async (d: string) => (await loadWorkbook(fs, d)).gaps.map((g) => [g.id, g.pillar, g.severity, g.title].join(' ')).sort();

describe('mlflow-runs against the fixture deployment', () => {
  it('proposes exactly the planted gaps and fills the compliance status table', async () => {
    const outcomes = await runCells(dir, {}, { env: deployment.env });
    expect(outcomes.filter((o) => o.status !== 'captured' || o.check?.status === 'error' || o.check?.status === 'skip')).toEqual([]);
    const wb = await loadWorkbook(fs, dir);
    expect(wb.gaps.map((g) => [g.pillar, g.severity, g.title])).toEqual(PLANTED);
    expect(wb.controls.map((c) => [c.aspect, c.status, c.gaps.join(',')])).toEqual([
      ['Single tracking URI', 'fail', 'GAP-01'],
      ['MLflow runs in the audit trail', 'fail', 'GAP-02'],
      ['Traceability: report → run', 'fail', 'GAP-03'],
      ['Reproducibility: parameters logged', 'pass', ''],
    ]);
    const out = await tempDir('aw-runs-report-');
    try {
      const { markdown } = await exportReport(fs, dir, fixedClock('2026-05-04T12:00:00Z'), join(out.dir, 'r.md'));
      expect(markdown).toContain('| Traceability: report → run | ❌ (GAP-03) |');
      expect(markdown).toContain('| Reproducibility: parameters logged | ✅ |');
    } finally {
      await out.cleanup();
    }
  }, 120_000);

  it('gives the same gaps from imported captures only', async () => {
    const tmp = await tempDir('aw-runs-offline-');
    try {
      const offline = join(tmp.dir, 'audit');
      const { outcomes } = await runOffline('mlflow-runs', offline);
      expect(outcomes.filter((o) => o.status !== 'captured' || o.check?.status === 'error' || o.check?.status === 'skip')).toEqual([]);
      expect(await gapsOf(offline)).toEqual(await gapsOf(dir));
    } finally {
      await tmp.cleanup();
    }
  }, 120_000);
});
