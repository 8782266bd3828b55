// Files are what they claim: a workbook from elsewhere whose blobs or folders are links, devices or
// pipes is refused promptly, naming the file, by the server, query, validate and report; a merge
// killed mid-copy cannot leave a torn blob that later merges trust; workbook text cannot drive the
// terminal. Each case on a private copy of the demo workbook.
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../cli/main';
import { fixedClock } from '../core/ports';
import { loadWorkbook } from '../core/workbook/store';
import { dispatch } from '../node/api/handlers';
import { nodeFileSystem as fs } from '../node/node-file-system';
import { copyFixture, tempDir } from './helpers/workbooks';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function demo(): Promise<{ dir: string; blob: string; table: string }> {
  const copy = await copyFixture('demo-helix-backbone');
  cleanups.push(copy.cleanup);
  const wb = await loadWorkbook(fs, copy.dir);
  const capture = wb.pillars
    .flatMap((p) => p.cells)
    .find((c) => c.captures.length && c.captures.at(-1)!.tables.length)!
    .captures.at(-1)!;
  return { dir: copy.dir, blob: capture.hash, table: capture.tables[0]!.hash };
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t), clock: fixedClock('2026-12-06T10:00:00Z') });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const blobRequest = (dir: string, hash: string) =>
  dispatch('evidence:blob', { dir, hash }) as Promise<{ data?: unknown; error?: { message: string } }>;

describe('a workbook whose files are not what they claim', () => {
  it('refuses a blob that links to a file of this machine: server, query and validate', async () => {
    const { dir, table } = await demo();
    await rm(join(dir, 'evidence', table));
    await symlink('/etc/passwd', join(dir, 'evidence', table));
    const served = await blobRequest(dir, table);
    expect(served.data).toBeUndefined();
    expect(served.error!.message).toMatch(/is a symbolic link; refused/);
    const query = await cli('query', dir, 'SELECT 1');
    expect(query.code).toBe(1);
    expect(query.err).toMatch(new RegExp(`evidence/${table} is a symbolic link; refused`));
    const valid = await cli('validate', dir);
    expect(valid.err).toMatch(new RegExp(`evidence/${table}: .*is a symbolic link; refused`));
  });

  it('refuses, without hanging, a blob that is a device or a FIFO', async () => {
    const { dir, blob, table } = await demo();
    await rm(join(dir, 'evidence', blob));
    await rm(join(dir, 'evidence', table));
    execFileSync('mkfifo', [join(dir, 'evidence', blob)]);
    await symlink('/dev/zero', join(dir, 'evidence', table));
    const valid = await cli('validate', dir);
    expect(valid.code).toBe(1);
    expect(valid.err).toMatch(new RegExp(`evidence/${blob}: .*is a device, socket or pipe, not a regular file; refused`));
    expect((await blobRequest(dir, blob)).error!.message).toMatch(/not a regular file; refused/);
    expect((await blobRequest(dir, table)).error!.message).toMatch(/symbolic link; refused/);
  });

  it('refuses a blob whose content is not what its name says, and a hash that is not a hash', async () => {
    const { dir, table, blob } = await demo();
    await writeFile(join(dir, 'evidence', table), await readFile(join(dir, 'evidence', blob)));
    expect((await blobRequest(dir, table)).error!.message).toMatch(/does not hold what its name says/);
    expect((await blobRequest(dir, '../../etc/passwd')).error).toBeDefined();
  });

  it('refuses an evidence/ or exports/ folder that is a link, and writes nothing through it', async () => {
    const { dir } = await demo();
    const elsewhere = await tempDir('aw-elsewhere-');
    cleanups.push(elsewhere.cleanup);
    await symlink(elsewhere.dir, join(dir, 'exports'));
    const report = await cli('report', dir);
    expect(report.code).toBe(1);
    expect(report.err).toMatch(/exports is a symbolic link; refused/);
    expect(await readdir(elsewhere.dir)).toEqual([]);
    await rm(join(dir, 'exports'));
    // The evidence moved elsewhere and linked back: nothing is read through the link.
    await rename(join(dir, 'evidence'), join(elsewhere.dir, 'evidence'));
    await symlink(join(elsewhere.dir, 'evidence'), join(dir, 'evidence'));
    const valid = await cli('validate', dir);
    expect(valid.code).toBe(1);
    expect(valid.err).toMatch(/evidence is a symbolic link; refused/);
  });

  it('names the file when workbook.json is a folder', async () => {
    const { dir } = await demo();
    await rm(join(dir, 'workbook.json'));
    await mkdir(join(dir, 'workbook.json'));
    const valid = await cli('validate', dir);
    expect(valid.code).toBe(1);
    expect(valid.err).toContain(`${dir}/workbook.json is a folder, not a regular file; refused`);
  });
});

describe('merge and the terminal', () => {
  it('replaces a torn blob left by a killed merge with the good copy instead of trusting its name', async () => {
    const ours = await demo();
    const theirs = await copyFixture('demo-helix-backbone');
    const base = await copyFixture('demo-helix-backbone');
    cleanups.push(theirs.cleanup, base.cleanup);
    await writeFile(join(ours.dir, 'evidence', ours.table), ''); // what a kill mid-copy used to leave
    const merged = await cli('merge', ours.dir, base.dir, theirs.dir);
    expect(merged.code, merged.err).toBe(0);
    expect((await cli('validate', ours.dir)).code).toBe(0);
  });

  it('shows control characters from the evidence escaped, never raw, in the terminal', async () => {
    const { dir } = await demo();
    const bin = fileURLToPath(new URL('../bin/audit-workbench.mjs', import.meta.url));
    const stdout = await new Promise<string>((resolve) =>
      execFile(process.execPath, [bin, 'query', dir, "SELECT chr(27) || '[2J' || chr(7) AS x"], (_e, out) => resolve(out)),
    );
    expect(stdout).toContain('\\x1b[2J\\x07');
    expect(stdout).not.toContain('\u001b');
  }, 120_000); // one CLI process: seconds on a loaded machine
});
