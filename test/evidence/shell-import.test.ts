// shell cells with real grep/find/cat over a small repository, and the offline import path.
import { execFileSync } from 'node:child_process';
import { closeSync, constants as fsConstants, openSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadWorkbook } from '../../core/workbook/store';
import { importCapture, runCells } from '../../node/evidence/engine';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { allText, evidenceWorkbook, tempDir } from '../helpers/workbooks';
import { pollFor } from '../helpers/poll';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A small repository with the consumption paths seed 000's Pillar 6 greps for. */
async function repo(): Promise<string> {
  const t = await tempDir('aw-repo-');
  cleanups.push(t.cleanup);
  await mkdir(join(t.dir, 'src'), { recursive: true });
  await writeFile(join(t.dir, 'src', 'inference.py'), 'import mlflow\nmodel = mlflow.pyfunc.load_model(f"runs:/{run_id}/model")\n');
  await writeFile(join(t.dir, 'src', 'loader.py'), 'def load():\n    return mlflow.pyfunc.load_model("models:/ftf@production")\n');
  return t.dir;
}

async function workbook(repoDir: string, cells: Parameters<typeof evidenceWorkbook>[1]) {
  const wb = await evidenceWorkbook([{ name: 'REPO_DIR', value: repoDir }], cells);
  cleanups.push(wb.cleanup);
  return wb.dir;
}

const grepCell: { id: string; kind: 'shell'; title: string; argv: string[]; mutating?: boolean } = {
  id: 'consumption-paths',
  kind: 'shell',
  title: 'Consumption paths',
  argv: ['grep', '-rn', 'runs:/\\|models:/', 'src/'],
};

