// Parsed evidence as tables: the shape every runner and every parser produces, and its Arrow IPC
// form (the bytes stored content-addressed under evidence/ and loaded into DuckDB).
import { Bool, Dictionary, Float64, Int32, Table, Utf8, makeData, makeVector, tableFromIPC, tableToIPC, type Vector } from 'apache-arrow';

export type TableValue = string | number | boolean | null;
export type ColumnType = 'string' | 'number' | 'boolean';

/** A named table of typed columns; rows hold one value per column. */
export interface EvidenceTable {
  name: string;
  columns: { name: string; type: ColumnType }[];
  rows: TableValue[][];
}

/** A value as a table value: objects and arrays become compact JSON text. */
export function toValue(value: unknown): TableValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}

/** The rows of a table as records keyed by column name (the inverse of tableFromRecords). */
/**
 * Builds a table from records, with columns in first-seen order (after `columns`, which a table
 * always has, even empty) and types inferred per column.
 */
export function tableFromRecords(
  name: string,
  records: readonly Record<string, unknown>[],
  columns: readonly string[] = [],
): EvidenceTable {
  const names: string[] = [...columns];
  const seen = new Set<string>(columns);
  for (const r of records) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k);
        names.push(k);
      }
    }
  }
  const rows = records.map((r) => names.map((n) => toValue(r[n])));
  const typedColumns = names.map((n, i) => ({ name: n, type: inferType(rows.map((row) => row[i]!)) }));
  // A column that mixes kinds is text throughout, so that every row keeps its value.
  const typed = rows.map((row) => row.map((v, i) => (typedColumns[i]!.type === 'string' && v !== null ? String(v) : v)));
  return { name, columns: typedColumns, rows: typed };
}

/** A column's type from its values: one kind is that kind; mixed kinds (or none) are text. */
export function inferType(values: readonly TableValue[]): ColumnType {
  let type: ColumnType | null = null;
  for (const v of values) {
    if (v === null) continue;
    const t: ColumnType = typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'string';
    if (type === null) type = t;
    else if (type !== t) return 'string';
  }
  return type ?? 'string';
}

/** Arrow IPC stream bytes of a table; the same table always gives the same bytes. */
export function tableToArrow(table: EvidenceTable): Uint8Array {
  const vectors = Object.fromEntries(
    table.columns.map((c, i) => [
      c.name,
      arrowVector(
        table.rows.map((r) => r[i] ?? null),
        c.type,
        i,
      ),
    ]),
  );
  return tableToIPC(new Table(vectors), 'stream');
}

/** The validity bitmap Arrow wants (bit set = value present), and the null count. */
function validity(values: readonly TableValue[]): { bitmap: Uint8Array; nullCount: number } {
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === null) nullCount++;
    else bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return { bitmap, nullCount };
}

const encoder = new TextEncoder();

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** A plain Utf8 vector of strings; ASCII text is encoded in one go. */
function utf8Vector(strings: readonly string[]): Vector {
  const offsets = new Int32Array(strings.length + 1);
  const joined = strings.join('');
  let bytes: Uint8Array;
  // ASCII text (ids, keys, URIs: nearly all evidence) has one byte per character, so the whole
  // column is encoded at once and the offsets are the string lengths.
  if (isAscii(joined)) {
    bytes = encoder.encode(joined);
    let at = 0;
    for (let i = 0; i < strings.length; i++) offsets[i + 1] = at += strings[i]!.length;
  } else {
    const parts = strings.map((x) => encoder.encode(x));
    bytes = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
    let at = 0;
    parts.forEach((b, i) => {
      bytes.set(b, at);
      offsets[i + 1] = at += b.length;
    });
  }
  return makeVector(makeData({ type: new Utf8(), length: strings.length, nullCount: 0, valueOffsets: offsets, data: bytes }));
}

/**
 * Builds the Arrow buffers directly: apache-arrow's vectorFromArray infers and converts value by
 * value, several times slower on the million-row captures this path is for.
 */
export function arrowVector(values: readonly TableValue[], type: ColumnType, dictionaryId: number): Vector {
  const { bitmap, nullCount } = validity(values);
  const length = values.length;
  if (type === 'number') {
    const data = new Float64Array(length);
    for (let i = 0; i < length; i++) data[i] = (values[i] as number | null) ?? 0;
    return makeVector(makeData({ type: new Float64(), length, nullCount, nullBitmap: nullCount ? bitmap : null, data }));
  }
  if (type === 'boolean') {
    const data = new Uint8Array(Math.ceil(length / 8));
    for (let i = 0; i < length; i++) if (values[i] === true) data[i >> 3]! |= 1 << (i & 7);
    return makeVector(makeData({ type: new Bool(), length, nullCount, nullBitmap: nullCount ? bitmap : null, data }));
  }
  // An empty table has no record batch to carry dictionaries, and DuckDB wants them: plain text.
  if (length === 0) return utf8Vector([]);
  // Text columns are dictionary-encoded: DuckDB ingests dictionaries several times faster (one
  // copy per distinct string) and still stores VARCHAR. Ids, keys and statuses repeat a lot.
  const indices = new Int32Array(length);
  const distinct = new Map<string, number>();
  const dictionary: string[] = [];
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (v === null) continue;
    const text = typeof v === 'string' ? v : String(v);
    let index = distinct.get(text);
    if (index === undefined) {
      index = dictionary.length;
      distinct.set(text, index);
      dictionary.push(text);
    }
    indices[i] = index;
  }
  const dictType = new Dictionary(new Utf8(), new Int32(), dictionaryId);
  return makeVector(
    makeData({
      type: dictType,
      length,
      nullCount,
      nullBitmap: nullCount ? bitmap : null,
      data: indices,
      dictionary: utf8Vector(dictionary),
    }),
  );
}

