// Big evidence tables as the app reads them: a page of rows at a time, and the drift between two
// captures computed here, so that a capture of 500,000 runs never crosses to the window whole. A
// decoded table is kept for the next page (a few, the most recently read).
import { tableFromIPC, type Table } from 'apache-arrow';
import { diffCaptureTables, type TableDiff } from '../../core/evidence/drift';
import { columnsFromArrow, readerOfArrow, type ColumnarTable } from '../../core/evidence/table';
import type { CaptureHash } from '../../core/ids';
import { readBlob } from '../../core/workbook/store';
import { nodeFileSystem as fs } from '../node-file-system';

/** Decoded tables kept, by blob hash (a blob never changes: its name is its content). */
const KEPT = 4;
const decoded = new Map<string, Promise<Table>>();

function tableOf(dir: string, hash: CaptureHash): Promise<Table> {
  let table = decoded.get(hash);
  if (table) decoded.delete(hash);
  else {
    table = readBlob(fs, dir, hash).then((bytes) => tableFromIPC(bytes));
    table.catch(() => decoded.delete(hash));
  }
  decoded.set(hash, table); // the most recent last
  while (decoded.size > KEPT) decoded.delete(decoded.keys().next().value!);
  return table;
}

/** Rows [offset, offset + limit) of a stored table, column by column, and how many it has in all. */
export async function tablePage(
  dir: string,
  hash: CaptureHash,
  offset: number,
  limit: number,
): Promise<ColumnarTable & { offset: number; total: number }> {
  const table = await tableOf(dir, hash);
  const from = Math.min(offset, table.numRows);
  return { ...columnsFromArrow(table.slice(from, from + limit)), offset: from, total: table.numRows };
}

/** Rows added, removed and changed between two captures' tables, by key, each read in place. */
export async function captureDrift(
  dir: string,
  before: readonly { name: string; hash: CaptureHash }[],
  after: readonly { name: string; hash: CaptureHash }[],
): Promise<TableDiff[]> {
  const read = (ts: readonly { name: string; hash: CaptureHash }[]) =>
    Promise.all(ts.map(async (t) => readerOfArrow(t.name, await tableOf(dir, t.hash))));
  return diffCaptureTables(await read(before), await read(after));
}
