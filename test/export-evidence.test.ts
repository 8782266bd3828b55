// export-evidence: every capture's tables of the demo workbook written as Parquet, read back by
// native DuckDB (the engine a fleet would query them with) with the same row counts and values as
// the stored tables, the provenance columns first; the same as Arrow IPC files, read back by
// apache-arrow; and a hostile table name that stays inside --out.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnsFromArrow } from '../core/evidence/table';
import type { Workbook } from '../core/workbook/schema';
import { readBlob } from '../core/workbook/store';
import { nodeFileSystem as fs } from '../node/node-file-system';
import { runCli } from './helpers/cli';
import { copyFixture, tempDir } from './helpers/workbooks';

type Manifest = { workbook: string; files: { file: string; table: string; cell: string; capture: string; rows: number }[] };

describe('export-evidence', () => {
  let demo: { dir: string; cleanup: () => Promise<void> };
  let out: { dir: string; cleanup: () => Promise<void> };
  let wb: Workbook;
  beforeAll(async () => {
    demo = await copyFixture('demo-helix-backbone');
    out = await tempDir('aw-export-evidence-');
    wb = JSON.parse(await readFile(join(demo.dir, 'workbook.json'), 'utf8')) as Workbook;
  });
  afterAll(async () => {
    await demo.cleanup();
    await out.cleanup();
  });
  const stored = () =>
    wb.pillars.flatMap((p) =>
      p.cells.flatMap((c) => c.captures.flatMap((k) => k.tables.map((t) => ({ cell: c.id, capture: k, table: t })))),
    );

  it('writes Parquet that native DuckDB reads with the stored rows, provenance first', async () => {
    const target = join(out.dir, 'parquet');
    const result = await runCli(['export-evidence', demo.dir, '--format', 'parquet', '--out', target]);
    expect(result.code, result.err).toBe(0);
    const manifest = JSON.parse(await readFile(join(target, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.files.length).toBe(stored().length);
    expect(manifest.files.length).toBeGreaterThan(5);
    expect(result.out).toContain(`Wrote ${manifest.files.length} parquet file(s)`);

    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      // The files are listed in the workbook's order: pillar, cell, capture, table.
      for (const [i, { cell, capture, table }] of stored().entries()) {
        const entry = manifest.files[i]!;
        expect([entry.cell, entry.capture, entry.table]).toEqual([cell, capture.hash, table.name]);
        const path = join(target, entry.file).replace(/'/g, "''");
        const rows = (await c.runAndReadAll(`SELECT * FROM read_parquet('${path}')`)).getRowObjectsJson();
        expect(rows.length, entry.file).toBe(table.rows);
        // The values are the stored table's, after the provenance columns.
        const own = columnsFromArrow(tableFromIPC(await readBlob(fs, demo.dir, table.hash)));
        const columns = (await c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`))
          .getRowObjectsJson()
          .map((r) => r['column_name']);
        expect(columns.slice(0, 4)).toEqual(['workbook_id', 'cell_id', 'capture_hash', 'captured_at']);
        if (rows.length) {
          expect(rows[0]).toMatchObject({ workbook_id: wb.id, cell_id: cell, capture_hash: capture.hash, captured_at: capture.startedAt });
          own.columns.forEach((col, j) => {
            const name = columns[4 + j] as string;
            const value = own.values[j]![0];
            expect(rows[0]![name], `${entry.file} ${col.name}`).toEqual(value);
          });
        }
      }
      // Fleet-wide: every runs table of the export in one query.
      const glob = join(target, '*', '*.parquet').replace(/'/g, "''");
      const perCell = (
        await c.runAndReadAll(`SELECT cell_id, count(*) AS n FROM read_parquet('${glob}', union_by_name = true) GROUP BY 1 ORDER BY 1`)
      ).getRowObjectsJson();
      const expected = new Map<string, number>();
      for (const s of stored()) expected.set(s.cell, (expected.get(s.cell) ?? 0) + s.table.rows);
      expect(perCell.map((r) => [r['cell_id'], Number(r['n'])])).toEqual(
        [...expected].filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b)),
      );
    } finally {
      c.closeSync();
    }
  });

  it('writes Arrow IPC files read back with the same rows', async () => {
    const target = join(out.dir, 'arrow');
    expect((await runCli(['export-evidence', demo.dir, '--format', 'arrow', '--out', target])).code).toBe(0);
    const manifest = JSON.parse(await readFile(join(target, 'manifest.json'), 'utf8')) as Manifest;
    for (const entry of manifest.files) {
      const table = tableFromIPC(await readFile(join(target, entry.file)));
      expect(table.numRows, entry.file).toBe(entry.rows);
      expect(table.schema.fields[1]!.name).toBe('cell_id');
      if (table.numRows) expect(table.getChild('cell_id')!.get(0)).toBe(entry.cell);
    }
  });

  it('refuses a wrong format, and keeps a hostile table name inside --out', async () => {
    const wrong = await runCli(['export-evidence', demo.dir, '--format', 'csv', '--out', out.dir]);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('--format parquet or arrow, not "csv"');
    const hostile = structuredClone(wb);
    const capture = hostile.pillars
      .flatMap((p) => p.cells)
      .find((c) => c.captures.some((k) => k.tables.length))!
      .captures.find((k) => k.tables.length)!;
    capture.tables[0]!.name = '../../escaped';
    await writeFile(join(demo.dir, 'workbook.json'), `${JSON.stringify(hostile, null, 2)}\n`);
    const target = join(out.dir, 'inside');
    expect((await runCli(['export-evidence', demo.dir, '--format', 'parquet', '--out', target])).code).toBe(0);
    const files = (await readdir(out.dir, { recursive: true })).map(String);
    expect(files.filter((f) => !/^(parquet|arrow|inside)(\/|$)/.test(f))).toEqual([]);
    expect(files.some((f) => f.startsWith(join('inside', '__.._escaped', '')))).toBe(true);
  });
});
