// The living audit end to end: the scheduled workflow's command (`reaudit`) against the fixture
// deployment (Orbit's MLflow and a copy of its code repository) and the fake GitHub. A clean run
// exits 0 and opens nothing; drift planted in the deployment between two runs exits 1 and opens
// ONE issue holding the delta; a second run with the drift still there updates that issue; once the
// drift is gone the issue is closed. The workbook is never written.
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellId, gapId, workbookId } from '../core/ids';
import { instantiateTemplate } from '../core/templates/template';
import { loadWorkbook, saveWorkbook } from '../core/workbook/store';
import { runCells } from '../node/evidence/engine';
import { reauditMarker } from '../node/github/reaudit-issue';
import { nodeFileSystem as fs } from '../node/node-file-system';
import { loadTemplate } from '../node/templates';
import { runCli } from './helpers/cli';
import { DEPLOYMENTS, failuresOf, startDeployment, type Deployment } from './helpers/deployment';
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github';
import { tempDir } from './helpers/workbooks';

const TOKEN = 'ghp_reauditTestToken000000000000000000000';
const ENV_KEYS = [
  'AW_FIXTURE_MLFLOW_TOKEN',
  'AW_FIXTURE_BACKEND_STORE_URI',
  'KUBECONFIG',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AW_REAUDIT_GH',
];

let deployment: Deployment;
let github: FakeGitHub;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let dir: string;
let repoDir: string;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  [deployment, github, tmp] = await Promise.all([startDeployment('orbit'), startFakeGitHub({ token: TOKEN }), tempDir('aw-living-')]);
  // The deployment's code repository, copied so that the test can change it (plant drift).
  repoDir = join(tmp.dir, 'repo');
  await cp(join(DEPLOYMENTS.orbit, 'repo'), repoDir, { recursive: true });
  for (const key of ENV_KEYS) saved[key] = process.env[key];
  for (const key of ENV_KEYS.slice(0, -1)) {
    if (deployment.env[key] === undefined) delete process.env[key];
    else process.env[key] = deployment.env[key];
  }
  process.env['AW_REAUDIT_GH'] = TOKEN;

  dir = join(tmp.dir, 'audit');
  const template = await loadTemplate('mlflow-registry');
  const given: Record<string, string> = { ...deployment.params, REPO_DIR: repoDir };
  const params = Object.fromEntries(template.parameters.flatMap((p) => (given[p.name] === undefined ? [] : [[p.name, given[p.name]!]])));
  await saveWorkbook(fs, dir, instantiateTemplate(template, { id: workbookId('orbit-living'), date: '2026-05-04', params }));
  // The audit as certified last quarter: every cell captured, and a gap closed by the check that proves it.
  expect(failuresOf(await runCells(dir, {}, { env: deployment.env }))).toEqual([]);
  const wb = await loadWorkbook(fs, dir);
  await saveWorkbook(fs, dir, {
    ...wb,
    gaps: [
      ...wb.gaps,
      {
        ...wb.gaps[0]!,
        id: gapId('REG-01'),
        pillar: 3,
        title: 'Promotion without a champion/challenger gate',
        severity: 'Minor',
        status: 'Closed',
        evidence: [],
        closingCheck: cellId('champion-challenger-gate'),
      },
    ],
  });
  // …and published, so the document also says what changed since that version.
  const published = await runCli(['publish', dir, '--message', 'Certified by the DRI'], { home: join(tmp.dir, 'home') });
  expect(published.code, published.err).toBe(0);
}, 120_000);

