// The mlflow-runs template (seed 003) over the fixture deployment: planted gaps proposed exactly,
// the compliance status table set by the checks, and the same gaps offline.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportReport } from '../../core/exports';
import { fixedClock } from '../../core/ports';
import { loadWorkbook } from '../../core/workbook/store';
import { runCells } from '../../node/evidence/engine';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { failuresOf, gapLines, offlineGapLines, templateWorkbook } from '../helpers/deployment';
import { tempDir } from '../helpers/workbooks';

const PLANTED = [
  [1, 'Major', 'Runs are logged to different tracking URIs'],
  [2, 'Major', 'MLflow runs are not recorded in the audit trail'],
  [3, 'Major', 'Generated reports cannot be traced to the run that produced them'],
];

let run: Awaited<ReturnType<typeof templateWorkbook>>;
beforeAll(async () => void (run = await templateWorkbook('mlflow-runs')), 120_000);
afterAll(() => run?.stop());

describe('mlflow-runs against the fixture deployment', () => {
  it('proposes exactly the planted gaps and fills the compliance status table', async () => {
    expect(failuresOf(await runCells(run.dir, {}, { env: run.deployment.env }))).toEqual([]);
    const wb = await loadWorkbook(fs, run.dir);
    expect(wb.gaps.map((g) => [g.pillar, g.severity, g.title])).toEqual(PLANTED);
    expect(wb.controls.map((c) => [c.aspect, c.status, c.gaps.join(',')])).toEqual([
      ['Single tracking URI', 'fail', 'GAP-01'],
      ['MLflow runs in the audit trail', 'fail', 'GAP-02'],
      ['Traceability: report → run', 'fail', 'GAP-03'],
      ['Reproducibility: parameters logged', 'pass', ''],
    ]);
    const out = await tempDir('aw-runs-report-');
    try {
      const { markdown } = await exportReport(fs, run.dir, fixedClock('2026-05-04T12:00:00Z'), join(out.dir, 'r.md'));
      expect(markdown).toContain('| Traceability: report → run | ❌ (GAP-03) |');
      expect(markdown).toContain('| Reproducibility: parameters logged | ✅ |');
    } finally {
      await out.cleanup();
    }
  }, 120_000);

  it('gives the same gaps from imported captures only', async () => {
    expect(await offlineGapLines('mlflow-runs')).toEqual(await gapLines(run.dir));
  }, 120_000);
});
