// Result tables as columns (one array per column), so a million-row capture is a handful of
// arrays rather than a million row objects, and filtering is a tight loop over prepared text.
import { DataType, tableFromIPC } from 'apache-arrow';
import type { ColumnType, EvidenceTable, TableValue } from '../../../core/evidence/table';

export interface GridData {
  columns: { name: string; type: ColumnType }[];
  /** values[c][r]: column-major. */
  values: TableValue[][];
  length: number;
}

// Strings are stored dictionary-encoded: their type is the dictionary's values, not its indices.
const typeOf = (type: DataType): ColumnType => {
  const values: DataType = DataType.isDictionary(type) ? type.dictionary : type;
  return DataType.isInt(values) || DataType.isFloat(values) || DataType.isDecimal(values)
    ? 'number'
    : DataType.isBool(values)
      ? 'boolean'
      : 'string';
};

export function gridFromArrow(bytes: Uint8Array): GridData {
  const table = tableFromIPC(bytes);
  const columns = table.schema.fields.map((f) => ({ name: f.name, type: typeOf(f.type) }));
  const values = table.schema.fields.map((_f, i) => {
    const vector = table.getChildAt(i)!;
    const out = new Array<TableValue>(table.numRows);
    for (let r = 0; r < table.numRows; r++) {
      const v = vector.get(r) as unknown;
      out[r] = v === null || v === undefined ? null : typeof v === 'bigint' ? Number(v) : (v as TableValue);
    }
    return out;
  });
  return { columns, values, length: table.numRows };
}

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
