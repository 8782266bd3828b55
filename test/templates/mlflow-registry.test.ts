// The mlflow-registry template (seed 001) over the fixture deployment: planted gaps proposed
// exactly with seed 001's P1 labels, the ✅/❌ summary set by the checks, and the same gaps offline.
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
  [2, 'Major', 'Serving loads a model without a registry alias'],
  [3, 'Major', 'No champion/challenger comparison: a newly registered model becomes champion unconditionally'],
  [3, 'Major', 'No automatic rollback on post-promotion degradation'],
];

let run: Awaited<ReturnType<typeof templateWorkbook>>;
beforeAll(async () => void (run = await templateWorkbook('mlflow-registry')), 120_000);
afterAll(() => run?.stop());

describe('mlflow-registry against the fixture deployment', () => {
  it('proposes exactly the planted gaps and fills the summary table', async () => {
    expect(failuresOf(await runCells(run.dir, {}, { env: run.deployment.env }))).toEqual([]);
    const wb = await loadWorkbook(fs, run.dir);
    expect(wb.gaps.map((g) => [g.pillar, g.severity, g.title])).toEqual(PLANTED);
    expect(wb.controls.map((c) => [c.aspect, c.status, c.gaps.join(',')])).toEqual([
      ['Registration idempotency', 'pass', ''],
      ['Serving consumes by alias', 'fail', 'GAP-01'],
      ['Champion/challenger gate', 'fail', 'GAP-02'],
      ['Rollback automation', 'fail', 'GAP-03'],
    ]);
    const out = await tempDir('aw-registry-report-');
    try {
      const { markdown } = await exportReport(fs, run.dir, fixedClock('2026-05-04T12:00:00Z'), join(out.dir, 'r.md'));
      expect(markdown).toContain('| Champion/challenger gate | ❌ (GAP-02) |');
      expect(markdown).toContain('| Registration idempotency | ✅ |');
      expect(markdown).toContain('| GAP-03 | 3 | P1 | No automatic rollback on post-promotion degradation | Proposed |');
      expect(markdown).toContain('## Confirmed configuration');
    } finally {
      await out.cleanup();
    }
  }, 120_000);

  it('gives the same gaps from imported captures only', async () => {
    expect(await offlineGapLines('mlflow-registry')).toEqual(await gapLines(run.dir));
  }, 120_000);
});
