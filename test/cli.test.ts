// The real `audit-workbench` binary, run as a user runs it, on temp copies of the fixtures.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkbook } from '../core/workbook/store';
import { nodeFileSystem as fs } from '../node/node-file-system';
import { copyFixture, tempDir } from './helpers/workbooks';

const BIN = fileURLToPath(new URL('../bin/audit-workbench.mjs', import.meta.url));
const GOLDENS = fileURLToPath(new URL('./goldens', import.meta.url));

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/**
 * The same command line run in this process through `main(argv, io)`: what the binary does after
 * start-up, without a process per call (seven in a row timed out on a loaded 2-core machine).
 */
async function inProcess(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = await import('../cli/main');
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(`${t}\n`), err: (t) => err.push(`${t}\n`), clock: { now: () => new Date() } });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** A failure: non-zero exit and exactly one line on stderr that says what was wrong. */
function expectOneLineFailure(r: { code: number; stderr: string }, code: number, message: RegExp) {
  expect(r.code).toBe(code);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(message);
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

// `new` trusts what it creates: in the test's own home folder, never the user's.
let home: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  home = await tempDir('aw-cli-home-');
  process.env['AUDIT_WORKBENCH_HOME'] = home.dir;
});
afterAll(async () => {
  delete process.env['AUDIT_WORKBENCH_HOME'];
  await home.cleanup();
});
async function temp() {
  const t = await tempDir('aw-cli-');
  cleanups.push(t.cleanup);
  return t.dir;
}
async function fixture(name = 'registry-audit-seed-001') {
  const f = await copyFixture(name);
  cleanups.push(f.cleanup);
  return f.dir;
}
async function snapshotTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      out[path] = await readFile(path, 'utf8');
    }
  }
  return out;
}

