// The mlflow-backbone template run against the fixture deployment proposes exactly its planted
// gaps, with the severities of the pillar grids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkbook } from '../../core/workbook/store';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { gapLines, offlineGapLines, templateWorkbook } from '../helpers/deployment';
import { tempDir } from '../helpers/workbooks';

/** The planted gaps of the fixture deployment for this template (fixtures/deployment/EXPECTED.md). */
const PLANTED: [number, string, string, number][] = [
  [1, 'Major', 'Several tracking URIs in use', 2],
  [2, 'Critical', 'A tracking server runs on a SQLite backend', 1],
  [3, 'Critical', 'Runs store artifacts on local disk (file://)', 1],
  [4, 'Major', 'Registry stages used instead of aliases', 2],
  [4, 'Major', 'Model versions point at runs that no longer exist', 1],
  [5, 'Major', 'Runs miss mandatory lineage tags', 2],
  [6, 'Critical', 'Production loads a model from a raw runs:/ URI', 1],
  [6, 'Critical', 'Live serves an artifact whose hash differs from the backtested one', 1],
  [7, 'Critical', 'The tracking server accepts writes without authentication', 1],
  [7, 'Critical', 'The artifact bucket is publicly readable', 1],
  [7, 'Major', 'Runs are logged without an identity', 1],
  [7, 'Major', 'The tracking server answers without authentication', 1],
  [7, 'Major', 'MLflow servers run without an authentication app (--app-name basic-auth)', 2],
  [7, 'Major', "The tracking server's ingress does not authenticate", 1],
];

const BIN = fileURLToPath(new URL('../../bin/audit-workbench.mjs', import.meta.url));
const cli = (args: string[], env: NodeJS.ProcessEnv) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(process.execPath, [BIN, ...args], { env, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );

let run: Awaited<ReturnType<typeof templateWorkbook>>;
beforeAll(async () => void (run = await templateWorkbook('mlflow-backbone')), 120_000);
afterAll(() => run?.stop());

describe('mlflow-backbone against the fixture deployment', () => {
  it('runs every cell and proposes exactly the planted gaps with the grid severities', async () => {
    // As a user runs it: the audit-workbench binary, the probe named explicitly, then everything.
    // A workbook made by the test, not by `new` on this machine: the user trusts it once, with --trust.
    const home = await tempDir('aw-home-');
    const env = { ...run.deployment.env, AUDIT_WORKBENCH_HOME: home.dir };
    const probe = await cli(['run', run.dir, '--cell', 'write-probe', '--yes-mutating', '--trust'], env);
    expect(probe.code).toBe(0);
    expect(probe.stdout).toMatch(/^\[1\/1\] write-probe: captured — sha256 [0-9a-f]{12}/);
    expect(probe.stderr).toContain('is now trusted on this machine');
    const all = await cli(['run', run.dir], env);
    await home.cleanup();
    expect(all.stderr).toBe('');
    expect(all.code).toBe(0);
    const lines = all.stdout.trim().split('\n');
    expect(lines).toHaveLength(42); // every cell but the mutating probe
    expect(lines.filter((l) => / check alarm — /.test(l))).toHaveLength(PLANTED.length);
    expect(lines.filter((l) => / check ok — /.test(l)).map((l) => l.split(': ')[0]!.replace(/^\[\d+\/\d+\] /, ''))).toEqual([
      'stale-stages',
      'promoted-from-non-promotable',
      'runs-missing-data-version',
    ]);
    expect(lines.filter((l) => / error — | skip — /.test(l))).toEqual([]);
    const wb = await loadWorkbook(fs, run.dir);
    // Each gap with its violating rows: run 0004's two missing tags, no run flagged for a tag name Helix does not use.
    const rows = (check: string | undefined) =>
      wb.pillars
        .flatMap((p) => p.cells)
        .find((c) => c.id === check)!
        .captures.at(-1)!.tables[0]!.rows;
    const proposed = wb.gaps
      .map((g) => [g.pillar, g.severity, g.title, rows(g.closingCheck)])
      .sort((a, b) => Number(a[0]) - Number(b[0]) || String(a[2]).localeCompare(String(b[2])));
    const expected = [...PLANTED].sort((a, b) => Number(a[0]) - Number(b[0]) || String(a[2]).localeCompare(String(b[2])));
    expect(proposed).toEqual(expected);
    expect(wb.gaps.every((g) => g.status === 'Proposed' && g.evidence[0]?.capture)).toBe(true);
  }, 120_000);
});

describe('mlflow-backbone from imported captures only (offline, no server)', () => {
  it('imports the recorded outputs and proposes the same gaps', async () => {
    const offline = await offlineGapLines('mlflow-backbone');
    expect(offline).toEqual(await gapLines(run.dir));
    expect(offline).toHaveLength(PLANTED.length);
  }, 120_000);
});
