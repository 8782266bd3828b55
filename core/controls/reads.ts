// Which evidence a cell's SQL reads: the tables it names, and the cells whose captures hold them.
// The same table names as the query engine loads (core/query/evidence-tables.ts): a cell's own
// table, its normalised sub-tables (`runs`, shared by every cell that captured runs) and their
// per-cell parts (`recent_runs__runs`).
import { tableNameOf } from '../evidence/table';
import { PARAMETERS_TABLE } from '../query/evidence-tables';
import type { Cell, Workbook } from '../workbook/schema';

/** A table a SQL text reads, and the cells that produce it (none for the parameters table). */
export interface TableRead {
  table: string;
  cells: string[];
  /** The table is the one producing cell's own (named after it), so naming the cell says it all. */
  own: boolean;
}

/** Table name → the cells whose latest capture produces it (a never-run cell: its own table only). */
export function tableProducers(wb: Workbook): Map<string, string[]> {
  const producers = new Map<string, string[]>([[PARAMETERS_TABLE, []]]);
  const add = (table: string, cell: string) => {
    const cells = producers.get(table) ?? [];
    if (!cells.includes(cell)) cells.push(cell);
    producers.set(table, cells);
  };
  for (const cell of wb.pillars.flatMap((p) => p.cells)) {
    if (cell.kind === 'note') continue;
    const base = tableNameOf(cell.id);
    add(base, cell.id);
    for (const t of cell.captures.at(-1)?.tables ?? []) {
      if (t.name === base) continue;
      add(t.name, cell.id);
      add(`${base}__${t.name}`, cell.id);
    }
  }
  return producers;
}

/** The SQL a cell evaluates over the evidence: a query's or check's, an evidence cell's discovery inputs. */
export function sqlOf(cell: Cell): string[] {
  switch (cell.kind) {
    case 'query':
    case 'check':
      return [cell.sql];
    case 'rest':
      return [...(cell.inputs ?? []).map((i) => i.sql), ...(cell.forEach ? [cell.forEach.sql] : [])];
    case 'sql':
    case 'kubectl':
    case 'shell':
      return (cell.inputs ?? []).map((i) => i.sql);
    default:
      return [];
  }
}

/**
 * The known tables a SQL text names, in the order it first names them. A token scan, not a parser:
 * comments and string literals are dropped, names a WITH clause defines are not tables; a column
 * that happens to share a table's name would count — rare with cell-named tables, and harmless here
 * (it only orders a run and lists a source).
 */
export function tablesNamed(sql: string, known: ReadonlySet<string>): string[] {
  const code = sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''");
  const defined = new Set(
    [...code.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(?:\([^)]*\)\s*)?AS\s*(?:NOT\s+)?(?:MATERIALIZED\s+)?\(/gi)].map((m) =>
      m[1]!.toLowerCase(),
    ),
  );
  const named: string[] = [];
  for (const m of code.matchAll(/"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_]*)/g)) {
    const name = (m[1]?.replace(/""/g, '"') ?? m[2]!).toLowerCase();
    if (known.has(name) && !defined.has(name) && !named.includes(name)) named.push(name);
  }
  return named;
}

/** What a cell reads: each table its SQL names, with the cells that produce it (itself left out). */
export function cellReads(cell: Cell, producers: ReadonlyMap<string, string[]>): TableRead[] {
  const known = new Set(producers.keys());
  const tables = [...new Set(sqlOf(cell).flatMap((sql) => tablesNamed(sql, known)))];
  return tables
    .map((table) => {
      const cells = (producers.get(table) ?? []).filter((c) => c !== cell.id);
      return { table, cells, own: cells.length === 1 && tableNameOf(cells[0]!) === table };
    })
    .filter((r) => r.table !== tableNameOf(cell.id) || r.cells.length > 0);
}
