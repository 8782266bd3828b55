// Evidence as the renderer reads it: blobs fetched through the API (the renderer has no file
// access), decoded once and cached by hash — a blob never changes, its name is its content.
import type { CaptureHash } from '../../../core/ids';
import type { FileSystem } from '../../../core/ports';
import { loadEvidenceTables, type LoadedObjects, type LoadedTable } from '../../../core/query/evidence-tables';
import type { QueryEngine } from '../../../core/query/engine';
import type { Workbook } from '../../../core/workbook/schema';
import { call } from '../api';
import { gridFromArrow, type GridData } from './grid';
import { setSqlCatalog, type CatalogTable } from './sql-catalog';

/**
 * Tables up to this many rows are carried into the window whole (the grid sorts, filters and copies
 * every row; the explorer's DuckDB holds them). Bigger ones stay on the Node side: the grid reads
 * them a page at a time and the explorer queries there.
 */
export const WHOLE_ROWS = 20_000;

const blobs = new Map<string, Promise<Uint8Array>>();

export function fetchBlob(dir: string, hash: string): Promise<Uint8Array> {
  let pending = blobs.get(hash);
  if (!pending) {
    pending = call('evidence:blob', { dir, hash }).then(({ base64 }) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    pending.catch(() => blobs.delete(hash));
    blobs.set(hash, pending);
  }
  return pending;
}

const grids = new Map<string, Promise<GridData>>();
export function fetchGrid(dir: string, hash: string): Promise<GridData> {
  let pending = grids.get(hash);
  if (!pending) {
    pending = fetchBlob(dir, hash).then(gridFromArrow);
    grids.set(hash, pending);
  }
  return pending;
}

/** core's loadEvidenceTables reads blobs through this read-only file system. */
const apiFileSystem = (dir: string): FileSystem => {
  const refuse = () => Promise.reject(new Error('the renderer reads evidence only'));
  return {
    readBytes: (path) => fetchBlob(dir, path.split('/').pop() as CaptureHash),
    readText: async (path) => new TextDecoder().decode(await fetchBlob(dir, path.split('/').pop() as CaptureHash)),
    exists: async () => true,
    list: async () => [],
    writeAtomic: refuse,
    mkdirp: refuse,
  };
};

let engine: Promise<QueryEngine> | null = null;
let loadedFor: Workbook | null = null;
let loaded: LoadedTable[] = [];
/** What the worker's DuckDB holds: after an edit, only the captures that changed are loaded again. */
const objects: LoadedObjects = new Map();

/** The worker's DuckDB holding the latest capture of every cell of `wb` (reloaded when wb changed). */
export async function evidenceEngine(dir: string, wb: Workbook): Promise<{ engine: QueryEngine; tables: LoadedTable[] }> {
  engine ??= import('./duckdb').then((m) => m.openWorkerDuckDb());
  const e = await engine;
  if (loadedFor !== wb) {
    loaded = await loadEvidenceTables(e, apiFileSystem(dir), dir, wb, objects);
    loadedFor = wb;
    const columns = await e.query(`SELECT table_name, column_name FROM information_schema.columns ORDER BY table_name, ordinal_position`);
    const byTable = new Map<string, string[]>();
    for (const [t, c] of columns.rows) byTable.set(String(t), [...(byTable.get(String(t)) ?? []), String(c)]);
    setSqlCatalog(loaded.map((t) => ({ table: t.name, columns: byTable.get(t.name) ?? [] })));
  }
  return { engine: e, tables: loaded };
}

const CATALOG_SQL = 'SELECT table_name, column_name FROM information_schema.columns ORDER BY table_name, ordinal_position';
let catalogOf: { key: string; tables: Promise<CatalogTable[]> } | null = null;

/**
 * The evidence tables and their columns, as the query and check cells see them: asked of the Node
 * side's query session (no evidence is carried into the window for it), and asked again only once a
 * capture or a parameter changed — not on each key typed.
 */
export function evidenceCatalog(dir: string, wb: Workbook): Promise<CatalogTable[]> {
  const latest = wb.pillars.flatMap((p) => p.cells.map((c) => [c.id, c.captures.at(-1)?.hash ?? null]));
  const key = JSON.stringify([dir, latest, wb.parameters]);
  if (catalogOf?.key !== key) {
    const tables = call('query:run', { dir, sql: CATALOG_SQL }).then(({ result }) => {
      const byTable = new Map<string, string[]>();
      for (const [t, c] of result.rows) byTable.set(String(t), [...(byTable.get(String(t)) ?? []), String(c)]);
      return [...byTable].map(([table, columns]) => ({ table, columns }));
    });
    const asked = { key, tables };
    catalogOf = asked;
    // A failure is not kept: the next completion asks again.
    tables.catch(() => catalogOf === asked && (catalogOf = null));
  }
  return catalogOf.tables;
}
