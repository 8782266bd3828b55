// Small workbooks built in code for unit tests, and temp copies of the committed fixtures.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateWorkbook } from '../../core/workbook/file-format';
import type { GapInput, Workbook, WorkbookInput } from '../../core/workbook/schema';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/workbooks', import.meta.url));

/** A valid workbook with pillars 1–3 (pillar 1 fail-fast) and the given gaps and fields. */
export function makeWorkbook(fields: Partial<WorkbookInput> = {}, gaps: Partial<GapInput>[] = []): Workbook {
  const raw: WorkbookInput = {
    schemaVersion: 1,
    id: 'test-workbook',
    title: 'Test audit',
    date: '2026-05-01',
    pillars: [
      {
        number: 1,
        name: 'Tags',
        order: 2,
        failFast: true,
        cells: [{ id: 'tags-check', kind: 'check', title: 'Runs missing tags', sql: 'SELECT 1' }],
      },
      { number: 2, name: 'Registry', order: 1 },
      { number: 3, name: 'Backend', order: 3 },
    ],
    gaps: gaps.map(
      (g, i) => ({ id: `T-${String(i + 1).padStart(2, '0')}`, pillar: 1, title: `Gap ${i + 1}`, severity: 'Major', ...g }) as GapInput,
    ),
    ...fields,
  };
  return validateWorkbook(raw, 'test');
}

/** A temp folder removed by the returned cleanup. */
export async function tempDir(prefix = 'aw-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A private copy of a committed fixture workbook, so tests never modify fixtures/. */
export async function copyFixture(name: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const tmp = await tempDir(`aw-${name}-`);
  const dir = join(tmp.dir, name);
  await cp(join(FIXTURES, name), dir, { recursive: true });
  return { dir, cleanup: tmp.cleanup };
}

/** A temp workbook folder with one pillar holding `cells`, and the given parameters. */
export async function evidenceWorkbook(
  parameters: NonNullable<WorkbookInput['parameters']>,
  cells: NonNullable<NonNullable<WorkbookInput['pillars']>[number]['cells']>,
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const { saveWorkbook } = await import('../../core/workbook/store');
  const { nodeFileSystem } = await import('../../node/node-file-system');
  const tmp = await tempDir('aw-evidence-');
  const dir = join(tmp.dir, 'wb');
  await saveWorkbook(
    nodeFileSystem,
    dir,
    validateWorkbook(
      {
        schemaVersion: 1,
        id: 'evidence-test',
        title: 'Evidence test',
        date: '2026-05-01',
        parameters,
        pillars: [{ number: 1, name: 'Evidence', order: 1, cells }],
      },
      'test',
    ),
  );
  return { dir, cleanup: tmp.cleanup };
}

/** Every file under a folder, as text (compressed blobs inflated, as a reader of the folder could), to scan for secrets. */
export async function allText(dir: string): Promise<string> {
  const { readdir, readFile } = await import('node:fs/promises');
  const { gunzipSync } = await import('node:zlib');
  const parts: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const bytes = await readFile(join(entry.parentPath, entry.name));
    // A file named .gz that is not gzip (broken, hostile) is scanned as it lies.
    const inflate = (b: Buffer) => {
      try {
        return gunzipSync(b);
      } catch {
        return b;
      }
    };
    parts.push((entry.name.endsWith('.gz') ? inflate(bytes) : bytes).toString('latin1'));
  }
  return parts.join('\n');
}
