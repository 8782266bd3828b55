// Purge through the CLI: a secret that redaction could not know (an opaque value under an ordinary
// name) got into a capture, its command, a published version and an exported report. After
// `purge`, it is nowhere in the folder; `validate` accepts the tombstones and the rewritten version
// because the signed event says so, and still detects any other change; the report shows the purge.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli';
import { evidenceWorkbook, tempDir } from './helpers/workbooks';

const LEAKED = 'Zq8-opaque-internal-77';
let wb: { dir: string; cleanup: () => Promise<void> };
let home: { dir: string; cleanup: () => Promise<void> };

const cli = (argv: string[], stdin?: string) =>
  runCli(argv, { home: home.dir, now: '2026-12-06T12:00:00Z', ...(stdin !== undefined ? { stdin } : {}) });

/** Files under the workbook folder that hold `text`. */
async function holding(text: string): Promise<string[]> {
  const found: string[] = [];
  for (const e of await readdir(wb.dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile() && (await readFile(join(e.parentPath, e.name))).includes(text))
      found.push(join(e.parentPath, e.name).slice(wb.dir.length + 1));
  }
  return found.sort();
}

beforeAll(async () => {
  home = await tempDir('aw-purge-home-');
  wb = await evidenceWorkbook([], [
    { id: 'config-dump', kind: 'import', title: 'Service config', format: 'auto', sourceCommand: 'cat service.conf' },
  ] as never);
  const capture = join(wb.dir, '../service.csv');
  await writeFile(capture, `service,internal_ref,region\nregistry,${LEAKED},eu-west-1\nserving,none,eu-west-1\n`);
  expect(
    (await cli(['import', wb.dir, '--cell', 'config-dump', '--file', capture, '--command', `fetch-config --ref ${LEAKED}`])).code,
  ).toBe(0);
  expect((await cli(['publish', wb.dir, '--message', 'first'])).code).toBe(0);
  expect((await cli(['report', wb.dir])).code).toBe(0);
}, 60_000);
afterAll(async () => {
  await wb?.cleanup();
  await home?.cleanup();
});

describe('purge', () => {
  it('starts from a secret in the working copy, blobs, a published version and an export', async () => {
    const files = await holding(LEAKED);
    expect(files).toContain('workbook.json');
    expect(files).toContain('versions/v1.json');
    expect(files.filter((f) => f.startsWith('evidence/')).length).toBeGreaterThanOrEqual(2); // raw output and its Arrow table
    expect(files.some((f) => f.startsWith('exports/'))).toBe(true);
  });

  it('refuses without a reason, and takes the secret from stdin only', async () => {
    expect((await cli(['purge', wb.dir], LEAKED)).err).toContain('purge needs --reason');
    expect((await cli(['purge', wb.dir, '--reason', 'leak'], '')).err).toContain('reads the text to purge from stdin');
    expect((await cli(['purge', wb.dir, '--reason', 'leak'], 'abc')).err).toContain('at least 6 characters');
  });

  it('removes it everywhere, keeps the evidence usable, and validate accepts what the signed event records', async () => {
    const purged = await cli(['purge', wb.dir, '--reason', 'internal reference pasted by mistake'], `${LEAKED}\n`);
    expect(purged.err).toBe('');
    expect(purged.out).toMatch(/^Purge 1: 2 evidence blob\(s\) replaced by tombstones, 1 version\(s\) and 1 export\(s\) rewritten/);
    expect(await holding(LEAKED)).toEqual([]);
    expect((await stat(join(home.dir, 'signing-key'))).mode & 0o777).toBe(0o600);

    const valid = await cli(['validate', wb.dir]);
    expect(valid.err).toBe('');
    expect(valid.out).toContain('(2 purged: tombstones as 1 signed purge event(s) record)');
    const query = await cli(['query', wb.dir, 'SELECT service, internal_ref FROM config_dump ORDER BY service']);
    expect(query.out).toMatch(/registry\s+\[REDACTED\]/);

    expect((await cli(['report', wb.dir, '--out', join(wb.dir, '../after.md')])).code).toBe(0);
    const report = await readFile(join(wb.dir, '../after.md'), 'utf8');
    expect(report).toContain('## Purged evidence');
    expect(report).toMatch(
      /\| 1 \| 2026-12-06 \| .* \| internal reference pasted by mistake \| 2 blob\(s\) replaced by tombstones; v1 rewritten \| `[0-9a-f]{16}` \|/,
    );
  });

  it('still detects any other change to a version, a tombstone or the event itself', async () => {
    const expectProblem = async (file: string, edit: (text: string) => string, problem: RegExp) => {
      const path = join(wb.dir, file);
      const original = await readFile(path, 'utf8');
      await writeFile(path, edit(original));
      try {
        const result = await cli(['validate', wb.dir]);
        expect(result.code).toBe(1);
        expect(result.err).toMatch(problem);
      } finally {
        await writeFile(path, original);
      }
    };
    await expectProblem(
      'versions/v1.json',
      (t) => t.replace('"message": "first"', '"message": "firsT"'),
      /versions\/v1\.json: content was edited after publishing/,
    );
    const tombstones: string[] = [];
    for (const name of await readdir(join(wb.dir, 'evidence')))
      if ((await readFile(join(wb.dir, 'evidence', name), 'utf8')).includes('"purged"')) tombstones.push(name);
    expect(tombstones).toHaveLength(2);
    await expectProblem(`evidence/${tombstones[0]}`, (t) => t.replace('pasted', 'posted'), /content changed/);
    await expectProblem(
      'workbook.json',
      (t) => t.replace('"reason": "internal reference pasted by mistake"', '"reason": "routine"'),
      /purge 1: edited after it was signed/,
    );
    expect((await cli(['validate', wb.dir])).code).toBe(0);
  });
});
