// Trust through the real CLI: a workbook created under one home folder (another auditor's machine)
// runs nothing external under another until the user has seen the commands and said so (--trust, or
// `trust`); checks over captured evidence still run; a damaged trust list trusts nothing, and says so.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOYMENTS } from './helpers/deployment';
import { tempDir } from './helpers/workbooks';

const BIN = fileURLToPath(new URL('../bin/audit-workbench.mjs', import.meta.url));
const cli = (home: string, ...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, AUDIT_WORKBENCH_HOME: home }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );

let root: { dir: string; cleanup: () => Promise<void> };
let dir: string;
let mine: string;
let theirs: string;
beforeAll(async () => {
  root = await tempDir('aw-trust-');
  dir = join(root.dir, 'audit');
  mine = join(root.dir, 'home-mine');
  theirs = join(root.dir, 'home-theirs');
  // Created on "their" machine: trusted there, not here.
  const created = await cli(
    theirs,
    'new',
    dir,
    '--template',
    'mlflow-runs',
    '--param',
    `REPO_DIR=${join(DEPLOYMENTS.orbit, 'repo')}`,
    '--param',
    'MLFLOW_TRACKING_URI=http://127.0.0.1:9',
  );
  expect(created.code).toBe(0);
}, 120_000);
afterAll(() => root?.cleanup());

describe('trust in the CLI', () => {
  it('lists what would run and runs nothing external for a workbook from elsewhere', async () => {
    const before = await readFile(join(dir, 'workbook.json'), 'utf8');
    const refused = await cli(mine, 'run', dir);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(`${dir} was not created or trusted on this machine. Its cells would run:`);
    expect(refused.stdout).toMatch(/ {2}tracking-uris: cd .* && grep -rn 'set_tracking_uri\\\|MLFLOW_TRACKING_URI' /);
    expect(refused.stdout).toMatch(
      / {2}runs: curl -sS -X POST http:\/\/127\.0\.0\.1:9\/api\/2\.0\/mlflow\/runs\/search -H 'Content-Type: application\/json'/,
    );
    expect(refused.stderr.trim().split('\n')).toEqual([
      `audit-workbench run: ${dir} is not trusted on this machine: review the 5 command(s) above, then run again with --trust (or audit-workbench trust ${dir})`,
    ]);
    const verify = await cli(mine, 'verify', dir);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain('is not trusted on this machine');
    expect(await readFile(join(dir, 'workbook.json'), 'utf8')).toBe(before);
    // Checks read only what the workbook holds: they run.
    const checks = await cli(mine, 'run', dir, '--checks');
    expect(checks.code).toBe(0);
  }, 120_000);

  it('runs where it was created, and here once trusted', async () => {
    expect((await cli(theirs, 'run', dir, '--cell', 'tracking-uris')).code).toBe(0);
    const trusted = await cli(mine, 'trust', dir);
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toContain(`${dir} is trusted on this machine (5 external cell(s)).`);
    const ran = await cli(mine, 'run', dir, '--cell', 'tracking-uris');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/tracking-uris: reproduced/);
  }, 120_000);

  it('trusts nothing when the trust list is damaged, and says so', async () => {
    await writeFile(join(mine, 'trusted.json'), '{"folders": [');
    const refused = await cli(mine, 'run', dir, '--cell', 'tracking-uris');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/note: .*trusted\.json is damaged \(.*\); it trusts nothing until a workbook is trusted again/);
    expect(refused.stderr).toContain('is not trusted on this machine');
    const again = await cli(mine, 'run', dir, '--cell', 'tracking-uris', '--trust');
    expect(again.code).toBe(0);
  }, 120_000);
});