/** Reads Arrow IPC bytes back into a table named `name`. */
export function tableFromArrow(name: string, bytes: Uint8Array): EvidenceTable {
  return tableFromArrowTable(name, tableFromIPC(bytes));
}

/** A table column by column: values[c][r]. The grid keeps a million-row capture this way. */
export interface ColumnarTable {
  columns: { name: string; type: ColumnType }[];
  values: TableValue[][];
  length: number;
}

/**
 * Any Arrow table (a DuckDB result, a stored capture) column by column: integers that fit become
 * numbers (larger ones text), dates and timestamps ISO text, anything else its JSON or string form.
 * The one conversion from Arrow, for the engine's tables and the app's grid alike.
 */
export function columnsFromArrow(t: Table): ColumnarTable {
  const fields = t.schema.fields.map((f) => {
    const kind = String(f.type);
    const type: ColumnType = /^(Float|Int|Uint|Decimal)/.test(kind) ? 'number' : kind === 'Bool' ? 'boolean' : 'string';
    const scale = kind.startsWith('Decimal') ? ((f.type as { scale?: number }).scale ?? 0) : 0;
    return { name: f.name, type, kind, scale };
  });
  const values = fields.map((c, j) => {
    const vector = t.getChildAt(j)!;
    const out = new Array<TableValue>(t.numRows);
    for (let i = 0; i < t.numRows; i++) out[i] = toTableValue(vector.get(i), c.type, c.kind, c.scale);
    return out;
  });
  // A bigint too large for a double makes the whole column text, so no value is silently rounded.
  const columns = fields.map((c, j) => {
    if (c.type !== 'number' || !values[j]!.some((v) => typeof v === 'string')) return { name: c.name, type: c.type };
    values[j] = values[j]!.map((v) => (v === null ? null : String(v)));
    return { name: c.name, type: 'string' as const };
  });
  return { columns, values, length: t.numRows };
}

/** A table read value by value, without making its rows or columns into arrays (the drift of a big capture). */
export interface CellReader {
  name: string;
  columns: readonly string[];
  length: number;
  value(row: number, column: number): TableValue;
}

export function readerOfTable(t: EvidenceTable): CellReader {
  return { name: t.name, columns: t.columns.map((c) => c.name), length: t.rows.length, value: (r, c) => t.rows[r]![c] ?? null };
}

/** An Arrow table read in place, each value by columnsFromArrow's conversion. */
export function readerOfArrow(name: string, t: Table): CellReader {
  const fields = t.schema.fields.map((f, j) => {
    const kind = String(f.type);
    const type: ColumnType = /^(Float|Int|Uint|Decimal)/.test(kind) ? 'number' : kind === 'Bool' ? 'boolean' : 'string';
    const scale = kind.startsWith('Decimal') ? ((f.type as { scale?: number }).scale ?? 0) : 0;
    return { vector: t.getChildAt(j)!, type, kind, scale };
  });
  return {
    name,
    columns: t.schema.fields.map((f) => f.name),
    length: t.numRows,
    value: (r, c) => {
      const f = fields[c]!;
      return toTableValue(f.vector.get(r), f.type, f.kind, f.scale);
    },
  };
}

/** Any Arrow table as an EvidenceTable (rows), by the one conversion of columnsFromArrow. */
export function tableFromArrowTable(name: string, t: Table): EvidenceTable {
  const { columns, values, length } = columnsFromArrow(t);
  return { name, columns, rows: Array.from({ length }, (_, i) => values.map((column) => column[i]!)) };
}

function toTableValue(v: unknown, type: ColumnType, kind: string, scale: number): TableValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
  if (type === 'number') {
    if (typeof v === 'number') return v;
    // HUGEINT and DECIMAL arrive as Arrow BigNums; one beyond a double's exact range stays text.
    try {
      const n = Number(v);
      if (scale) return n / 10 ** scale;
      return Number.isSafeInteger(n) || !Number.isInteger(n) ? n : String(v);
    } catch {
      return String(v);
    }
  }
  if (type === 'boolean') return Boolean(v);
  if (/^(Date|Timestamp)/.test(kind) && typeof v === 'number') return new Date(v).toISOString();
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof (v as { toJSON?: () => unknown }).toJSON === 'function') return JSON.stringify((v as { toJSON: () => unknown }).toJSON());
  return String(v);
}

/** The name of a cell's base table in DuckDB: its id with `-` as `_`, so it needs no quoting. */
export const tableNameOf = (cellId: string) => cellId.replace(/-/g, '_');
