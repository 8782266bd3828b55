// Result tables as columns (one array per column), so a million-row capture is a handful of
// arrays rather than a million row objects, and filtering is a tight loop over prepared text.
import { tableFromIPC } from 'apache-arrow';
import { columnsFromArrow, type ColumnarTable, type EvidenceTable, type TableValue } from '../../../core/evidence/table';
export { filterRows, searchIndex, sortRows, type SortOrder } from '../../../core/evidence/grid-rows';

/** values[c][r]: column-major. */
export type GridData = ColumnarTable;

/** A stored capture's Arrow table, converted as the engine converts it (core/evidence/table.ts). */
export const gridFromArrow = (bytes: Uint8Array): GridData => columnsFromArrow(tableFromIPC(bytes));

export function gridFromTable(t: EvidenceTable): GridData {
  return { columns: t.columns, values: t.columns.map((_c, i) => t.rows.map((row) => row[i] ?? null)), length: t.rows.length };
}

export function gridToTable(name: string, g: GridData): EvidenceTable {
  const rows = new Array<TableValue[]>(g.length);
  for (let r = 0; r < g.length; r++) rows[r] = g.values.map((column) => column[r] ?? null);
  return { name, columns: g.columns, rows };
}

export const formatValue = (v: TableValue): string =>
  v === null ? '' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(6).replace(/\.?0+$/, '')) : String(v);

/**
 * The rows as CSV (RFC 4180, a header line, CRLF), as they are shown: filtered and sorted. Evidence
 * comes from elsewhere: a value a spreadsheet would take for a formula (=, +, -, @, tab, CR) gets a
 * leading apostrophe, so that opening the file runs nothing.
 */
export function csvOf(data: GridData, rows: Uint32Array | null): string {
  const field = (text: string) => {
    const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text) ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [data.columns.map((c) => field(c.name)).join(',')];
  const count = rows ? rows.length : data.length;
  for (let i = 0; i < count; i++) {
    const r = rows ? rows[i]! : i;
    lines.push(data.values.map((column) => field(formatValue(column[r] ?? null))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The rows as tab-separated text, for pasting into a spreadsheet or a document. */
export function tsvOf(data: GridData, rows: Uint32Array | null): string {
  const cell = (text: string) => text.replace(/[\t\r\n]+/g, ' ');
  const lines = [data.columns.map((c) => cell(c.name)).join('\t')];
  const count = rows ? rows.length : data.length;
  for (let i = 0; i < count; i++) {
    const r = rows ? rows[i]! : i;
    lines.push(data.values.map((column) => cell(formatValue(column[r] ?? null))).join('\t'));
  }
  return `${lines.join('\n')}\n`;
}