afterAll(async () => {
  for (const key of ENV_KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  await github?.close();
  await deployment?.stop();
  await tmp?.cleanup();
});

const reaudit = (out: string, now: string, extra: string[] = []) =>
  runCli(
    [
      'reaudit',
      dir,
      '--repo',
      github.repo,
      '--api-url',
      github.url,
      '--token-env',
      'AW_REAUDIT_GH',
      '--out',
      out,
      '--trust',
      '--json',
      ...extra,
    ],
    { home: join(tmp.dir, 'home'), now },
  );

interface ReauditJson {
  verdict: string;
  exitCode: number;
  cells: { cell: string; status: string }[];
  regressions: { gap: string; check: string }[];
  issue?: { action: string; number?: number };
}

describe('reaudit: the scheduled re-audit', () => {
  it('no drift: exit 0, the delta document written, no issue', async () => {
    const before = await readFile(join(dir, 'workbook.json'), 'utf8');
    const out = join(tmp.dir, 'delta-1.md');
    const r = await reaudit(out, '2027-03-01T06:00:00Z');
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out) as ReauditJson;
    expect(json.verdict).toBe('reproduced');
    expect(json.cells.length).toBeGreaterThan(4);
    expect(json.cells.every((c) => c.status === 'reproduced')).toBe(true);
    expect(github.issues).toEqual([]);
    const doc = await readFile(out, 'utf8');
    expect(doc).toContain('evidence reproduced');
    expect(doc).toContain('## Commands run');
    expect(doc).toContain('2027-03-01T06:00:00Z');
    expect(await readFile(join(dir, 'workbook.json'), 'utf8')).toBe(before);
  }, 60_000);

  it('drift planted in the deployment: exit 1, ONE issue with the delta; a second run updates it', async () => {
    // A promotion path without the gate: the code drifts and the closed gap's check alarms again.
    await writeFile(
      join(repoDir, 'jobs', 'promote_now.py'),
      'from mlflow import MlflowClient\n\n\ndef promote(version):\n    MlflowClient().set_registered_model_alias("orbit-eta", "champion", version)\n',
    );
    const before = await readFile(join(dir, 'workbook.json'), 'utf8');
    const out = join(tmp.dir, 'delta-2.md');
    const first = await reaudit(out, '2027-06-01T06:00:00Z');
    expect(first.code, first.err).toBe(1);
    const json = JSON.parse(first.out) as ReauditJson;
    expect(json.verdict).toBe('drifted');
    expect(json.cells.find((c) => c.cell === 'registration-code')?.status).toBe('drifted');
    expect(json.regressions).toEqual([expect.objectContaining({ gap: 'REG-01', check: 'champion-challenger-gate' })]);
    expect(json.issue).toEqual(expect.objectContaining({ action: 'created', number: 1 }));
    expect(github.issues).toHaveLength(1);
    const issue = github.issues[0]!;
    expect(issue.state).toBe('open');
    expect(issue.labels).toEqual(['re-audit']);
    expect(issue.body).toContain(reauditMarker('orbit-living'));
    expect(issue.body).toContain('## Closed gaps whose check alarms again');
    expect(issue.body).toContain('promote_now.py');
    const doc = await readFile(out, 'utf8');
    expect(doc).toContain('## Evidence that drifted');
    expect(doc).toContain('## Since v1');
    expect(issue.body).toContain(doc.trim());

    const second = await reaudit(join(tmp.dir, 'delta-3.md'), '2027-09-01T06:00:00Z');
    expect(second.code, second.err).toBe(1);
    expect((JSON.parse(second.out) as ReauditJson).issue).toEqual(expect.objectContaining({ action: 'updated', number: 1 }));
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]!.body).toContain('2027-09-01T06:00:00Z');
    expect(github.writes().filter((w) => w.method === 'POST' && w.url.endsWith('/issues'))).toHaveLength(1);
    expect(await readFile(join(dir, 'workbook.json'), 'utf8')).toBe(before);
  }, 60_000);

  it('exit 3 when the issue cannot be written; once the drift is gone the issue is closed', async () => {
    const noToken = await runCli(
      ['reaudit', dir, '--repo', github.repo, '--api-url', github.url, '--token-env', 'AW_REAUDIT_UNSET', '--trust'],
      { home: join(tmp.dir, 'home') },
    );
    expect(noToken.code).toBe(3);
    expect(noToken.err).toContain('no GitHub token');

    await rm(join(repoDir, 'jobs', 'promote_now.py'));
    const clean = await reaudit(join(tmp.dir, 'delta-4.md'), '2027-12-01T06:00:00Z');
    expect(clean.code, clean.err).toBe(0);
    expect((JSON.parse(clean.out) as ReauditJson).issue).toEqual(expect.objectContaining({ action: 'closed', number: 1 }));
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]!.state).toBe('closed');
  }, 60_000);

  it('exit 3 when the workbook is not trusted here and --trust is not given', async () => {
    const r = await runCli(['reaudit', dir], { home: join(tmp.dir, 'other-home') });
    expect(r.code).toBe(3);
    expect(r.err).toContain('not trusted');
  });
});
