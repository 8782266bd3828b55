// Saving, publishing and verifying on the real file system, in temp folders.
import { createHash } from 'node:crypto';
import { readFile, writeFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../core/ports';
import { stringifyWorkbook } from '../core/workbook/file-format';
import { loadWorkbook, putBlob, saveWorkbook } from '../core/workbook/store';
import { publishVersion, verifyWorkbook } from '../core/workbook/versions';
import { nodeFileSystem as fs } from '../node/node-file-system';
import { copyFixture, makeWorkbook, tempDir } from './helpers/workbooks';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
async function fixture(name = 'registry-audit-seed-001') {
  const f = await copyFixture(name);
  cleanups.push(f.cleanup);
  return f.dir;
}
async function temp() {
  const t = await tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('save and load', () => {
  it('round-trips a workbook through the disk byte for byte', async () => {
    const dir = await fixture();
    const before = await readFile(join(dir, 'workbook.json'), 'utf8');
    await saveWorkbook(fs, dir, await loadWorkbook(fs, dir));
    expect(await readFile(join(dir, 'workbook.json'), 'utf8')).toBe(before);
  });

  it('leaves no temp file behind', async () => {
    const dir = await temp();
    await saveWorkbook(fs, dir, makeWorkbook());
    expect(await readdir(dir)).toEqual(['workbook.json']);
  });

  it('never writes an invalid workbook, so the file on disk stays loadable', async () => {
    const dir = await fixture();
    const before = await readFile(join(dir, 'workbook.json'), 'utf8');
    const wb = await loadWorkbook(fs, dir);
    const broken = { ...wb, gaps: [...wb.gaps, { ...wb.gaps[0]! }] };
    await expect(saveWorkbook(fs, dir, broken)).rejects.toThrow(/gaps\[5\] \(ML-01\)\.id: gap id ML-01 appears twice/);
    expect(await readFile(join(dir, 'workbook.json'), 'utf8')).toBe(before);
  });

  it('fails to load a corrupt file with its name and never touches it', async () => {
    const dir = await temp();
    const corrupt = '{"schemaVersion": 1, "title": ';
    await writeFile(join(dir, 'workbook.json'), corrupt);
    await expect(loadWorkbook(fs, dir)).rejects.toThrow(
      `${dir}/workbook.json: not valid JSON (at line 1, column 31: a value expected, found the end of the file)`,
    );
    expect(await readFile(join(dir, 'workbook.json'), 'utf8')).toBe(corrupt);
  });

  it('says when a folder is not a workbook', async () => {
    const dir = await temp();
    await expect(loadWorkbook(fs, dir)).rejects.toThrow(/workbook\.json: not found: this folder is not a workbook/);
  });

  it('stores blobs under their sha256, once', async () => {
    const dir = await temp();
    const a = await putBlob(fs, dir, 'output\n');
    expect(a).toBe(createHash('sha256').update('output\n').digest('hex'));
    expect(await putBlob(fs, dir, 'output\n')).toBe(a);
    expect(await readFile(join(dir, 'evidence', a), 'utf8')).toBe('output\n');
  });
});

describe('versions', () => {
  it('publishes a hash chain that validate accepts', async () => {
    const dir = await temp();
    await saveWorkbook(fs, dir, makeWorkbook({}, [{ severity: 'Major' }]));
    const v1 = await publishVersion(fs, dir, { message: 'First' }, fixedClock('2026-05-01T10:00:00Z'));
    const wb = await loadWorkbook(fs, dir);
    await saveWorkbook(fs, dir, { ...wb, title: 'Renamed' });
    const v2 = await publishVersion(fs, dir, { message: 'Second', items: ['renamed'] }, fixedClock('2026-05-02T10:00:00Z'));
    expect(v2.snapshot.previousHash).toBe(v1.snapshot.manifestHash);
    const final = await loadWorkbook(fs, dir);
    expect(final.versions.map((v) => [v.number, v.message])).toEqual([
      [1, 'First'],
      [2, 'Second'],
    ]);
    expect(final.changelog).toEqual([
      { version: 1, date: '2026-05-01', summary: 'First', items: [] },
      { version: 2, date: '2026-05-02', summary: 'Second', items: ['renamed'] },
    ]);
    expect(await verifyWorkbook(fs, dir)).toEqual({ problems: [], versionsChecked: 2, blobsChecked: 0, tombstones: 0 });
  });

  it('refuses to publish when a referenced blob is missing, and writes nothing', async () => {
    const dir = await fixture();
    const wb = await loadWorkbook(fs, dir);
    const hash = wb.pillars[0]!.cells[0]!.captures[0]!.hash;
    await rm(join(dir, 'evidence', hash));
    await saveWorkbook(fs, dir, { ...wb, scope: 'changed since v2' });
    const before = await readFile(join(dir, 'workbook.json'), 'utf8');
    await expect(publishVersion(fs, dir, { message: 'x' }, fixedClock('2026-05-01T00:00:00Z'))).rejects.toThrow(
      `cannot publish v3: evidence blob ${hash} is referenced but missing from evidence/`,
    );
    expect(await readFile(join(dir, 'workbook.json'), 'utf8')).toBe(before);
    expect(await readdir(join(dir, 'versions'))).toEqual(['v1.json', 'v2.json']);
  });

  it('validate accepts every committed fixture workbook', async () => {
    const { readdirSync } = await import('node:fs');
    const { FIXTURES } = await import('./helpers/workbooks');
    const names = readdirSync(FIXTURES);
    expect(names).toEqual(expect.arrayContaining(['registry-audit-seed-001', 'backbone-seed-000', 'demo-helix-backbone']));
    for (const name of names) {
      const result = await verifyWorkbook(fs, await fixture(name));
      expect(result.problems).toEqual([]);
      expect(result.versionsChecked).toBeGreaterThan(0);
    }
  });

  it('detects a changed evidence blob', async () => {
    const dir = await fixture();
    const wb = await loadWorkbook(fs, dir);
    const hash = wb.pillars[2]!.cells[0]!.captures[0]!.hash;
    await writeFile(join(dir, 'evidence', hash), 'tampered\n');
    const { problems } = await verifyWorkbook(fs, dir);
    expect(problems).toEqual([
      expect.stringMatching(new RegExp(`^evidence/${hash}: content changed \\(its sha256 is now [0-9a-f]{12}\\)$`)),
    ]);
  });

  it('detects an edited frozen version', async () => {
    const dir = await fixture();
    const file = join(dir, 'versions', 'v1.json');
    await writeFile(file, (await readFile(file, 'utf8')).replace('"severity": "Major"', '"severity": "Minor"'));
    const { problems } = await verifyWorkbook(fs, dir);
    expect(problems).toEqual([expect.stringMatching(/^versions\/v1\.json: content was edited after publishing/)]);
  });

  it('detects a re-sealed version through the chain and the index', async () => {
    const dir = await fixture();
    const file = join(dir, 'versions', 'v1.json');
    const snapshot = JSON.parse(await readFile(file, 'utf8'));
    snapshot.message = 'rewritten history';
    const { manifestHash } = await import('../core/workbook/versions');
    snapshot.manifestHash = manifestHash(snapshot);
    await writeFile(file, JSON.stringify(snapshot, null, 2));
    const { problems } = await verifyWorkbook(fs, dir);
    expect(problems.some((p) => /^versions\/v1\.json: manifest hash .* differs from the one workbook\.json records/.test(p))).toBe(true);
    expect(problems.some((p) => /^versions\/v2\.json: chain broken/.test(p))).toBe(false);
  });

  it('detects a version file missing, a blob missing and a version not in the index', async () => {
    const dir = await fixture();
    const wb = await loadWorkbook(fs, dir);
    await rm(join(dir, 'versions', 'v2.json'));
    await writeFile(join(dir, 'versions', 'v4.json'), '{}');
    await rm(join(dir, 'evidence', wb.pillars[1]!.cells[0]!.captures[0]!.hash));
    const { problems } = await verifyWorkbook(fs, dir);
    expect(problems).toEqual([
      expect.stringMatching(/versions\/v2\.json: version v2 not found/),
      'versions/v4.json: not recorded in workbook.json (an interrupted publish?)',
      expect.stringMatching(/^evidence\/[0-9a-f]{64}: missing \(referenced by workbook\.json\)$/),
    ]);
  });

  it('refuses to publish a working copy identical to the last version', async () => {
    const dir = await fixture();
    await expect(publishVersion(fs, dir, { message: 'again' }, fixedClock('2026-05-01T00:00:00Z'))).rejects.toThrow(
      'nothing to publish: the working copy is v2, unchanged',
    );
    expect(await readdir(join(dir, 'versions'))).toEqual(['v1.json', 'v2.json']);
  });

  it('replaces a version file left by an interrupted publish', async () => {
    const dir = await temp();
    await saveWorkbook(fs, dir, makeWorkbook());
    await fs.mkdirp(join(dir, 'versions'));
    await writeFile(join(dir, 'versions', 'v1.json'), 'half-written');
    // As validate sees it, the interrupted publish never happened.
    expect((await verifyWorkbook(fs, dir)).problems).toEqual([]);
    await publishVersion(fs, dir, { message: 'After a crash' }, fixedClock('2026-05-01T00:00:00Z'));
    expect((await verifyWorkbook(fs, dir)).problems).toEqual([]);
  });

  it('keeps the same bytes when the same workbook is saved twice', async () => {
    const dir = await temp();
    const wb = makeWorkbook({}, [{}]);
    await saveWorkbook(fs, dir, wb);
    const first = await readFile(join(dir, 'workbook.json'), 'utf8');
    await saveWorkbook(fs, dir, wb);
    expect(await readFile(join(dir, 'workbook.json'), 'utf8')).toBe(first);
    expect(first).toBe(stringifyWorkbook(wb));
  });
});
