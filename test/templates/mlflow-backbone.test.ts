// The mlflow-backbone template run against the fixture deployment proposes exactly its planted
// gaps, with the severities of the pillar grids.
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

let deployment: Deployment;
let cleanup: () => Promise<void>;
let dir: string;
beforeAll(async () => {
  deployment = await startDeployment();
  const tmp = await tempDir('aw-backbone-');
  cleanup = tmp.cleanup;
  dir = join(tmp.dir, 'audit');
  const template = await loadTemplate('mlflow-backbone');
  await saveWorkbook(fs, dir, instantiateTemplate(template, { id: workbookId('helix-backbone'), date: '2026-05-04', params: deployment.params }));
}, 120_000);
afterAll(async () => {
  await cleanup?.();
  await deployment?.stop();
});

describe('mlflow-backbone against the fixture deployment', () => {
  it('runs every cell and proposes exactly the planted gaps with the grid severities', async () => {
    const probe = await runCells(dir, { cell: 'write-probe' }, { env: deployment.env, yesMutating: true });
    expect(probe.map((o) => o.status)).toEqual(['captured']);
    const outcomes = await runCells(dir, {}, { env: deployment.env });
    const failures = outcomes.filter((o) => o.status === 'error' || (o.status === 'captured' && (o.check?.status === 'error' || o.check?.status === 'skip')));
    expect(failures).toEqual([]);
    const wb = await loadWorkbook(fs, dir);
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
    const tmp = await tempDir('aw-offline-');
    try {
      const offline = join(tmp.dir, 'audit');
      const { outcomes } = await runOffline('mlflow-backbone', offline);
      expect(outcomes.every((o) => o.status === 'captured' && o.check !== undefined)).toBe(true);
      expect(outcomes.filter((o) => o.status === 'captured' && (o.check?.status === 'error' || o.check?.status === 'skip'))).toEqual([]);
      const gaps = async (d: string) => (await loadWorkbook(fs, d)).gaps.map((g) => [g.id, g.pillar, g.severity, g.title].join(' ')).sort();
      expect(await gaps(offline)).toEqual(await gaps(dir));
      expect(await gaps(offline)).toHaveLength(PLANTED.length);
    } finally {
      await tmp.cleanup();
    }
  }, 120_000);
});
