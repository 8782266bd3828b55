// The redaction corpus: 37 secret formats × 8 import formats, imported through the CLI with the
// secrets also typed into the import's --command, then queried, reported and drafted as issues.
// Not one secret may appear in the workbook folder (JSON, raw blobs, Arrow tables, versions), the
// report, the issue drafts or anything the CLI printed — and every redacted capture keeps its syntax.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { parseEvidence } from '../../core/evidence/parse';
import { fixedClock } from '../../core/ports';
import { loadWorkbook, readBlob } from '../../core/workbook/store';
import { nodeFileSystem } from '../../node/node-file-system';
import { corpusDocument, SECRET_CORPUS, type CorpusFormat } from '../helpers/secret-corpus';
import { evidenceWorkbook } from '../helpers/workbooks';

const FORMATS: { format: CorpusFormat; cliFormat: string }[] = [
  { format: 'json', cliFormat: 'json' },
  { format: 'ndjson', cliFormat: 'ndjson' },
  { format: 'yaml', cliFormat: 'yaml' },
  { format: 'csv', cliFormat: 'csv' },
  { format: 'kubectl-table', cliFormat: 'kubectl-table' },
  { format: 'grep', cliFormat: 'grep' },
  { format: 'env', cliFormat: 'text' },
  { format: 'text', cliFormat: 'text' },
];
const cellOf = (format: CorpusFormat) => `import-${format}`;

// What an auditor might type as the provenance of an import: credentials inline, as people do.
const TYPED_COMMAND = (format: string) =>
  `PGPASSWORD=${SECRET_CORPUS[30]!.value} psql -h db -c 'select 1' && curl -H "X-Vault-Token: ${SECRET_CORPUS[18]!.value}" ` +
  `-H 'Authorization: Bearer ${SECRET_CORPUS[32]!.value}' https://vault/v1/${format}`;

let wb: { dir: string; cleanup: () => Promise<void> };
const printed: string[] = [];
const cli = async (...argv: string[]) => {
  const code = await main(argv, { out: (t) => printed.push(t), err: (t) => printed.push(t), clock: fixedClock('2026-12-06T10:00:00Z') });
  expect(code, printed.slice(-3).join('\n')).toBe(0);
};

beforeAll(async () => {
  wb = await evidenceWorkbook(
    [],
    FORMATS.map(({ format, cliFormat }) => ({
      id: cellOf(format),
      kind: 'import',
      title: `Captured ${format}`,
      format: cliFormat,
      sourceCommand: 'kubectl get -o json',
    })) as never,
  );
  const raw = JSON.parse(await readFile(join(wb.dir, 'workbook.json'), 'utf8'));
  raw.gaps = FORMATS.map(({ format }, i) => ({
    id: `S-${String(i + 1).padStart(2, '0')}`,
    pillar: 1,
    title: `Secrets visible in the ${format} capture`,
    severity: 'Major',
    evidence: [{ cell: cellOf(format), rows: 'all' }],
  }));
  await writeFile(join(wb.dir, 'workbook.json'), JSON.stringify(raw, null, 2));
  for (const { format } of FORMATS) {
    const file = join(wb.dir, `../${format}.capture`);
    await writeFile(file, corpusDocument(format));
    await cli('import', wb.dir, '--cell', cellOf(format), '--file', file, '--command', TYPED_COMMAND(format));
  }
  for (const { format } of FORMATS) await cli('query', wb.dir, `SELECT * FROM ${cellOf(format).replace(/-/g, '_')}`);
  await cli('publish', wb.dir, '--message', 'corpus');
  await cli('report', wb.dir, '--out', join(wb.dir, '../report.md'));
  await cli('issues', wb.dir, '--out', join(wb.dir, '../drafts'));
}, 120_000);
afterAll(() => wb?.cleanup());

describe('the redaction corpus', () => {
  it('starts from inputs that carry every secret (so that the scan below can find one)', async () => {
    const inputs = await Promise.all(FORMATS.map(({ format }) => readFile(join(wb.dir, `../${format}.capture`), 'utf8')));
    const missing = FORMATS.flatMap(({ format }, i) =>
      SECRET_CORPUS.filter((s) => !inputs[i]!.includes(s.leak)).map((s) => `${s.format} in ${format}`),
    );
    expect(missing).toEqual([]);
  });

  it(`leaves none of ${SECRET_CORPUS.length} secret formats × ${FORMATS.length} import formats in the workbook, report, drafts or output`, async () => {
    const { readdir } = await import('node:fs/promises');
    const entries = await readdir(join(wb.dir, '..'), { recursive: true, withFileTypes: true });
    const files = entries.filter((e) => e.isFile() && !e.name.endsWith('.capture'));
    expect(files.map((f) => f.name)).toEqual(expect.arrayContaining(['workbook.json', 'report.md', 'issues.json', 'v1.json']));
    const leaks: string[] = [];
    for (const f of files) {
      const text = (await readFile(join(f.parentPath, f.name))).toString('latin1');
      for (const s of SECRET_CORPUS) if (text.includes(s.leak)) leaks.push(`${s.format} in ${f.name}`);
    }
    const printedText = printed.join('\n');
    expect(printedText).toContain('[REDACTED]');
    for (const s of SECRET_CORPUS) if (printedText.includes(s.leak)) leaks.push(`${s.format} printed`);
    expect(leaks).toEqual([]);
  });

  it('keeps every redacted capture in its syntax: JSON, NDJSON, YAML, CSV columns, table columns', async () => {
    const workbook = await loadWorkbook(nodeFileSystem, wb.dir);
    const raw = async (format: CorpusFormat) => {
      const cell = workbook.pillars[0]!.cells.find((c) => c.id === cellOf(format))!;
      const capture = cell.captures.at(-1)!;
      expect(capture.redactions.reduce((n, r) => n + r.count, 0)).toBeGreaterThan(0);
      return { text: Buffer.from(await readBlob(nodeFileSystem, wb.dir, capture.hash)).toString('utf8'), capture };
    };
    const json = (await raw('json')).text;
    expect(() => JSON.parse(json)).not.toThrow();
    for (const line of (await raw('ndjson')).text.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    const yaml = (await raw('yaml')).text;
    expect(parseAllDocuments(yaml).flatMap((d) => d.errors)).toEqual([]);
    const csv = (await raw('csv')).capture.tables[0]!;
    expect(csv.rows).toBe(1);
    const table = parseEvidence('t', (await raw('kubectl-table')).text, 'kubectl-table').tables[0]!;
    const namespace = table.columns.findIndex((c) => c.name === 'namespace');
    expect(table.rows.map((r) => r[namespace])).toEqual(SECRET_CORPUS.map(() => 'mlflow'));
    // Every command typed as provenance is stored with its secrets replaced, the rest kept.
    for (const c of workbook.pillars[0]!.cells) expect(c.captures.at(-1)!.command).toMatch(/^PGPASSWORD=\[REDACTED\] psql -h db/);
  });
});
