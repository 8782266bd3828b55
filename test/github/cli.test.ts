// `audit-workbench github push` as a user runs it: the real binary in a child process, against the
// fake GitHub — including a push killed with SIGKILL between two creations.
import { execFile, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { markedKeys } from '../../core/issues/github-plan';
import { loadWorkbook } from '../../core/workbook/store';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github';
import { startServer } from '../helpers/http-server';
import { allText, copyFixture } from '../helpers/workbooks';

const BIN = fileURLToPath(new URL('../../bin/audit-workbench.mjs', import.meta.url));
const TOKEN = 'ghp_CliToken0123456789abcdefABCDEF01234567';
const REPO = 'acme/platform';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/**
 * The environment of the child: this one, with the token under the given name and none of the
 * variables gh reads. The fake GitHub is not github.com, so its token is read as an Enterprise one.
 */
function env(tokenVar: string | null = 'GH_ENTERPRISE_TOKEN'): NodeJS.ProcessEnv {
  const rest = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(GH_|GITHUB_)/.test(name)));
  return tokenVar ? { ...rest, [tokenVar]: TOKEN } : rest;
}

function cli(args: string[], childEnv = env()): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 60_000, env: childEnv }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function setup(): Promise<{ fake: FakeGitHub; dir: string; push: (...more: string[]) => string[] }> {
  const fake = await startFakeGitHub({ token: TOKEN, repo: REPO });
  const copy = await copyFixture('registry-audit-seed-001');
  cleanups.push(() => fake.close(), copy.cleanup);
  const push = (...more: string[]) => ['github', 'push', copy.dir, '--repo', REPO, '--api-url', fake.url, '--pace-ms', '0', ...more];
  return { fake, dir: copy.dir, push };
}

async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out[join(e.parentPath, e.name)] = (await readFile(join(e.parentPath, e.name))).toString('base64');
  }
  return out;
}

function expectOneLineFailure(r: { code: number; stderr: string }, code: number, message: RegExp) {
  expect(r.code).toBe(code);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(message);
}