describe('shell runner', () => {
  it('reads file names with colons: whole with grep -Z, and settled by the files on disk without it', async () => {
    const root = await repo();
    // A file literally named `jobs:3:serve.py` makes plain grep output split two ways.
    await writeFile(join(root, 'src', 'jobs:3:serve.py'), 'x = 1\nmodel = mlflow.pyfunc.load_model("runs:/r1/model")\n');
    const dir = await workbook(root, [
      { ...grepCell, id: 'plain' },
      { ...grepCell, id: 'nul', argv: ['grep', '-rnZ', 'runs:/', 'src/'] },
    ]);
    for (const outcome of await runCells(dir, {})) {
      if (outcome.status !== 'captured') throw new Error(JSON.stringify(outcome));
      const files = outcome.recorded.tables[0]!.rows.map((r) => `${String(r[0])}@${String(r[1])}`).sort();
      expect(files, outcome.cell).toContain('src/jobs:3:serve.py@2');
      expect(outcome.recorded.capture.readAs, outcome.cell).toEqual({
        format: 'grep',
        detected: 'every line is a grep hit (file:line:text)',
      });
    }
  });

  it('runs grep in REPO_DIR and parses file:line:content; reproduces, then drifts', async () => {
    const root = await repo();
    const dir = await workbook(root, [grepCell]);
    const first = (await runCells(dir, {}))[0]!;
    if (first.status !== 'captured') throw new Error(JSON.stringify(first));
    const rows = first.recorded.tables[0]!.rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(rows).toEqual([
      ['src/inference.py', 2, 'model = mlflow.pyfunc.load_model(f"runs:/{run_id}/model")'],
      ['src/loader.py', 2, '    return mlflow.pyfunc.load_model("models:/ftf@production")'],
    ]);
    expect(first.recorded.capture.toolVersion).toMatch(/grep/);
    expect(first.recorded.capture.command).toBe(`cd ${root} && grep -rn 'runs:/\\|models:/' src/`);
    const again = (await runCells(dir, {}))[0]!;
    expect(again.status === 'captured' && again.recorded.comparison.status).toBe('reproduced');
    await writeFile(join(root, 'src', 'loader.py'), 'def load():\n    return mlflow.pyfunc.load_model("runs:/abc/model")\n');
    const drift = (await runCells(dir, {}))[0]!;
    if (drift.status !== 'captured' || drift.recorded.comparison.status !== 'drifted') throw new Error('expected drift');
    expect(drift.recorded.comparison.diffs[0]!.changed.map((c) => c.after['content'])).toEqual([
      '    return mlflow.pyfunc.load_model("runs:/abc/model")',
    ]);
    expect((await loadWorkbook(fs, dir)).pillars[0]!.cells[0]!.captures).toHaveLength(3);
  });

  it('treats "no match" as evidence, and a grep error as an error', async () => {
    const root = await repo();
    const dir = await workbook(root, [
      { ...grepCell, id: 'none', argv: ['grep', '-rn', 'set_tracking_uri', 'src/'] },
      { ...grepCell, id: 'broken', argv: ['grep', '-rn', 'x', 'no-such-dir/'] },
    ]);
    const [none, broken] = await runCells(dir, {});
    expect(none!.status === 'captured' && none!.recorded.tables[0]!.rows).toEqual([]);
    expect(broken!.status === 'error' && broken!.error).toMatch(
      /^grep exited with status 2: grep: no-such-dir\/: No such file or directory$/,
    );
  });

  it('refuses commands outside the read-only list, and skips mutating cells in run all', async () => {
    const root = await repo();
    const dir = await workbook(root, [
      { ...grepCell, id: 'remove', argv: ['rm', '-rf', 'src'] },
      { ...grepCell, id: 'find-delete', argv: ['find', '.', '-name', '*.py', '-delete'] },
      { ...grepCell, id: 'git-push', argv: ['git', 'push'] },
      { ...grepCell, id: 'marked', argv: ['touch', 'x'], mutating: true },
    ]);
    const outcomes = await runCells(dir, {});
    expect(outcomes.map((o) => [o.cell, o.status === 'error' ? o.error.split(';')[0] : o.status])).toEqual([
      ['remove', 'refused: rm is not one of the read-only commands (grep, rg, ls, find, cat, wc, sha256sum, git)'],
      ['find-delete', 'refused: find with an action that writes or runs programs'],
      ['git-push', 'refused: git push is not one of git log, git show, git grep'],
    ]);
    expect(execFileSync('ls', [join(root, 'src')]).toString()).toContain('loader.py');
  });

  it('never runs an option that writes or executes, written in the cell or brought by a parameter', async () => {
    const root = await repo();
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['-c', 'user.name=a', '-c', 'user.email=a@b', 'commit', '-q', '--allow-empty', '-m', 'first'], { cwd: root });
    const wb = await evidenceWorkbook(
      [
        { name: 'REPO_DIR', value: root },
        { name: 'EXTRA', value: '--output=written-by-git' },
        { name: 'FOLDERS', values: ['src/', '--pre=sh'] },
      ],
      [
        { ...grepCell, id: 'git-output', argv: ['git', 'log', '--output=written-by-git', '-1'], mutating: true },
        { ...grepCell, id: 'param-option', argv: ['git', 'log', '-1', '${EXTRA}'] },
        // A path list is appended after `--`: `--pre=sh` is then a file name that does not exist, not an option.
        { ...grepCell, id: 'rg-paths', argv: ['grep', '-rn', 'load_model'], paths: ['${FOLDERS}'] } as never,
        { ...grepCell, id: 'dot-slash', argv: ['./grep', '-rn', 'x', 'src/'] },
      ],
    );
    cleanups.push(wb.cleanup);
    const outcomes = await runCells(wb.dir, { cell: 'git-output' }, { yesMutating: true });
    outcomes.push(...(await runCells(wb.dir, {})));
    expect(outcomes.map((o) => [o.cell, o.status === 'error' ? o.error : o.status])).toEqual([
      ['git-output', 'refused: git log --output=written-by-git: writes a file, runs a program or a pager; the workbench never runs it'],
      ['param-option', 'refused: git log --output=written-by-git: writes a file, runs a program or a pager; the workbench never runs it'],
      ['rg-paths', 'captured'],
      ['dot-slash', 'refused: ./grep: a program is named (grep), never given by a path; the workbench never runs it'],
    ]);
    expect(execFileSync('ls', [root]).toString()).not.toContain('written-by-git');
    const grep = outcomes[2]!;
    expect(grep.status === 'captured' && grep.recorded.capture.command).toMatch(/grep -rn load_model -- src\/$/);
    expect(grep.status === 'captured' && grep.recorded.capture.notes).toEqual(['not present, left out: --pre=sh']);
  });

  it("never lets the audited repository's configuration run a program through git log -p", async () => {
    const root = await repo();
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=a', '-c', 'user.email=a@b', ...args], { cwd: root });
    git('init', '-q');
    // A hostile repository: a text converter and an external diff that would leave a file behind.
    git('config', 'diff.evil.textconv', `sh -c 'touch ${join(root, 'PWNED-textconv')}; cat "$0"'`);
    git('config', 'diff.external', `sh -c 'touch ${join(root, 'PWNED-external')}'`);
    await writeFile(join(root, '.gitattributes'), '*.txt diff=evil\n');
    await writeFile(join(root, 'notes.txt'), 'one\n');
    git('add', '.');
    git('commit', '-q', '-m', 'one');
    await writeFile(join(root, 'notes.txt'), 'two\n');
    git('commit', '-q', '-am', 'two');
    // The same repository, read by git as configured: the converter runs (the hazard is real here).
    execFileSync('git', ['log', '-p', '-1'], { cwd: root });
    expect(execFileSync('ls', [root]).toString()).toContain('PWNED');
    execFileSync('sh', ['-c', 'rm -f PWNED-*'], { cwd: root });
    const dir = await workbook(root, [{ ...grepCell, id: 'history', argv: ['git', 'log', '-p', '-2'] }]);
    const [outcome] = await runCells(dir, {});
    expect(outcome!.status === 'captured' && outcome!.recorded.capture.command).toBe(
      `cd ${root} && git log --no-ext-diff --no-textconv -p -2`,
    );
    expect(execFileSync('ls', [root]).toString()).not.toContain('PWNED');
  });

  it('stops a hung command at the timeout, refuses binary and oversized output', async () => {
    const root = await repo();
    execFileSync('mkfifo', [join(root, 'never-written')]);
    await writeFile(join(root, 'blob.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]));
    await writeFile(join(root, 'big.txt'), 'x'.repeat(3 * 1024 * 1024));
    const dir = await workbook(root, [
      { ...grepCell, id: 'hung', argv: ['cat', 'never-written'] },
      { ...grepCell, id: 'binary', argv: ['cat', 'blob.bin'] },
      { ...grepCell, id: 'big', argv: ['cat', 'big.txt'] },
    ]);
    const outcomes = await runCells(dir, {}, { limits: { timeoutMs: 1500, maxOutputBytes: 1024 * 1024 } });
    expect(outcomes.map((o) => (o.status === 'error' ? o.error : o.status))).toEqual([
      'cat did not finish within 1.5 s and was stopped',
      'cat printed binary output; evidence must be text',
      'cat printed more than the 1 MB output cap; narrow the command',
    ]);
  });

  it('says when REPO_DIR does not exist', async () => {
    const dir = await workbook('/nonexistent/repo', [grepCell]);
    const [o] = await runCells(dir, {});
    expect(o!.status === 'error' && o!.error).toBe('working folder /nonexistent/repo does not exist (check REPO_DIR)');
  });
});

describe('import: the offline path', () => {
  it('parses an imported output like a run would, records its source, and redacts it', async () => {
    const root = await repo();
    const dir = await workbook(root, [
      grepCell,
      { id: 'pods', kind: 'kubectl', title: 'Pods', args: ['get', 'pods'] },
      { id: 'secrets', kind: 'kubectl', title: 'Secrets', args: ['get', 'secret', '-o', 'json'] },
    ]);
    // The same grep run elsewhere gives the same capture hash as the run here.
    const ran = (await runCells(dir, { cell: 'consumption-paths' }))[0]!;
    if (ran.status !== 'captured') throw new Error('run failed');
    const out = join(root, 'grep.txt');
    await writeFile(out, execFileSync('grep', ['-rn', 'runs:/\\|models:/', 'src/'], { cwd: root }));
    const imported = await importCapture(dir, 'consumption-paths', { file: out, now: () => new Date('2026-05-02T08:00:00Z') });
    expect(imported.capture.hash).toBe(ran.recorded.capture.hash);
    expect(imported.comparison.status).toBe('reproduced');
    expect(imported.capture.source).toBe(`imported from ${out}`);

    const table = join(root, 'pods.txt');
    await writeFile(table, 'NAME       READY   STATUS    RESTARTS   AGE\nmlflow-0   1/1     Running   0          3d\n');
    const pods = await importCapture(dir, 'pods', { file: table });
    expect(pods.tables[0]!.columns.map((c) => c.name)).toEqual(['name', 'ready', 'status', 'restarts']);
    expect(pods.dropped).toEqual(['AGE']);
    expect(pods.capture.command).toBe('kubectl get pods');

    const secret = join(root, 'secret.json');
    await writeFile(
      secret,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'mlflow-db', resourceVersion: '123' },
        data: { password: 'c3VwZXItc2VjcmV0LXB3' },
      }),
    );
    const s = await importCapture(dir, 'secrets', { file: secret, command: 'kubectl get secret mlflow-db -o json' });
    expect(s.dropped).toEqual(['resourceVersion']);
    expect(s.capture.redactions).toEqual([{ where: 'output', what: 'Kubernetes Secret value', count: 1 }]);
    expect(await allText(dir)).not.toContain('c3VwZXItc2VjcmV0LXB3');
  });

  it('refuses a missing file and a binary file, and changes nothing', async () => {
    const root = await repo();
    const dir = await workbook(root, [grepCell]);
    const before = await readFile(join(dir, 'workbook.json'), 'utf8');
    await expect(importCapture(dir, 'consumption-paths', { file: join(root, 'nope.txt') })).rejects.toThrow(
      `no such file: ${join(root, 'nope.txt')}`,
    );
    await writeFile(join(root, 'b.bin'), Buffer.from([1, 0, 2]));
    await expect(importCapture(dir, 'consumption-paths', { file: join(root, 'b.bin') })).rejects.toThrow(/is binary; import text output/);
    await expect(importCapture(dir, 'nope', { file: join(root, 'b.bin') })).rejects.toThrow('no cell "nope" in this workbook');
    expect(await readFile(join(dir, 'workbook.json'), 'utf8')).toBe(before);
  });
});

