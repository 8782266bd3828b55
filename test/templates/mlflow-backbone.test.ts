// The mlflow-backbone template run against the fixture deployment proposes exactly its planted
// gaps, with the severities of the pillar grids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkbook } from '../../core/workbook/store';
import { runCells } from '../../node/evidence/engine';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { failuresOf, gapLines, offlineGapLines, templateWorkbook } from '../helpers/deployment';

/** The planted gaps of the fixture deployment for this template (fixtures/deployment/EXPECTED.md). */
const PLANTED = [
  [1, 'Major', 'Several tracking URIs in use, one of them a local file store'],
  [2, 'Critical', 'A tracking server runs on a SQLite backend'],
  [3, 'Critical', 'Runs store artifacts on local disk (file://)'],
  [4, 'Major', 'Registry stages used instead of aliases'],
  [4, 'Major', 'Model versions point at runs that no longer exist'],
  [5, 'Major', 'Runs miss mandatory lineage tags'],
  [6, 'Critical', 'Production loads a model from a raw runs:/ URI'],
  [6, 'Critical', 'Live serves an artifact whose hash differs from the backtested one'],
  [7, 'Critical', 'The tracking server accepts writes without authentication'],
  [7, 'Critical', 'The artifact bucket is publicly readable'],
  [7, 'Major', 'Runs are logged without an identity'],
];

let run: Awaited<ReturnType<typeof templateWorkbook>>;
beforeAll(async () => void (run = await templateWorkbook('mlflow-backbone')), 120_000);
afterAll(() => run?.stop());

describe('mlflow-backbone against the fixture deployment', () => {
  it('runs every cell and proposes exactly the planted gaps with the grid severities', async () => {
    const probe = await runCells(run.dir, { cell: 'write-probe' }, { env: run.deployment.env, yesMutating: true });
    expect(probe.map((o) => o.status)).toEqual(['captured']);
    const outcomes = await runCells(run.dir, {}, { env: run.deployment.env });
    expect(failuresOf(outcomes)).toEqual([]);
    const wb = await loadWorkbook(fs, run.dir);
    const proposed = wb.gaps.map((g) => [g.pillar, g.severity, g.title]).sort((a, b) => Number(a[0]) - Number(b[0]) || String(a[2]).localeCompare(String(b[2])));
    const expected = [...PLANTED].sort((a, b) => Number(a[0]) - Number(b[0]) || String(a[2]).localeCompare(String(b[2])));
    expect(proposed).toEqual(expected);
    expect(wb.gaps.every((g) => g.status === 'Proposed' && g.evidence[0]?.capture)).toBe(true);
    const ok = outcomes.filter((o) => o.status === 'captured' && o.check?.status === 'ok').map((o) => o.cell);
    expect(ok).toEqual(['runs-missing-data-version']);
  }, 120_000);
});

describe('mlflow-backbone from imported captures only (offline, no server)', () => {
  it('imports the recorded outputs and proposes the same gaps', async () => {
    const offline = await offlineGapLines('mlflow-backbone');
    expect(offline).toEqual(await gapLines(run.dir));
    expect(offline).toHaveLength(PLANTED.length);
  }, 120_000);
});