describe('audit-workbench CLI', () => {
  it('prints help for the tool and for each command', async () => {
    // The binary itself, once: it starts and answers; the rest runs in process.
    const top = await cli('--help');
    expect(top.code).toBe(0);
    for (const name of ['new', 'validate', 'publish', 'diff', 'report', 'issues', 'doctor']) {
      expect(top.stdout).toContain(`  ${name} `);
      const r = await inProcess(name, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: audit-workbench ${name} `));
    }
  });

  it('creates a workbook from the mlflow-backbone template, then reports and exports issues', async () => {
    const root = await temp();
    const dir = join(root, 'w');
    const created = await inProcess(
      'new',
      dir,
      '--template',
      'mlflow-backbone',
      '--param',
      'K8S_NAMESPACE=prod',
      '--auditor',
      'A. Auditor',
    );
    expect(created.code).toBe(0);
    const wb = await loadWorkbook(fs, dir);
    expect(wb.pillars).toHaveLength(8);
    expect(wb.parameters.find((p) => p.name === 'K8S_NAMESPACE')!.value).toBe('prod');
    expect(wb.auditor).toBe('A. Auditor');

    const report = await inProcess('report', dir);
    expect(report.code).toBe(0);
    const reportFile = join(dir, 'exports', 'mlflow-backbone-audit-v1-draft.md');
    expect(report.stdout.trim()).toBe(`Wrote ${reportFile}.`);
    expect(await readFile(reportFile, 'utf8')).toMatch(/^# MLflow backbone audit\n/);

    const issues = await inProcess('issues', dir, '--out', join(root, 'i'));
    expect(issues.code).toBe(0);
    expect((await readdir(join(root, 'i'))).sort()).toEqual(['issues.json', 'umbrella.md']);
  });

  it('writes the same report bytes as the golden, twice', async () => {
    const dir = await fixture();
    const out = join(await temp(), 'r.md');
    expect((await inProcess('report', dir, '--out', out)).code).toBe(0);
    const first = await readFile(out, 'utf8');
    expect((await inProcess('report', dir, '--out', out)).code).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(first);
    expect(first).toBe(
      await readFile(join(GOLDENS, 'registry-audit-seed-001', 'mlflow-registry-audit-report-soccerpredictai-v2.md'), 'utf8'),
    );
  });

  it('publishes, validates and diffs', async () => {
    const dir = await fixture();
    expectOneLineFailure(await inProcess('publish', dir), 2, /publish needs --message/);
    const wb = JSON.parse(await readFile(join(dir, 'workbook.json'), 'utf8'));
    wb.gaps[0].status = 'Closed';
    await writeFile(join(dir, 'workbook.json'), JSON.stringify(wb, null, 2));
    const published = await inProcess('publish', dir, '--message', 'ML-01 closed', '--item', 'production experiment in place');
    expect(published.code).toBe(0);
    expect(published.stdout).toMatch(/^Published v3 of .* — manifest [0-9a-f]{64}\.$/m);
    const valid = await inProcess('validate', dir);
    expect(valid.stdout).toMatch(/valid — workbook\.json, 3 version\(s\) chained, 3 evidence blob\(s\) verified/);

    const diff = await inProcess('diff', dir, '--from', 'v2', '--to', 'v3');
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('Compared: **v2** → **v3**.');
    expect(diff.stdout).toContain('| `status` | Open | Closed |');
    const current = await inProcess('diff', dir, '--from', '1');
    expect(current.stdout).toContain('Compared: **v1** → **working copy**.');
    expectOneLineFailure(await inProcess('diff', dir, '--from', 'v9'), 1, /has no version v9 \(published: v1, v2, v3\)/);
    expectOneLineFailure(await inProcess('diff', dir, '--from', 'latest'), 2, /--from expects a version such as v1/);
  });

  describe('bad input: non-zero exit, one line, nothing changed on disk', () => {
    it('refuses to create into a non-empty folder', async () => {
      const dir = await temp();
      await writeFile(join(dir, 'notes.txt'), 'mine');
      expectOneLineFailure(await inProcess('new', dir, '--template', 'mlflow-backbone'), 1, /already exists and is not empty/);
      expect(await readdir(dir)).toEqual(['notes.txt']);
    });

    it('refuses an unknown template, an unknown parameter, a secret in clear, an unknown option', async () => {
      const dir = join(await temp(), 'w');
      expectOneLineFailure(
        await inProcess('new', dir, '--template', 'nope'),
        1,
        /unknown template "nope" \(available: ai-governance, mlflow-backbone/,
      );
      expectOneLineFailure(await inProcess('new', dir, '--template', 'mlflow-backbone', '--param', 'NOPE=1'), 1, /unknown parameter NOPE/);
      expectOneLineFailure(
        await inProcess('new', dir, '--template', 'mlflow-backbone', '--param', 'MLFLOW_TRACKING_TOKEN=s3cr3t'),
        1,
        /is a secret: give a reference/,
      );
      expectOneLineFailure(
        await inProcess('new', dir, '--template', 'mlflow-backbone', '--param', 'oops'),
        2,
        /--param expects NAME=VALUE/,
      );
      expectOneLineFailure(await inProcess('new', dir, '--templat', 'x'), 2, /Unknown option '--templat'/);
      expectOneLineFailure(await inProcess('new'), 2, /new takes one workbook folder/);
      expectOneLineFailure(await inProcess('frobnicate'), 2, /unknown command "frobnicate"/);
      expect(existsSync(dir)).toBe(false);
    });

    it('names the file and the field of an invalid workbook and touches nothing', async () => {
      const dir = await fixture();
      const wb = JSON.parse(await readFile(join(dir, 'workbook.json'), 'utf8'));
      wb.gaps[2].severity = 'Severe';
      wb.date = 'soon';
      await writeFile(join(dir, 'workbook.json'), JSON.stringify(wb, null, 2));
      const before = await snapshotTree(dir);
      for (const args of [
        ['validate', dir],
        ['report', dir],
        ['issues', dir, '--out', join(dir, 'out')],
        ['publish', dir, '--message', 'm'],
      ]) {
        expectOneLineFailure(
          await inProcess(...args),
          1,
          /workbook\.json: (date|gaps\[2\] \(ML-03\)\.severity): .*\(and 1 more problem\(s\)\)/,
        );
      }
      expect(await snapshotTree(dir)).toEqual(before);
    });

    it('reports a workbook that is not JSON, or is from a newer version', async () => {
      const dir = await temp();
      await writeFile(join(dir, 'workbook.json'), '{"schemaVersion": 1,');
      expectOneLineFailure(
        await inProcess('report', dir),
        1,
        /workbook\.json: not valid JSON \(at line 1, column 21: .* expected, found the end of the file\)/,
      );
      await writeFile(join(dir, 'workbook.json'), '{"schemaVersion": 7}');
      expectOneLineFailure(await inProcess('validate', dir), 1, /workbook\.json: schemaVersion: version 7 is newer than this build/);
      expect(await readdir(dir)).toEqual(['workbook.json']);
    });

    it('lists tampering found by validate and exits 1', async () => {
      const dir = await fixture('backbone-seed-000');
      const blob = (await readdir(join(dir, 'evidence')))[0]!;
      await writeFile(join(dir, 'evidence', blob), 'edited');
      const r = await inProcess('validate', dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`evidence/${blob}: content changed`);
      expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(/1 problem\(s\) found$/);
    });

    it('says when the issues output cannot be written', async () => {
      const dir = await fixture();
      const blocker = join(await temp(), 'file');
      await writeFile(blocker, 'x');
      expectOneLineFailure(
        await inProcess('issues', dir, '--out', join(blocker, 'sub')),
        1,
        /cannot use .*file\/sub: a file is in the way/,
      );
    });
  });
});

describe('audit-workbench merge', () => {
  it('merges folders, copies their evidence, and exits 1 listing conflicts', async () => {
    const base = await fixture();
    const ours = await fixture();
    const theirs = await fixture();
    const edit = async (dir: string, f: (wb: { gaps: { id: string; status: string; severity: string }[]; title: string }) => void) => {
      const wb = JSON.parse(await readFile(join(dir, 'workbook.json'), 'utf8'));
      f(wb);
      await writeFile(join(dir, 'workbook.json'), JSON.stringify(wb, null, 2));
    };
    await edit(ours, (wb) => void (wb.gaps[0]!.status = 'In progress'));
    await edit(theirs, (wb) => void (wb.gaps[1]!.status = 'Closed'));
    const blob = createHash('sha256').update('theirs only').digest('hex');
    await writeFile(join(theirs, 'evidence', blob), 'theirs only');
    await writeFile(join(theirs, 'evidence', 'a'.repeat(64)), 'not what its name says');
    const clean = await cli('merge', ours, base, theirs);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/Merged into .*workbook\.json; 1 evidence or version file\(s\) copied\./);
    const merged = await loadWorkbook(fs, ours);
    expect(merged.gaps.slice(0, 2).map((g) => g.status)).toEqual(['In progress', 'Closed']);
    expect(existsSync(join(ours, 'evidence', blob))).toBe(true);
    expect(existsSync(join(ours, 'evidence', 'a'.repeat(64)))).toBe(false); // a blob must hold what its name says
    expect(clean.stderr).toContain(`not copied: ${join(theirs, 'evidence', 'a'.repeat(64))} does not hold what its name says`);

    // As a git merge driver: three plain files, the result written over the first.
    const tmp = await temp();
    const [a, o, b] = ['ours.json', 'base.json', 'theirs.json'].map((n) => join(tmp, n)) as [string, string, string];
    await writeFile(o, await readFile(join(base, 'workbook.json'), 'utf8'));
    await writeFile(a, await readFile(join(base, 'workbook.json'), 'utf8'));
    await writeFile(b, await readFile(join(base, 'workbook.json'), 'utf8'));
    const setSeverity = async (file: string, severity: string) => {
      const wb = JSON.parse(await readFile(file, 'utf8'));
      wb.gaps[2].severity = severity;
      await writeFile(file, JSON.stringify(wb, null, 2));
    };
    await setSeverity(a, 'Critical');
    await setSeverity(b, 'Minor');
    const conflicted = await cli('merge', a, o, b);
    expect(conflicted.code).toBe(1);
    expect(conflicted.stderr).toContain('conflict: gaps[ML-03].severity: base "Major", ours "Critical", theirs "Minor" (kept ours)');
    expect(JSON.parse(await readFile(a, 'utf8')).gaps[2].severity).toBe('Critical');
  });
});
