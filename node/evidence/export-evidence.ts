// `export-evidence`: every capture's tables out of the workbook, as Parquet or Arrow IPC files that
// the engines a fleet uses read (DuckDB, Spark, Trino), so that audits of many deployments can be
// queried together. Each file is one table of one capture, with the workbook id, cell id, capture
// hash and capture time as its first columns; a manifest lists them.
//   <out>/<table>/<cell>-<n>-<hash 12>.parquet     e.g. runs/all-runs-002-1a2b3c4d5e6f.parquet
//   SELECT * FROM read_parquet('audits/*/runs/*.parquet', union_by_name = true)
import { join } from 'node:path';
import { Table, tableFromIPC, tableToIPC, type Vector } from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { arrowVector, columnsFromArrow, type ColumnarTable, type ColumnType, type TableValue } from '../../core/evidence/table';
import { loadWorkbook, readBlob } from '../../core/workbook/store';
import { nodeFileSystem as fs } from '../node-file-system';

export const EXPORT_FORMATS = ['parquet', 'arrow'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The columns every exported file starts with: where its rows come from. */
const PROVENANCE = ['workbook_id', 'cell_id', 'capture_hash', 'captured_at'] as const;

export interface ExportedFile {
  file: string;
  table: string;
  workbook: string;
  cell: string;
  capture: string;
  capturedAt: string;
  rows: number;
}

/** A table name as a folder name: a hostile workbook cannot write outside --out. */
const folderOf = (table: string) => table.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_') || '_';

/** The capture's table with the provenance columns first; a column of the same name is kept as source_<name>. */
function withProvenance(t: ColumnarTable, provenance: Record<(typeof PROVENANCE)[number], string>): ColumnarTable {
  const own = t.columns.map((c) => ({ ...c, name: (PROVENANCE as readonly string[]).includes(c.name) ? `source_${c.name}` : c.name }));
  return {
    columns: [...PROVENANCE.map((name) => ({ name, type: 'string' as ColumnType })), ...own],
    values: [...PROVENANCE.map((name) => new Array<TableValue>(t.length).fill(provenance[name])), ...t.values],
    length: t.length,
  };
}

const PARQUET_TYPE: Record<ColumnType, 'STRING' | 'DOUBLE' | 'BOOLEAN'> = { string: 'STRING', number: 'DOUBLE', boolean: 'BOOLEAN' };

function parquetOf(t: ColumnarTable): Uint8Array {
  const columnData = t.columns.map((c, j) => ({ name: c.name, type: PARQUET_TYPE[c.type], data: t.values[j]! }));
  // Row groups of 100,000: a reader skips what it does not need, and no group grows past memory.
  return new Uint8Array(parquetWriteBuffer({ columnData, rowGroupSize: 100_000, createdBy: 'audit-workbench' }));
}

/** An Arrow IPC file (not stream): what readers of `.arrow` files expect, built by the one conversion of stored tables. */
function arrowOf(t: ColumnarTable): Uint8Array {
  const vectors: Record<string, Vector> = {};
  t.columns.forEach((c, j) => (vectors[c.name] = arrowVector(t.values[j]!, c.type, j)));
  return tableToIPC(new Table(vectors), 'file');
}

/** Writes every capture's tables of the workbook in `dir` under `out`; returns what was written. */
export async function exportEvidence(
  dir: string,
  options: { format: ExportFormat; out: string; onFile?: (file: ExportedFile) => void },
): Promise<{ files: ExportedFile[]; manifest: string }> {
  const wb = await loadWorkbook(fs, dir);
  const files: ExportedFile[] = [];
  for (const pillar of wb.pillars) {
    for (const cell of pillar.cells) {
      for (const [n, capture] of cell.captures.entries()) {
        for (const [k, table] of capture.tables.entries()) {
          const source = columnsFromArrow(tableFromIPC(await readBlob(fs, dir, table.hash)));
          const rows = withProvenance(source, {
            workbook_id: wb.id,
            cell_id: cell.id,
            capture_hash: capture.hash,
            captured_at: capture.startedAt,
          });
          const folder = folderOf(table.name);
          // The capture's place in the cell's history (a reproduced capture has the same hash, not the same
          // time), and the table's place in the capture when two of its tables share a name.
          const twin = capture.tables.filter((t) => t.name === table.name).length > 1 ? `-${k + 1}` : '';
          const name = `${cell.id}-${String(n + 1).padStart(3, '0')}-${capture.hash.slice(0, 12)}${twin}.${options.format}`;
          const file = join(folder, name);
          await fs.mkdirp(join(options.out, folder));
          await fs.writeAtomic(join(options.out, file), options.format === 'parquet' ? parquetOf(rows) : arrowOf(rows));
          const written = {
            file,
            table: table.name,
            workbook: wb.id,
            cell: cell.id,
            capture: capture.hash,
            capturedAt: capture.startedAt,
            rows: rows.length,
          };
          files.push(written);
          options.onFile?.(written);
        }
      }
    }
  }
  const manifest = join(options.out, 'manifest.json');
  await fs.mkdirp(options.out);
  await fs.writeAtomic(manifest, `${JSON.stringify({ workbook: wb.id, title: wb.title, format: options.format, files }, null, 2)}\n`);
  return { files, manifest };
}
