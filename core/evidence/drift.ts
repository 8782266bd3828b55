// Row-level comparison of two captures of the same cell: rows added, removed, and changed by key.
import { canonicalJson } from '../hash';
import { tableRecords } from './records';
import type { EvidenceTable, TableValue } from './table';

export interface RowChange {
  key: TableValue[];
  before: Record<string, TableValue>;
  after: Record<string, TableValue>;
}

export interface TableDiff {
  table: string;
  /** Columns that identify a row; empty when rows are compared whole. */
  key: string[];
  added: Record<string, TableValue>[];
  removed: Record<string, TableValue>[];
  changed: RowChange[];
}

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

const records = tableRecords;

function chooseKey(a: EvidenceTable, b: EvidenceTable): string[] {
  const has = (t: EvidenceTable, cols: string[]) => cols.every((c) => t.columns.some((x) => x.name === c));
  const unique = (t: EvidenceTable, cols: string[]) => {
    const seen = new Set(records(t).map((r) => canonicalJson(cols.map((c) => r[c]))));
    return seen.size === t.rows.length;
  };
  return KEY_CANDIDATES.find((cols) => has(a, cols) && has(b, cols) && unique(a, cols) && unique(b, cols)) ?? [];
}

export function diffTables(before: EvidenceTable, after: EvidenceTable): TableDiff {
  const key = chooseKey(before, after);
  const keyOf = (r: Record<string, TableValue>) => canonicalJson(key.length ? key.map((c) => r[c]) : r);
  const left = new Map(records(before).map((r) => [keyOf(r), r]));
  const right = new Map(records(after).map((r) => [keyOf(r), r]));
  const diff: TableDiff = { table: after.name, key, added: [], removed: [], changed: [] };
  for (const [k, r] of right) {
    const l = left.get(k);
    if (!l) diff.added.push(r);
    else if (canonicalJson(l) !== canonicalJson(r)) diff.changed.push({ key: key.map((c) => r[c] ?? null), before: l, after: r });
  }
  for (const [k, l] of left) if (!right.has(k)) diff.removed.push(l);
  return diff;
}

export const isTableDiffEmpty = (d: TableDiff) => d.added.length + d.removed.length + d.changed.length === 0;

/** Diffs of every table present in either capture (a table only on one side is all added or removed). */
export function diffCaptureTables(before: EvidenceTable[], after: EvidenceTable[]): TableDiff[] {
  const names = [...new Set([...before.map((t) => t.name), ...after.map((t) => t.name)])];
  const empty = (name: string): EvidenceTable => ({ name, columns: [], rows: [] });
  return names
    .map((n) => diffTables(before.find((t) => t.name === n) ?? empty(n), after.find((t) => t.name === n) ?? empty(n)))
    .filter((d) => !isTableDiffEmpty(d));
}