describe('audit-workbench github push', () => {
  it('has help, and is listed by the tool', async () => {
    const [top, help] = await Promise.all([cli(['--help']), cli(['github', '--help'])]);
    expect(top.stdout).toMatch(/^ {2}github push +push the child issues/m);
    expect(help.code).toBe(0);
    for (const option of ['--repo', '--dry-run', '--reopen', '--token-env', '--api-url', '--pace-ms'])
      expect(help.stdout).toContain(option);
  });

  it('refuses bad input with one line and changes nothing', async () => {
    const { dir, push } = await setup();
    const before = await tree(dir);
    expectOneLineFailure(await cli(['github', 'pull', dir]), 2, /^audit-workbench github: github takes "push <dir>"/);
    expectOneLineFailure(await cli(['github', 'push', dir, '--repo', 'not-a-repo']), 2, /--repo expects owner\/name, got "not-a-repo"/);
    expectOneLineFailure(await cli(['github', 'push', dir]), 2, /github push needs --repo owner\/name/);
    expectOneLineFailure(
      await cli(push(), env(null)),
      1,
      /no GitHub token: set GH_ENTERPRISE_TOKEN or GITHUB_ENTERPRISE_TOKEN \(to a token with read and write access to issues\)$/m,
    );
    expectOneLineFailure(await cli(push('--token-env', 'AW_GH_TOKEN'), env(null)), 1, /no GitHub token: set AW_GH_TOKEN /);
    expect(await tree(dir)).toEqual(before);
  }, 60_000);

  it('dry run prints labels and issues to create and changes nothing, here or on GitHub', async () => {
    const { fake, dir, push } = await setup();
    const before = await tree(dir);
    const r = await cli(push('--dry-run'));
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toContain('would create label severity:p1');
    expect(lines.filter((l) => /^would create \[ML-0\d\]/.test(l))).toHaveLength(3);
    expect(lines.at(-1)).toBe(`Dry run for ${REPO}: 5 to create, 8 label(s) to create; nothing was changed.`);
    expect(fake.writes()).toEqual([]);
    expect(await tree(dir)).toEqual(before);
    // --json: stdout is the JSON alone, the sentence goes to stderr.
    const json = await cli(push('--dry-run', '--json'));
    expect(json.code, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as { repo: string; status: string; labels: string[]; issues: { key: string; action: string }[] };
    expect(result).toMatchObject({ repo: REPO, status: 'dry-run' });
    expect(result.labels).toContain('severity:p1');
    expect(result.issues.map((i) => i.action)).toEqual(['create', 'create', 'create', 'create', 'create']);
    expect(json.stderr).toContain('nothing was changed');
  }, 60_000);

  it('pushes with one progress line per issue, with the token in no output and no file', async () => {
    const { fake, dir, push } = await setup();
    const r = await cli(push());
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => /^\[\d\/5\] created #\d /.test(l))).toHaveLength(5);
    expect(r.stdout).toContain(`Pushed to ${REPO}: 5 created, 8 label(s) created.`);
    const again = await cli(push());
    expect(again.stdout).toContain(`Pushed to ${REPO}: 0 created, 5 unchanged.`);
    expect(fake.issues).toHaveLength(5);
    for (const out of [r.stdout, r.stderr, again.stdout, again.stderr]) expect(out).not.toContain(TOKEN);
    expect(await allText(dir)).not.toContain(TOKEN);
  }, 60_000);

  it('401: exits 1 with one line naming the token variable, never the token', async () => {
    const { dir, push } = await setup();
    const before = await tree(dir);
    const wrong = { ...env(null), MY_TOKEN: 'ghp_Wrong000000000000000000000000000000' };
    const r = await cli(push('--token-env', 'MY_TOKEN'), wrong);
    expectOneLineFailure(r, 1, /^audit-workbench github: GitHub refused the token \(401\) while reading acme\/platform: check MY_TOKEN/);
    expect(r.stderr + r.stdout).not.toContain('ghp_Wrong');
    expect(await tree(dir)).toEqual(before);
  }, 60_000);

  it('offline: queues the push (exit 1, one line), validate shows the queue, a later push clears it', async () => {
    const { fake, dir } = await setup();
    const closed = await startServer(() => undefined);
    await closed.close();
    const offline = await cli(['github', 'push', dir, '--repo', REPO, '--api-url', closed.url, '--pace-ms', '0']);
    expectOneLineFailure(
      offline,
      1,
      /GitHub is unreachable \(ECONNREFUSED\) while reading acme\/platform: the push is queued in .*workbook\.json; run "audit-workbench github push/,
    );
    const validate = await cli(['validate', dir]);
    expect(validate.code).toBe(0);
    expect(validate.stderr).toMatch(/^note: a GitHub push to acme\/platform is queued since \S+ \(GitHub is unreachable \(ECONNREFUSED\)/m);

    // --repo may be left out: the queue names it.
    const later = await cli(['github', 'push', dir, '--api-url', fake.url, '--pace-ms', '0']);
    expect(later.code).toBe(0);
    expect(later.stdout).toMatch(/^Note: a GitHub push to acme\/platform is queued since .*; pushing now\.$/m);
    expect(fake.issues).toHaveLength(5);
    expect((await loadWorkbook(fs, dir)).github?.pending).toBeUndefined();
    expect((await cli(['validate', dir])).stderr).not.toContain('queued');
  }, 60_000);

  it('a push killed (SIGKILL) right after GitHub created an issue: the re-run completes it without duplicates', async () => {
    const { fake, dir, push } = await setup();
    const child = spawn(process.execPath, [BIN, ...push()], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    cleanups.push(async () => void child.kill('SIGKILL')); // should the test fail before the kill
    fake.afterCreate = (_issue, creates) => {
      if (creates !== 3) return;
      child.kill('SIGKILL'); // the third issue exists on GitHub; its number never reaches the workbook
      return true;
    };
    expect(await exited).toBe('SIGKILL');
    fake.afterCreate = undefined;
    expect(fake.issues).toHaveLength(3);
    const interrupted = await loadWorkbook(fs, dir); // the atomic saves left a valid workbook
    expect(
      interrupted.gaps
        .filter((g) => g.issue)
        .map((g) => g.issue!.number)
        .sort(),
    ).toEqual([1, 2]);

    const rerun = await cli(push());
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(/^\[3\/5\] unchanged #3 /m); // found by its marker, not created again
    expect(fake.issues).toHaveLength(5);
    const wb = await loadWorkbook(fs, dir);
    const keys = fake.issues.flatMap((i) => markedKeys(i.body, wb.id));
    expect(keys.sort()).toEqual(['gap:ML-01', 'gap:ML-02', 'gap:ML-03', 'polish', 'umbrella']);
    expect(
      wb.gaps
        .filter((g) => g.severity !== 'Minor')
        .map((g) => g.issue?.number)
        .sort(),
    ).toEqual([1, 2, 3]);
    expect(wb.github?.umbrella?.number).toBe(5);
  }, 60_000);
});
