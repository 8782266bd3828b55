// Row-level comparison of two captures of the same cell: rows added, removed, and changed by key.
// Tables are read value by value (a capture of 500,000 runs is compared without making either side
// into row objects); only the rows reported are, up to DIFF_ROWS_KEPT of each kind.
import { readerOfTable, type CellReader, type EvidenceTable, type TableValue } from './table';

export interface RowChange {
  key: TableValue[];
  before: Record<string, TableValue>;
  after: Record<string, TableValue>;
}

export interface TableDiff {
  table: string;
  /** Columns that identify a row; empty when rows are compared whole. */
  key: string[];
  /** How many rows were added, removed and changed: the lists below keep the first DIFF_ROWS_KEPT of each. */
  counts: { added: number; removed: number; changed: number };
  added: Record<string, TableValue>[];
  removed: Record<string, TableValue>[];
  changed: RowChange[];
}

/** Rows of each kind a diff lists; the counts say how many there are in all. */
export const DIFF_ROWS_KEPT = 200;

/** Candidate keys, most specific first; the first present in both tables and unique in each wins. */
const KEY_CANDIDATES: readonly string[][] = [
  ['run_id', 'key'],
  ['name', 'alias'],
  ['name', 'version'],
  ['run_id'],
  ['experiment_id'],
  ['metadata.namespace', 'metadata.name'],
  ['metadata.name'],
  ['file', 'line'],
  ['name'],
  ['key'],
  ['id'],
];

/** A value as a key part: typed, so that 1 and "1" differ. */
const part = (v: TableValue) => (typeof v === 'string' ? `s${v}` : JSON.stringify(v));

/** Rows by key (columns given by index); null when a key repeats. Whole rows as keys keep the last of equal rows. */
function indexRows(t: CellReader, columns: readonly number[], unique: boolean): Map<string, number> | null {
  const index = new Map<string, number>();
  for (let r = 0; r < t.length; r++) {
    let k = part(t.value(r, columns[0]!));
    for (let i = 1; i < columns.length; i++) k += `\u0000${part(t.value(r, columns[i]!))}`;
    if (unique && index.has(k)) return null;
    index.set(k, r);
  }
  return index;
}

function record(t: CellReader, r: number): Record<string, TableValue> {
  const out: Record<string, TableValue> = {};
  t.columns.forEach((name, c) => (out[name] = t.value(r, c)));
  return out;
}

export function diffTables(before: CellReader | EvidenceTable, after: CellReader | EvidenceTable): TableDiff {
  const a = 'rows' in before ? readerOfTable(before) : before;
  const b = 'rows' in after ? readerOfTable(after) : after;
  let key: string[] = [];
  let left: Map<string, number> | null = null;
  let right: Map<string, number> | null = null;
  for (const candidate of KEY_CANDIDATES) {
    const ca = candidate.map((c) => a.columns.indexOf(c));
    const cb = candidate.map((c) => b.columns.indexOf(c));
    if (ca.includes(-1) || cb.includes(-1)) continue;
    left = indexRows(a, ca, true);
    right = left && indexRows(b, cb, true);
    if (left && right) {
      key = candidate;
      break;
    }
  }
  if (!left || !right) {
    // Whole rows, by the union of the columns, in one order for both sides.
    const names = [...new Set([...a.columns, ...b.columns])];
    const whole = (t: CellReader): CellReader => {
      const at = names.map((n) => t.columns.indexOf(n));
      return { ...t, columns: names, value: (r, c) => (at[c]! < 0 ? null : t.value(r, at[c]!)) };
    };
    const [wa, wb] = [whole(a), whole(b)];
    left = indexRows(
      wa,
      names.map((_, i) => i),
      false,
    )!;
    right = indexRows(
      wb,
      names.map((_, i) => i),
      false,
    )!;
  }
  const diff: TableDiff = { table: b.name, key, counts: { added: 0, removed: 0, changed: 0 }, added: [], removed: [], changed: [] };
  // Columns compared by name; a column on one side only is null on the other.
  const names = [...new Set([...a.columns, ...b.columns])];
  const ia = names.map((n) => a.columns.indexOf(n));
  const ib = names.map((n) => b.columns.indexOf(n));
  const same = (ra: number, rb: number) =>
    names.every((_, i) => Object.is(ia[i]! < 0 ? null : a.value(ra, ia[i]!), ib[i]! < 0 ? null : b.value(rb, ib[i]!)));
  for (const [k, rb] of right) {
    const ra = left.get(k);
    if (ra === undefined) {
      if (diff.counts.added++ < DIFF_ROWS_KEPT) diff.added.push(record(b, rb));
    } else if (!same(ra, rb) && diff.counts.changed++ < DIFF_ROWS_KEPT) {
      const after = record(b, rb);
      diff.changed.push({ key: key.map((c) => after[c] ?? null), before: record(a, ra), after });
    }
  }
  for (const [k, ra] of left) if (!right.has(k) && diff.counts.removed++ < DIFF_ROWS_KEPT) diff.removed.push(record(a, ra));
  return diff;
}

/** Rows added, removed and changed in all. */
export const diffSize = (d: TableDiff) => d.counts.added + d.counts.removed + d.counts.changed;

export const isTableDiffEmpty = (d: TableDiff) => diffSize(d) === 0;

/** Diffs of every table present in either capture (a table only on one side is all added or removed). */
export function diffCaptureTables(before: (CellReader | EvidenceTable)[], after: (CellReader | EvidenceTable)[]): TableDiff[] {
  const names = [...new Set([...before.map((t) => t.name), ...after.map((t) => t.name)])];
  const empty = (name: string): CellReader => ({ name, columns: [], length: 0, value: () => null });
  return names
    .map((n) => diffTables(before.find((t) => t.name === n) ?? empty(n), after.find((t) => t.name === n) ?? empty(n)))
    .filter((d) => !isTableDiffEmpty(d));
}
