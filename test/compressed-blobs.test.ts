// Big evidence is stored gzip-compressed under `<sha256>.gz`, the name still the hash of what it
// holds. Through the CLI: an import of a 3 MB capture, then validate, query, purge and merge — each
// reads the compressed blob as the content it stands for, and a changed, broken or hostile one is
// named by validate.
import { copyFile, cp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli';
import { allText, evidenceWorkbook, tempDir } from './helpers/workbooks';

const LEAKED = 'Xv3-opaque-ref-4411';
let wb: { dir: string; cleanup: () => Promise<void> };
let home: { dir: string; cleanup: () => Promise<void> };

const cli = (argv: string[], stdin?: string) =>
  runCli(argv, { home: home.dir, now: '2026-12-07T12:00:00Z', ...(stdin !== undefined ? { stdin } : {}) });

const evidence = async (dir = wb.dir) => (await readdir(join(dir, 'evidence'))).sort();

/** Edits one evidence file for the length of `check`, then puts it back. */
async function withFile(name: string, content: Uint8Array, check: () => Promise<void>): Promise<void> {
  const path = join(wb.dir, 'evidence', name);
  const original = await readFile(path);
  await writeFile(path, content);
  try {
    await check();
  } finally {
    await writeFile(path, original);
  }
}

beforeAll(async () => {
  home = await tempDir('aw-gz-home-');
  wb = await evidenceWorkbook([], [
    { id: 'inventory', kind: 'import', title: 'Inventory', format: 'auto', sourceCommand: 'dump-inventory' },
  ] as never);
  const rows = Array.from({ length: 40_000 }, (_, i) => `host-${i},${i === 777 ? LEAKED : `ref-${i % 97}`},eu-west-${i % 3}`);
  const file = join(wb.dir, '../inventory.csv');
  await writeFile(file, `host,internal_ref,region\n${rows.join('\n')}\n`);
  expect((await cli(['import', wb.dir, '--cell', 'inventory', '--file', file])).code).toBe(0);
  expect((await cli(['publish', wb.dir, '--message', 'first'])).code).toBe(0);
}, 60_000);
afterAll(async () => {
  await wb?.cleanup();
  await home?.cleanup();
});

describe('compressed evidence', () => {
  it('stores the big capture and its table compressed, named by the hash of their content', async () => {
    const names = await evidence();
    const compressed = names.filter((n) => n.endsWith('.gz'));
    expect(compressed.length).toBeGreaterThanOrEqual(1);
    const raw = await readFile(join(wb.dir, 'evidence', compressed[0]!));
    const content = gunzipSync(raw);
    expect(content.length).toBeGreaterThan(1 << 20);
    expect(raw.length).toBeLessThan(content.length / 3);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(content).digest('hex')).toBe(compressed[0]!.replace(/\.gz$/, ''));
  });

  it('validates, and queries the table', async () => {
    const valid = await cli(['validate', wb.dir]);
    expect(valid.err).toBe('');
    expect(valid.code).toBe(0);
    const query = await cli(['query', wb.dir, "SELECT count(*) AS n FROM inventory WHERE region = 'eu-west-1'"]);
    expect(query.out).toMatch(/\b13333\b/);
  });

  it('names a compressed blob that was changed, broken or inflates without bound', async () => {
    const name = (await evidence()).find((n) => n.endsWith('.gz'))!;
    const expectProblem = async (content: Uint8Array, problem: RegExp) =>
      withFile(name, content, async () => {
        const result = await cli(['validate', wb.dir]);
        expect(result.code).toBe(1);
        expect(result.err).toMatch(problem);
      });
    await expectProblem(gzipSync('something else\n'), new RegExp(`evidence/${name.replace('.', '\\.')}: content changed`));
    await expectProblem(
      new TextEncoder().encode('not gzip at all'),
      new RegExp(`evidence/${name.replace('.', '\\.')}: not a readable gzip file`),
    );
    // 600 MB of zeros in 0.6 MB: refused at the cap instead of inflated.
    const bomb = join(wb.dir, '../bomb.gz');
    const zeros = Buffer.alloc(1 << 20);
    await pipeline(
      Readable.from(
        (function* () {
          for (let i = 0; i < 600; i++) yield zeros;
        })(),
      ),
      createGzip({ level: 9 }),
      createWriteStream(bomb),
    );
    expect((await stat(bomb)).size).toBeLessThan(2 << 20);
    await expectProblem(await readFile(bomb), /inflates beyond 512 MB; refused/);
  }, 60_000);

  it('merge copies compressed blobs only the other clone has, checked against their names', async () => {
    const theirs = join(wb.dir, '../theirs');
    const base = join(wb.dir, '../base');
    const ours = join(wb.dir, '../ours');
    for (const dir of [theirs, base, ours]) await mkdir(join(dir, 'evidence'), { recursive: true });
    for (const dir of [base, ours]) await copyFile(join(wb.dir, 'workbook.json'), join(dir, 'workbook.json'));
    await copyFile(join(wb.dir, 'workbook.json'), join(theirs, 'workbook.json'));
    for (const name of await evidence()) await copyFile(join(wb.dir, 'evidence', name), join(theirs, 'evidence', name));
    await cp(join(wb.dir, 'versions'), join(theirs, 'versions'), { recursive: true });
    const merged = await cli(['merge', ours, base, theirs]);
    expect(merged.err).toBe('');
    expect(await evidence(ours)).toEqual(await evidence());
    expect((await cli(['validate', ours])).code).toBe(0);
  });
  it('purges a secret held inside a compressed blob of a published version, and validate accepts the compressed tombstone', async () => {
    expect(await allText(wb.dir)).toContain(LEAKED);
    // A file named like a compressed blob that is not gzip, holding the secret as it lies: searched raw.
    const broken = join(wb.dir, 'evidence', `${'ab'.repeat(32)}.gz`);
    await writeFile(broken, `not gzip: ${LEAKED}\n`);
    const purged = await cli(['purge', wb.dir, '--reason', 'internal reference'], `${LEAKED}\n`);
    expect(purged.err).toBe('');
    expect(purged.out).toMatch(/^Purge 1: 3 evidence blob\(s\) replaced by tombstones/);
    expect(await allText(wb.dir)).not.toContain(LEAKED);
    const valid = await cli(['validate', wb.dir]);
    expect(valid.err).toBe('');
    expect(valid.out).toContain('2 purged');
    const query = await cli(['query', wb.dir, "SELECT internal_ref FROM inventory WHERE host = 'host-777'"]);
    expect(query.out).toContain('[REDACTED]');
  });
});
