// Loads every cell's latest capture into the query engine: a table named after the cell, plus one
// per normalised sub-table (runs, run_tags …). A sub-table produced by several cells is the union
// of all of them (UNION ALL BY NAME), so a check over `runs` sees every run captured.
import { tableNameOf } from '../evidence/table';
import { tableFromRecords, tableToArrow } from '../evidence/table';
import type { CaptureHash } from '../ids';
import type { FileSystem } from '../ports';
import type { Workbook } from '../workbook/schema';
import { readBlob } from '../workbook/store';
import { quoteIdent, type QueryEngine } from './engine';

export interface LoadedTable {
  name: string;
  rows: number;
  /** Cells it comes from. */
  cells: string[];
}

/**
 * What an engine holds, by object name: the blob a table was loaded from, a view, or a table rebuilt
 * every time. Given back on the
 * next load, it spares reading and loading again the tables whose capture did not change.
 */
export type LoadedObjects = Map<string, CaptureHash | 'view' | 'table'>;

export async function loadEvidenceTables(
  engine: QueryEngine,
  fs: FileSystem,
  dir: string,
  wb: Workbook,
  objects: LoadedObjects = new Map(),
): Promise<LoadedTable[]> {
  const loaded: LoadedTable[] = [];
  const shared = new Map<string, { parts: string[]; rows: number; cells: string[] }>();
  // Tables by name, the last of a name winning (a cell's base table and a normalised table can share
  // one); loaded once the list is known, each only if its blob differs from what is loaded under it.
  const tables = new Map<string, CaptureHash>();
  const load = (name: string, hash: CaptureHash) => tables.set(name, hash);
  const ordered = [...wb.pillars].sort((a, b) => a.order - b.order).flatMap((p) => p.cells);
  for (const cell of ordered) {
    const latest = cell.captures.at(-1);
    if (!latest) continue;
    const base = tableNameOf(cell.id);
    for (const t of latest.tables) {
      if (t.name === base) {
        load(base, t.hash);
        loaded.push({ name: base, rows: t.rows, cells: [cell.id] });
      } else {
        const part = `${base}__${t.name}`;
        load(part, t.hash);
        const entry = shared.get(t.name) ?? { parts: [], rows: 0, cells: [] };
        entry.parts.push(part);
        entry.rows += t.rows;
        entry.cells.push(cell.id);
        shared.set(t.name, entry);
      }
    }
  }
  const current: LoadedObjects = new Map();
  for (const [name, hash] of tables) {
    if (objects.get(name) !== hash) await engine.loadArrow(name, await readBlob(fs, dir, hash));
    current.set(name, hash);
  }
  for (const [name, entry] of shared) {
    if (loaded.some((l) => l.name === name)) continue; // a cell named like a sub-table keeps its name
    await engine.createView(name, entry.parts.map((p) => `SELECT * FROM ${quoteIdent(p)}`).join(' UNION ALL BY NAME '));
    current.set(name, 'view');
    loaded.push({ name, rows: entry.rows, cells: entry.cells });
  }
  const params = parametersTable(wb);
  await engine.loadArrow(PARAMETERS_TABLE, tableToArrow(params));
  current.set(PARAMETERS_TABLE, 'table'); // rebuilt every time: the parameters are not a blob
  loaded.push({ name: PARAMETERS_TABLE, rows: params.rows.length, cells: [] });
  // What a removed cell or capture left behind goes: a query sees the workbook as it stands.
  for (const [name, what] of objects) {
    if (!current.has(name)) await engine.exec(`DROP ${what === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS ${quoteIdent(name)}`);
  }
  objects.clear();
  for (const [name, what] of current) objects.set(name, what);
  return loaded.sort((a, b) => a.name.localeCompare(b.name));
}

/** The table through which checks read the workbook's conventions (mandatory tags, aliases …). */
export const PARAMETERS_TABLE = 'workbook_parameters';

/** One row per value: a list parameter gives one row per item; secrets and unset parameters none. */
export function parametersTable(wb: Workbook) {
  const rows = wb.parameters.flatMap((p) =>
    p.secret ? [] : (p.values ?? (p.value === undefined ? [] : [p.value])).map((value) => ({ name: p.name, value })),
  );
  return tableFromRecords(PARAMETERS_TABLE, rows, ['name', 'value']);
}
