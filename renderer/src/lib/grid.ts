// Result tables as columns (one array per column), so a million-row capture is a handful of
// arrays rather than a million row objects, and filtering is a tight loop over prepared text.
import { tableFromIPC } from 'apache-arrow';
import { columnsFromArrow, type ColumnarTable, type EvidenceTable, type TableValue } from '../../../core/evidence/table';

/** values[c][r]: column-major. */
export type GridData = ColumnarTable;

/** A stored capture's Arrow table, converted as the engine converts it (core/evidence/table.ts). */
export const gridFromArrow = (bytes: Uint8Array): GridData => columnsFromArrow(tableFromIPC(bytes));

export function gridFromTable(t: EvidenceTable): GridData {
  return { columns: t.columns, values: t.columns.map((_c, i) => t.rows.map((row) => row[i] ?? null)), length: t.rows.length };
}

export function gridToTable(name: string, g: GridData): EvidenceTable {
  const rows = new Array<TableValue[]>(g.length);
  for (let r = 0; r < g.length; r++) rows[r] = g.values.map((column) => column[r] ?? null);
  return { name, columns: g.columns, rows };
}

/** One lower-cased text per row (all columns joined), built once per table and reused by filters. */
export function searchIndex(data: GridData): string[] {
  const out = new Array<string>(data.length);
  for (let r = 0; r < data.length; r++) {
    let line = '';
    for (const column of data.values) {
      const v = column[r];
      if (v !== null && v !== undefined) line += `${String(v)}\u0000`;
    }
    out[r] = line.toLowerCase();
  }
  return out;
}

/** Indices of the rows containing `needle` (case-insensitive), in order; null means every row. */
export function filterRows(index: readonly string[], needle: string): Uint32Array | null {
  const n = needle.trim().toLowerCase();
  if (n === '') return null;
  const hits = new Uint32Array(index.length);
  let count = 0;
  for (let r = 0; r < index.length; r++) if (index[r]!.includes(n)) hits[count++] = r;
  return hits.subarray(0, count);
}

/** The 1-based rows an evidence link names ("3", "1–4", "2, 5-7"), as 0-based indices. */
export function rowsOfSpec(spec: string | undefined): Set<number> {
  const out = new Set<number>();
  for (const part of (spec ?? '').split(',')) {
    const m = /^\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*$/.exec(part);
    if (!m) continue;
    const from = Number(m[1]);
    const to = Math.min(m[2] ? Number(m[2]) : from, from + 100_000);
    for (let r = from; r <= to; r++) out.add(r - 1);
  }
  return out;
}

export const formatValue = (v: TableValue): string =>
  v === null ? '' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(6).replace(/\.?0+$/, '')) : String(v);
