// An evidence table's rows as records (column name → value), for JSON output and SQL bindings.
// Apart from table.ts, which converts to and from Arrow: printing rows must not load Apache Arrow
// (it was most of `validate`'s start-up, through the --json printer).
import type { EvidenceTable, TableValue } from './table';

export const tableRecords = (t: EvidenceTable): Record<string, TableValue>[] =>
  t.rows.map((row) => Object.fromEntries(t.columns.map((c, i) => [c.name, row[i] ?? null])));
