// Which rows of a table a view shows: those holding a text (filter) and in a column's order
// (sort). One implementation for the app's grid, over a table in the window, and for the Node side,
// which serves a big table a page at a time.
import type { ColumnarTable } from './table';

/** One lower-cased text per row (all columns joined), built once per table and reused by filters. */
export function searchIndex(data: ColumnarTable): string[] {
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

export type SortOrder = { column: number; descending: boolean } | null;

/** The rows (all, or those a filter kept) in the order of one column; empty values last either way. */
export function sortRows(data: ColumnarTable, rows: Uint32Array | null, order: SortOrder): Uint32Array | null {
  if (!order) return rows;
  const values = data.values[order.column]!;
  const out = rows ? Uint32Array.from(rows) : Uint32Array.from({ length: data.length }, (_, i) => i);
  const sign = order.descending ? -1 : 1;
  return out.sort((a, b) => {
    const x = values[a] ?? null;
    const y = values[b] ?? null;
    if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
    return c === 0 ? a - b : sign * c;
  });
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
