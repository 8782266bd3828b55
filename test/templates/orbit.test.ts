// The four templates against a second deployment with its own conventions (fixtures/deployment-orbit/,
// EXPECTED.md there): `data.version` / `feature_set.version` tags, experiments that include smoke
// runs, a SQLite backend, no authentication at all, 152 registered models over two pages, code in
// app/ and jobs/ with no dags/. Each template runs with its defaults and only the addresses, as a
// new user would run it; it proposes exactly the planted gaps, online and from imported captures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkbook } from '../../core/workbook/store';
import { runCells, type CellOutcome } from '../../node/evidence/engine';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { failuresOf, gapLines, offlineGapLines, templateWorkbook } from '../helpers/deployment';

/** Per template: the planted gaps (pillar, severity, title, violating rows) and the checks that must skip. */
const PLANTED: Record<string, { gaps: [number, string, string, number][]; skips: string[] }> = {
  'mlflow-backbone': {
    gaps: [
      [1, 'Major', 'Several tracking URIs in use', 2],
      [2, 'Critical', 'A tracking server runs on a SQLite backend', 1],
      [4, 'Critical', 'A production model was trained in a non-promotable experiment', 1],
      [4, 'Major', 'Model versions point at runs that no longer exist', 2],
      [4, 'Major', 'Registry stages used instead of aliases', 1],
      [4, 'Minor', 'Stale registry stages: versions kept in Staging or Production long after the registry moved on', 1],
      [5, 'Major', 'Runs miss mandatory lineage tags', 1],
      [6, 'Critical', 'Production loads a model from a raw runs:/ URI', 1],
      [7, 'Critical', 'The tracking server accepts writes without authentication', 1],
      [7, 'Major', 'MLflow servers run without an authentication app (--app-name basic-auth)', 1],
      [7, 'Major', 'Runs are logged without an identity', 1],
      [7, 'Major', 'The tracking server answers without authentication', 1],
    ],
    // No artifact lists given: the hash comparison is left out, and says so.
    skips: ['artifact-hash-parity'],
  },
  'mlflow-registry': {
    gaps: [
      [1, 'Minor', 'Registration is not idempotent', 1],
      [2, 'Major', 'Serving loads a model without a registry alias', 1],
    ],
    skips: [],
  },
  'mlflow-runs': {
    gaps: [
      [1, 'Major', 'Runs are logged to different tracking URIs', 2],
      [4, 'Major', 'Runs log no parameters', 1],
    ],
    // Orbit has no audit-trail module nor report builders to point at.
    skips: ['audit-trail-without-mlflow', 'reports-without-run-id'],
  },
  'ai-governance': {
    gaps: [
      [1, 'Minor', 'Model records are incomplete: their source run cannot be found', 1],
      [4, 'Major', 'A production model has no baseline metrics', 1],
      [4, 'Major', 'Production or staging models have no reproducible environment', 2],
    ],
    skips: [],
  },
};

const byPillarThenTitle = (a: (string | number)[], b: (string | number)[]) =>
  Number(a[0]) - Number(b[0]) || String(a[2]).localeCompare(String(b[2]));

for (const [template, planted] of Object.entries(PLANTED)) {
  describe(`${template} against the Orbit deployment (its own conventions, defaults only)`, () => {
    let run: Awaited<ReturnType<typeof templateWorkbook>>;
    let outcomes: CellOutcome[];
    beforeAll(async () => {
      run = await templateWorkbook(template, 'orbit');
      if (template === 'mlflow-backbone') await runCells(run.dir, { cell: 'write-probe' }, { env: run.deployment.env, yesMutating: true });
      outcomes = await runCells(run.dir, {}, { env: run.deployment.env });
    }, 120_000);
    afterAll(() => run?.stop());

    it('proposes exactly the planted gaps, with their grid severities and violating rows', async () => {
      const failures = failuresOf(outcomes).filter(
        (o) => !(o.status === 'captured' && o.check?.status === 'skip' && planted.skips.includes(o.cell)),
      );
      // Cells whose inputs are not set are left out with a reason; nothing else fails.
      expect(failures.filter((o) => o.status !== 'skipped')).toEqual([]);
      expect(outcomes.filter((o) => o.status === 'captured' && o.check?.status === 'skip').map((o) => o.cell)).toEqual(planted.skips);
      const wb = await loadWorkbook(fs, run.dir);
      const rows = (gap: (typeof wb.gaps)[number]) => {
        const cell = wb.pillars.flatMap((p) => p.cells).find((c) => c.id === gap.closingCheck)!;
        return cell.captures.at(-1)!.tables[0]!.rows;
      };
      const proposed = wb.gaps.map((g) => [g.pillar, g.severity, g.title, rows(g)]).sort(byPillarThenTitle);
      expect(proposed).toEqual([...planted.gaps].sort(byPillarThenTitle));
    });

    if (template === 'mlflow-registry') {
      it('reads all 152 registered models over MLflow pages of 100', async () => {
        const wb = await loadWorkbook(fs, run.dir);
        const capture = wb.pillars
          .flatMap((p) => p.cells)
          .find((c) => c.id === 'registered-models')!
          .captures.at(-1)!;
        expect(capture.command).toMatch(/# paginated \(next_page_token\); 2 requests/);
        expect(capture.tables.find((t) => t.name === 'registered_models')!.rows).toBe(152);
      });
    }

    it('proposes the same gaps from imported captures only (offline)', async () => {
      expect(await offlineGapLines(template, 'orbit', planted.skips)).toEqual(await gapLines(run.dir));
    }, 120_000);
  });
}

describe('the Orbit deployment, read as a stock MLflow is', () => {
  it('reads every registered model over MLflow pages, and runs of every active experiment without a token', async () => {
    const run = await templateWorkbook('mlflow-backbone', 'orbit');
    try {
      const outcomes = await runCells(run.dir, { pillar: 5 }, { env: run.deployment.env });
      await runCells(run.dir, { cell: 'registered-models' }, { env: run.deployment.env });
      const wb = await loadWorkbook(fs, run.dir);
      const cell = (id: string) =>
        wb.pillars
          .flatMap((p) => p.cells)
          .find((c) => c.id === id)!
          .captures.at(-1)!;
      expect(cell('registered-models').tables.find((t) => t.name === 'registered_models')!.rows).toBe(152);
      expect(cell('registered-models').command).toContain('paginated');
      // Experiments 0–3 are active (4 is deleted): the runs of all four, none of the deleted one's.
      expect(cell('recent-runs').command).toContain(`"experiment_ids": ["0","1","2","3"]`);
      expect(cell('recent-runs').notes).toEqual(['sent without credentials: MLFLOW_TRACKING_TOKEN is not set']);
      expect(cell('recent-runs').tables.find((t) => t.name === 'runs')!.rows).toBe(15);
      expect(outcomes.find((o) => o.cell === 'tag-emission-sites')!.status).toBe('captured');
    } finally {
      await run.stop();
    }
  }, 120_000);
});