describe('cancel', () => {
  it('Ctrl-C stops the running command, keeps earlier captures and says so', async () => {
    const { spawn } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const root = await repo();
    execFileSync('mkfifo', [join(root, 'never-written')]);
    const dir = await workbook(root, [grepCell, { ...grepCell, id: 'hung', argv: ['cat', 'never-written'] }, { ...grepCell, id: 'after' }]);
    const bin = fileURLToPath(new URL('../../bin/audit-workbench.mjs', import.meta.url));
    const home = await tempDir('aw-home-');
    cleanups.push(home.cleanup);
    const child = spawn(process.execPath, [bin, 'run', dir, '--trust'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AUDIT_WORKBENCH_HOME: home.dir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    // The hung cell is running once `cat` holds the FIFO open for reading: a non-blocking open for
    // writing succeeds exactly then (ENXIO before). The writer stays open so that cat never sees
    // the end of its input, and is closed after the interrupt.
    const writer = await pollFor(
      () => {
        try {
          return openSync(join(root, 'never-written'), fsConstants.O_WRONLY | fsConstants.O_NONBLOCK);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENXIO') return undefined;
          throw e;
        }
      },
      60_000,
      'cat reading the FIFO',
    );
    child.kill('SIGINT');
    const code = await exited;
    closeSync(writer);
    expect(code).toBe(130); // interrupted, as the README documents
    expect(stdout).toMatch(/\[2\/3\] hung: error — cat was cancelled/);
    expect(stderr).toMatch(/cancelled: 1 cell\(s\) not run; captures made before the cancel are saved/);
    expect(stderr).toContain('is now trusted on this machine');
    const wb = await loadWorkbook(fs, dir);
    expect(wb.pillars[0]!.cells.map((c) => c.captures.length)).toEqual([1, 0, 0]);
  }, 60_000);
});

describe('REVISE: re-run only the disputed pillars', () => {
  it('runs the cells of the disputed pillars and refuses when no revision was asked', async () => {
    const { saveWorkbook } = await import('../../core/workbook/store');
    const { selectCells } = await import('../../node/evidence/engine');
    const root = await repo();
    const dir = await workbook(root, [grepCell]);
    const wb = await loadWorkbook(fs, dir);
    const twoPillars = {
      ...wb,
      pillars: [
        ...wb.pillars,
        { ...wb.pillars[0]!, number: 2, order: 2, name: 'Other', cells: [{ ...wb.pillars[0]!.cells[0]!, id: 'other-grep' as never }] },
      ],
    };
    expect(() => selectCells(twoPillars, { disputed: true })).toThrow(
      'the committee has not asked for a revision: no disputed pillars to re-run',
    );
    const revised = {
      ...twoPillars,
      committee: [
        {
          id: 's1',
          version: 1,
          date: '2026-05-01',
          experts: [],
          verdict: 'REVISE' as const,
          disputedPillars: [2],
          recommendations: [],
          notes: '',
        },
      ],
    };
    await saveWorkbook(fs, dir, revised);
    const outcomes = await runCells(dir, { disputed: true });
    expect(outcomes.map((o) => [o.cell, o.status])).toEqual([['other-grep', 'captured']]);
  });
});
