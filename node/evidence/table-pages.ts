// Big evidence tables as the app reads them: a page of rows at a time (filtered and sorted here, as
// the grid would), and the drift between two captures computed here, so that a capture of 500,000 runs never crosses to the window whole. A
// decoded table is kept for the next page (a few, the most recently read).
import { tableFromIPC, type Table } from 'apache-arrow';
import { diffCaptureTables, type TableDiff } from '../../core/evidence/drift';
import { filterRows, searchIndex, sortRows, type SortOrder } from '../../core/evidence/grid-rows';
import { columnsFromArrow, readerOfArrow, type ColumnarTable } from '../../core/evidence/table';
import type { CaptureHash } from '../../core/ids';
import { readBlob } from '../../core/workbook/store';
import { nodeFileSystem as fs } from '../node-file-system';

/** Decoded tables kept, by blob hash (a blob never changes: its name is its content). */
const KEPT = 4;

/** A table read once: its columns, and what filters and sorts over it built (kept for the next page). */
interface Kept {
  table: Table;
  columns?: ColumnarTable;
  index?: string[];
  /** The rows of the last view asked for (filter and sort), so that its next page is only a slice. */
  view?: { key: string; rows: Uint32Array | null };
}
const decoded = new Map<string, Promise<Kept>>();

function keptOf(dir: string, hash: CaptureHash): Promise<Kept> {
  let kept = decoded.get(hash);
  if (kept) decoded.delete(hash);
  else {
    kept = readBlob(fs, dir, hash).then((bytes) => ({ table: tableFromIPC(bytes) }));
    kept.catch(() => decoded.delete(hash));
  }
  decoded.set(hash, kept); // the most recent last
  while (decoded.size > KEPT) decoded.delete(decoded.keys().next().value!);
  return kept;
}

export interface PageQuery {
  offset: number;
  limit: number;
  /** Rows holding this text, in any column (case-insensitive), as the grid filters. */
  filter?: string;
  sort?: SortOrder;
}

/**
 * A page of a stored table's rows as the grid shows them (filtered, sorted), column by column;
 * `matching` rows pass the filter, of `total`.
 */
export async function tablePage(
  dir: string,
  hash: CaptureHash,
  query: PageQuery,
): Promise<ColumnarTable & { offset: number; matching: number; total: number }> {
  const kept = await keptOf(dir, hash);
  const { table } = kept;
  const needle = query.filter?.trim() ?? '';
  const order = query.sort ?? null;
  if (needle === '' && !order) {
    const from = Math.min(query.offset, table.numRows);
    return { ...columnsFromArrow(table.slice(from, from + query.limit)), offset: from, matching: table.numRows, total: table.numRows };
  }
  if (order && order.column >= table.numCols) throw new Error(`the table has no column ${order.column + 1}`);
  const key = JSON.stringify([needle, order]);
  if (kept.view?.key !== key) {
    const columns = (kept.columns ??= columnsFromArrow(table));
    const filtered = needle ? filterRows((kept.index ??= searchIndex(columns)), needle) : null;
    kept.view = { key, rows: sortRows(columns, filtered, order) };
  }
  const rows = kept.view.rows!;
  const columns = kept.columns!;
  const from = Math.min(query.offset, rows.length);
  const page = rows.subarray(from, from + query.limit);
  return {
    columns: columns.columns,
    values: columns.values.map((values) => Array.from(page, (r) => values[r] ?? null)),
    length: page.length,
    offset: from,
    matching: rows.length,
    total: table.numRows,
  };
}

/** Rows added, removed and changed between two captures' tables, by key, each read in place. */
export async function captureDrift(
  dir: string,
  before: readonly { name: string; hash: CaptureHash }[],
  after: readonly { name: string; hash: CaptureHash }[],
): Promise<TableDiff[]> {
  const read = (ts: readonly { name: string; hash: CaptureHash }[]) =>
    Promise.all(ts.map(async (t) => readerOfArrow(t.name, (await keptOf(dir, t.hash)).table)));
  return diffCaptureTables(await read(before), await read(after));
}
