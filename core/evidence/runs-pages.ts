// MLflow runs pages (`runs/search`, `runs/get`) read straight from their bytes into the columns of
// runs, run_tags, run_params and run_metrics, then into Arrow. No object graph and no JS string is
// made for the common case (ASCII strings without escapes, short numbers): string bytes are copied
// from the page into the Arrow data buffer as they are met: pages are read into Arrow in about 40%
// of the time JSON.parse plus a row-by-row normaliser took. It is the only runs normaliser
// (captures already parsed are serialised back to it), so bulk ingest and captures agree.
//
// The scanner validates the whole document like JSON.parse and keeps JSON.parse's semantics where
// they show: the last of duplicate keys wins, a missing or null field is null, an object or array
// where a scalar belongs is kept as its compact JSON text, a column that mixes kinds is text.
import { Bool, Dictionary, Float64, Int32, Table, Utf8, makeData, makeVector, type Vector } from 'apache-arrow';

/** The columns of the four runs tables (part of MLFLOW_COLUMNS), present even when empty. */
export const RUNS_COLUMNS = {
  runs: ['run_id', 'experiment_id', 'run_name', 'user_id', 'status', 'start_time', 'end_time', 'artifact_uri', 'lifecycle_stage'],
  run_tags: ['run_id', 'key', 'value'],
  run_params: ['run_id', 'key', 'value'],
  run_metrics: ['run_id', 'key', 'value', 'timestamp', 'step'],
} as const;

const NULL = 0;
const NUMBER = 1;
const BOOLEAN = 2;
const STRING = 3;

import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COLON, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from './json-bytes';

const utf8 = new TextDecoder();
const encoder = new TextEncoder();

/** A JSON document that is not valid, with the byte offset where it stops being JSON. */
export class JsonSyntaxError extends SyntaxError {}

/**
 * Growable column of JSON scalars: numbers and booleans in a Float64Array, strings as UTF-8. A row
 * is added as null when its object opens and its value set when the member is read, so that a
 * missing member stays null and a duplicate one overwrites (only the last row is ever rewritten).
 */
class ValueColumn {
  length = 0;
  private tags: Uint8Array = new Uint8Array(4096);
  private numbers: Float64Array = new Float64Array(4096);
  private offsets: Int32Array = new Int32Array(4097);
  private bytes: Uint8Array = new Uint8Array(1 << 16);

  pushNull(): void {
    if (this.length === this.tags.length) {
      const n = this.length * 2;
      this.tags = grow(this.tags, new Uint8Array(n));
      this.offsets = grow(this.offsets, new Int32Array(n + 1));
    }
    // A column appended to holds numbers only as far as its last number (see append).
    if (this.length >= this.numbers.length) this.numbers = grow(this.numbers, new Float64Array(this.tags.length));
    const i = this.length++;
    this.tags[i] = NULL;
    this.offsets[i + 1] = this.offsets[i]!;
  }

  /** Sets the last row to a number, a boolean (1 or 0) or null. */
  setLast(tag: number, value: number): void {
    const i = this.length - 1;
    this.tags[i] = tag;
    this.numbers[i] = value;
    this.offsets[i + 1] = this.offsets[i]!;
  }

  /** Sets the last row to the string whose valid UTF-8 bytes are `source[start, end)`. */
  setLastBytes(source: Uint8Array, start: number, end: number): void {
    const i = this.length - 1;
    const at = this.offsets[i]!;
    const size = end - start;
    if (at + size > this.bytes.length) this.bytes = grow(this.bytes, new Uint8Array(Math.max(this.bytes.length * 2, at + size)));
    const bytes = this.bytes;
    // Short strings (ids, keys) copy faster by hand, four bytes a turn, than through set().
    if (size < 48) {
      let k = 0;
      for (; k + 4 <= size; k += 4) {
        bytes[at + k] = source[start + k]!;
        bytes[at + k + 1] = source[start + k + 1]!;
        bytes[at + k + 2] = source[start + k + 2]!;
        bytes[at + k + 3] = source[start + k + 3]!;
      }
      for (; k < size; k++) bytes[at + k] = source[start + k]!;
    } else bytes.set(source.subarray(start, end), at);
    this.tags[i] = STRING;
    this.offsets[i + 1] = at + size;
  }

  setLastString(text: string): void {
    const bytes = encoder.encode(text);
    this.setLastBytes(bytes, 0, bytes.length);
  }

  /** Sets the last row to row `i` of `other`. */
  setLastFrom(other: ValueColumn, i: number): void {
    const tag = other.tags[i]!;
    if (tag === STRING) this.setLastBytes(other.bytes, other.offsets[i]!, other.offsets[i + 1]!);
    else this.setLast(tag, other.numbers[i]!);
  }

  truncate(length: number): void {
    this.length = Math.min(this.length, length);
  }

  /** Its rows as arrays of their own (to be sent to another thread). */
  chunk(): ColumnChunk {
    const length = this.length;
    let numeric = false;
    for (let i = 0; i < length && !numeric; i++) numeric = this.tags[i] === NUMBER || this.tags[i] === BOOLEAN;
    return {
      length,
      tags: this.tags.slice(0, length),
      // A column of text or nulls has no number to send.
      numbers: numeric ? this.numbers.slice(0, length) : new Float64Array(0),
      offsets: this.offsets.slice(0, length + 1),
      bytes: this.bytes.slice(0, this.offsets[length]),
    };
  }

  /**
   * Adds a chunk's rows after these. The arrays grow fourfold, so that a capture's columns are
   * copied a third of their size as they grow rather than their whole size (fresh memory costs
   * more than the copy; what is reserved and not written is never touched); numbers only where a
   * chunk has some (a column of text has none).
   */
  append(chunk: ColumnChunk): void {
    const rows = this.length;
    const at = this.offsets[rows]!;
    const length = rows + chunk.length;
    if (length > this.tags.length) {
      const n = Math.max(length, this.tags.length * APPEND_GROWTH);
      this.tags = grow(this.tags, new Uint8Array(n));
      this.offsets = grow(this.offsets, new Int32Array(n + 1));
    }
    if (at + chunk.bytes.length > this.bytes.length) {
      this.bytes = grow(this.bytes, new Uint8Array(Math.max(at + chunk.bytes.length, this.bytes.length * APPEND_GROWTH)));
    }
    this.tags.set(chunk.tags, rows);
    if (chunk.numbers.length) {
      if (length > this.numbers.length)
        this.numbers = grow(this.numbers, new Float64Array(Math.max(length, this.numbers.length * APPEND_GROWTH)));
      this.numbers.set(chunk.numbers, rows);
    }
    this.bytes.set(chunk.bytes, at);
    for (let i = 1; i <= chunk.length; i++) this.offsets[rows + i] = at + chunk.offsets[i]!;
    this.length = length;
  }

  tagOf(i: number): number {
    return this.tags[i]!;
  }

  private text(i: number): string {
    const tag = this.tags[i]!;
    if (tag === STRING) return utf8.decode(this.bytes.subarray(this.offsets[i], this.offsets[i + 1]));
    return tag === BOOLEAN ? String(this.numbers[i] === 1) : String(this.numbers[i]);
  }

  vector(): Vector {
    const length = this.length;
    const bitmap = new Uint8Array(Math.ceil(length / 8));
    let nullCount = 0;
    // One bit per kind present: one kind makes a typed column, several make text.
    let kinds = 0;
    for (let i = 0; i < length; i++) {
      const tag = this.tags[i]!;
      kinds |= 1 << tag;
      if (tag === NULL) nullCount++;
      else bitmap[i >> 3]! |= 1 << (i & 7);
    }
    kinds &= ~(1 << NULL);
    const nullBitmap = nullCount ? bitmap : null;
    if (kinds === 1 << NUMBER) {
      // Appended rows that were all null added no numbers (see append).
      if (this.numbers.length < length) this.numbers = grow(this.numbers, new Float64Array(length));
      return makeVector(makeData({ type: new Float64(), length, nullCount, nullBitmap, data: exactly(this.numbers, length) }));
    }
    if (kinds === 1 << BOOLEAN) {
      const data = new Uint8Array(Math.ceil(length / 8));
      for (let i = 0; i < length; i++) if (this.tags[i] === BOOLEAN && this.numbers[i] === 1) data[i >> 3]! |= 1 << (i & 7);
      return makeVector(makeData({ type: new Bool(), length, nullCount, nullBitmap, data }));
    }
    if (kinds === 0 || kinds === 1 << STRING) {
      const valueOffsets = exactly(this.offsets, length + 1);
      return makeVector(
        makeData({ type: new Utf8(), length, nullCount, nullBitmap, valueOffsets, data: exactly(this.bytes, this.offsets[length]!) }),
      );
    }
    // Mixed kinds: every value as text, the way tableFromRecords types such a column.
    const text = new ValueColumn();
    for (let i = 0; i < length; i++) {
      text.pushNull();
      if (this.tags[i] !== NULL) text.setLastString(this.text(i));
    }
    return text.vector();
  }
}

/** How much a column appended to grows at a time (ValueColumn.append). */
const APPEND_GROWTH = 4;

/** The first `length` items, not copied (a column is not written to once it is made into Arrow). */
function exactly<T extends Uint8Array | Int32Array | Float64Array>(array: T, length: number): T {
  return (array.length === length ? array : array.subarray(0, length)) as T;
}

function grow<T extends Uint8Array | Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** Growable list of row indices into the runs table: the run each tag, param or metric belongs to. */
class RunIndexColumn {
  length = 0;
  private data: Int32Array = new Int32Array(4096);
  push(run: number): void {
    if (this.length === this.data.length) this.data = grow(this.data, new Int32Array(this.length * 2));
    this.data[this.length++] = run;
  }
  truncate(length: number): void {
    this.length = Math.min(this.length, length);
  }
  at(i: number): number {
    return this.data[i]!;
  }
  values(): Int32Array {
    return this.data.slice(0, this.length);
  }
  /** Adds indices after these, each shifted by `shift` (the runs before theirs). */
  append(indices: Int32Array, shift: number): void {
    const length = this.length + indices.length;
    if (length > this.data.length) this.data = grow(this.data, new Int32Array(Math.max(length, this.data.length * APPEND_GROWTH)));
    for (let i = 0; i < indices.length; i++) this.data[this.length + i] = indices[i]! + shift;
    this.length = length;
  }
}

/** The rows of one column, as a scanner on another thread sends them. */
export interface ColumnChunk {
  length: number;
  tags: Uint8Array;
  numbers: Float64Array;
  offsets: Int32Array;
  bytes: Uint8Array;
}

/** What one scanner read (a page of runs, on a page thread), to be appended to the others in page order. */
export interface RunsChunk {
  runs: ColumnChunk[];
  /** run_tags, run_params, run_metrics: the row of the run each entry belongs to (in this chunk), and the entry's columns. */
  children: { runs: Int32Array; columns: ColumnChunk[] }[];
}

/** The buffers of a chunk, to be transferred rather than copied. */
export function chunkBuffers(chunk: RunsChunk): ArrayBuffer[] {
  const columns = [...chunk.runs, ...chunk.children.flatMap((c) => c.columns)];
  return [
    ...columns.flatMap((c) => [c.tags.buffer, c.numbers.buffer, c.offsets.buffer, c.bytes.buffer]),
    ...chunk.children.map((c) => c.runs.buffer),
  ] as ArrayBuffer[];
}

/** Member names looked for in one kind of object, and which one to try first. */
class Keys {
  readonly bytes: Uint8Array[];
  /** Members nearly always come in the same order: the one after the last found is tried first. */
  next = 0;
  constructor(readonly names: readonly string[]) {
    this.bytes = names.map((n) => encoder.encode(n));
  }
}

const PAGE_KEYS = new Keys(['runs', 'run']);
const RUN_KEYS = new Keys(['info', 'data']);
// run_uuid is the older name of run_id; it stands in when run_id is missing or null.
const INFO_KEYS = new Keys([...RUNS_COLUMNS.runs, 'run_uuid']);
const DATA_KEYS = new Keys(['tags', 'params', 'metrics']);
const ENTRY_KEYS = new Keys(RUNS_COLUMNS.run_metrics.slice(1));
const ANY_KEY = new Keys([]);

/** One child table: run_tags, run_params or run_metrics (run_id, then the entry's fields). */
class ChildTable {
  runs = new RunIndexColumn();
  columns: ValueColumn[];
  readonly fields: number;
  constructor(readonly name: 'run_tags' | 'run_params' | 'run_metrics') {
    this.fields = RUNS_COLUMNS[name].length - 1;
    this.columns = Array.from({ length: this.fields }, () => new ValueColumn());
  }
  get length(): number {
    return this.runs.length;
  }
  truncate(length: number): void {
    this.runs.truncate(length);
    for (const c of this.columns) c.truncate(length);
  }
}

/**
 * Scans runs pages, one `addPage` per response body, and gives the four tables as Arrow. A page
 * that is not valid JSON throws a JsonSyntaxError; the tables then hold the pages before it.
 */
export class RunsPagesScanner {
  private readonly runs = RUNS_COLUMNS.runs.map(() => new ValueColumn());
  private readonly children = [new ChildTable('run_tags'), new ChildTable('run_params'), new ChildTable('run_metrics')];
  /** run_uuid of the run being read: one row, copied to run_id when that is missing or null. */
  private readonly uuid = new ValueColumn();
  /** Where `fields` puts each member of an info object: the runs columns, then run_uuid. */
  private infoTargets = [...this.runs, this.uuid];
  private b: Uint8Array = new Uint8Array(0);
  private p = 0;

  get runCount(): number {
    return this.runs[0]!.length;
  }

  /** What this scanner read, as arrays of their own; the scanner is then empty again (its buffers are kept for the next page). */
  takeChunk(): RunsChunk {
    const chunk = {
      runs: this.runs.map((c) => c.chunk()),
      children: this.children.map((c) => ({ runs: c.runs.values(), columns: c.columns.map((column) => column.chunk()) })),
    };
    this.truncate([0, 0, 0, 0]);
    return chunk;
  }

  /** Adds a chunk's runs and entries after these, as they come: the tables are then made without joining anything. */
  append(chunk: RunsChunk): void {
    const runsBefore = this.runCount;
    this.runs.forEach((column, i) => column.append(chunk.runs[i]!));
    this.children.forEach((child, k) => {
      const entries = chunk.children[k]!;
      child.runs.append(entries.runs, runsBefore);
      child.columns.forEach((column, i) => column.append(entries.columns[i]!));
    });
  }

  /** Adds the runs of one page: `{"runs": [...]}` (runs/search) or `{"run": {...}}` (runs/get). */
  addPage(bytes: Uint8Array): void {
    const lengths = [this.runCount, ...this.children.map((c) => c.length)];
    try {
      // A plain Uint8Array view, so that Buffers and Uint8Arrays do not make the hot loops polymorphic.
      this.b = bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      this.p = 0;
      this.page();
    } catch (error) {
      // A broken page adds nothing, even the runs read before the error.
      this.truncate(lengths);
      throw error;
    } finally {
      this.b = new Uint8Array(0);
    }
  }

  /**
   * Adds runs given one JSON value per line (a paged capture's text of runs), each read as a run
   * of a page. Like addPage, text that is not JSON adds nothing and throws a JsonSyntaxError.
   */
  addRunLines(bytes: Uint8Array): void {
    const lengths = [this.runCount, ...this.children.map((c) => c.length)];
    try {
      this.b = bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      this.p = 0;
      for (this.ws(); this.p < this.b.length; this.ws()) {
        const c = this.b[this.p];
        if (c === OPEN_OBJECT || c === OPEN_ARRAY) this.runOrArray();
        else this.skipValue();
      }
    } catch (error) {
      this.truncate(lengths);
      throw error;
    } finally {
      this.b = new Uint8Array(0);
    }
  }

  /** The four tables, columns named and ordered as RUNS_COLUMNS. */
  tables(): Table[] {
    const runs = this.runsTable();
    return [runs, ...this.childTables(runs.getChildAt(0)!)];
  }

  runsTable(): Table {
    return new Table(Object.fromEntries(RUNS_COLUMNS.runs.map((name, i) => [name, this.runs[i]!.vector()])));
  }

  /** run_tags, run_params and run_metrics; their run_id drawn from `idVector`, the runs table's run_id. */
  childTables(idVector: Vector = this.runs[0]!.vector()): Table[] {
    const ids = this.runs[0]!;
    return this.children.map((child) => {
      const names = RUNS_COLUMNS[child.name];
      const vectors: Record<string, Vector> = { [names[0]]: this.runIds(child.runs, ids, idVector) };
      child.columns.forEach((c, i) => (vectors[names[i + 1]!] = c.vector()));
      return new Table(vectors);
    });
  }

  /**
   * The run_id column of a child table: when run ids are text (always, in MLflow), a dictionary
   * over the runs' own id vector, so each id is stored once per slice; otherwise a copy by index.
   */
  private runIds(index: RunIndexColumn, ids: ValueColumn, idVector: Vector): Vector {
    const length = index.length;
    // Typed by the ids this table refers to, as any column is by its own values.
    let kinds = 0;
    for (let i = 0; i < length; i++) kinds |= 1 << ids.tagOf(index.at(i));
    const text = (kinds & ~(1 << NULL)) === 1 << STRING;
    // Ids that are not all text, or no rows at all (no record batch would carry the dictionary,
    // and DuckDB wants one): a plain copy.
    if (!text || !(idVector.type instanceof Utf8)) {
      const copy = new ValueColumn();
      for (let i = 0; i < length; i++) {
        copy.pushNull();
        copy.setLastFrom(ids, index.at(i));
      }
      return copy.vector();
    }
    const bitmap = new Uint8Array(Math.ceil(length / 8));
    let nullCount = 0;
    for (let i = 0; i < length; i++) {
      if (ids.tagOf(index.at(i)) === NULL) nullCount++;
      else bitmap[i >> 3]! |= 1 << (i & 7);
    }
    const type = new Dictionary(new Utf8(), new Int32(), 0);
    return makeVector(
      makeData({
        type,
        length,
        nullCount,
        nullBitmap: nullCount ? bitmap : null,
        data: index.values(),
        dictionary: idVector as Vector<Utf8>,
      }),
    );
  }

  private truncate([runs, ...children]: number[]): void {
    for (const c of this.runs) c.truncate(runs!);
    this.children.forEach((c, i) => c.truncate(children[i]!));
  }

  // ---- the document's structure ----

  private page(): void {
    this.ws();
    let single = -1;
    if (this.b[this.p] === OPEN_OBJECT) {
      const start = [this.runCount, ...this.children.map((c) => c.length)];
      if (this.openObject()) {
        do {
          const key = this.key(PAGE_KEYS);
          this.ws();
          const c = this.b[this.p];
          if (key === 0) {
            this.truncate(start);
            if (c === OPEN_ARRAY) this.runList();
            else this.skipValue();
          } else if (key === 1) {
            // `run` (runs/get) comes after `runs` whatever the key order, as the object graph had it.
            single = c === OPEN_OBJECT || c === OPEN_ARRAY ? this.p : -1;
            this.skipValue();
          } else this.skipValue();
        } while (this.nextMember(CLOSE_OBJECT));
      }
    } else this.skipValue();
    this.ws();
    if (this.p !== this.b.length) this.fail('unexpected data after the JSON value');
    if (single >= 0) {
      this.p = single;
      this.runOrArray();
    }
  }

  private runList(): void {
    if (!this.openArray()) return;
    do {
      this.ws();
      const c = this.b[this.p];
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) this.runOrArray();
      else this.skipValue();
    } while (this.nextMember(CLOSE_ARRAY));
  }

  /** A run object, or an array where one was expected: a run with no fields. */
  private runOrArray(): void {
    const run = this.runCount;
    const childStart = this.children.map((c) => c.length);
    for (const c of this.runs) c.pushNull();
    this.uuid.truncate(0);
    this.uuid.pushNull();
    if (this.b[this.p] === OPEN_ARRAY) this.skipValue();
    else if (this.openObject()) {
      do {
        const key = this.key(RUN_KEYS);
        this.ws();
        const isObject = this.b[this.p] === OPEN_OBJECT;
        if (key === 0) {
          for (const c of this.infoTargets) c.setLast(NULL, 0);
          if (isObject) this.fields(this.infoTargets, INFO_KEYS);
          else this.skipValue();
        } else if (key === 1) {
          this.children.forEach((c, i) => c.truncate(childStart[i]!));
          if (isObject) this.data(run, childStart);
          else this.skipValue();
        } else this.skipValue();
      } while (this.nextMember(CLOSE_OBJECT));
    }
    const id = this.runs[0]!;
    if (id.tagOf(run) === NULL) id.setLastFrom(this.uuid, 0);
  }

  private data(run: number, childStart: number[]): void {
    if (!this.openObject()) return;
    do {
      const key = this.key(DATA_KEYS);
      this.ws();
      if (key < 0) {
        this.skipValue();
        continue;
      }
      const child = this.children[key]!;
      child.truncate(childStart[key]!);
      if (this.b[this.p] === OPEN_ARRAY) this.entries(child, run);
      else this.skipValue();
    } while (this.nextMember(CLOSE_OBJECT));
  }

  private entries(child: ChildTable, run: number): void {
    if (!this.openArray()) return;
    do {
      this.ws();
      const c = this.b[this.p];
      if (c !== OPEN_OBJECT && c !== OPEN_ARRAY) {
        this.skipValue();
        continue;
      }
      child.runs.push(run);
      for (const column of child.columns) column.pushNull();
      if (c === OPEN_ARRAY) this.skipValue();
      else this.fields(child.columns, ENTRY_KEYS);
    } while (this.nextMember(CLOSE_ARRAY));
  }

  /** An object whose members named in `keys` are scalars set as the last row of `targets`. */
  private fields(targets: readonly ValueColumn[], keys: Keys): void {
    if (!this.openObject()) return;
    do {
      const key = this.key(keys);
      this.ws();
      if (key < 0 || key >= targets.length) this.skipValue();
      else this.scalar(targets[key]!);
    } while (this.nextMember(CLOSE_OBJECT));
  }

  // ---- JSON tokens ----

  private fail(what: string): never {
    const at = this.p < this.b.length ? `at byte ${this.p}` : 'at the end (truncated?)';
    throw new JsonSyntaxError(`not valid JSON: ${what} ${at}`);
  }

  private ws(): void {
    const b = this.b;
    let p = this.p;
    for (let c = b[p]; c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = b[++p]);
    this.p = p;
  }

  /** At `{`: consumes it; false when the object is empty. */
  private openObject(): boolean {
    this.p++;
    this.ws();
    if (this.b[this.p] !== CLOSE_OBJECT) return true;
    this.p++;
    return false;
  }

  private openArray(): boolean {
    this.p++;
    this.ws();
    if (this.b[this.p] !== CLOSE_ARRAY) return true;
    this.p++;
    return false;
  }

  /** After a member or element: true at `,` (another follows), false at the closing bracket. */
  private nextMember(close: number): boolean {
    this.ws();
    const c = this.b[this.p];
    this.p++;
    if (c === COMMA) return true;
    if (c === close) return false;
    this.p--;
    return this.fail(`expected "," or "${String.fromCharCode(close)}"`);
  }

  /** Reads `"name":` and returns the index of the name in `keys`, or -1. */
  private key(keys: Keys): number {
    this.ws();
    const b = this.b;
    if (b[this.p] !== QUOTE) this.fail('expected a property name');
    const start = this.p + 1;
    // The expected name, compared in place: no separate scan of the name when it is the one.
    const expected = keys.next;
    const guess = keys.bytes[expected];
    let found = -1;
    if (guess !== undefined) {
      const size = guess.length;
      let i = 0;
      while (i < size && guess[i] === b[start + i]) i++;
      if (i === size && b[start + size] === QUOTE) {
        found = expected;
        this.p = start + size + 1;
      }
    }
    if (found < 0) found = this.otherKey(keys, start);
    if (found >= 0) keys.next = found + 1 < keys.bytes.length ? found + 1 : 0;
    this.ws();
    if (b[this.p] !== COLON) this.fail('expected ":"');
    this.p++;
    return found;
  }

  /** The name starting at `start` (after its quote) looked up in `keys`; moves past it. */
  private otherKey(keys: Keys, start: number): number {
    const plain = this.string();
    const end = this.p - 1;
    if (!plain) return keys.names.indexOf(this.decode(start - 1, end + 1) as string);
    const b = this.b;
    const size = end - start;
    for (let k = 0; k < keys.bytes.length; k++) {
      const name = keys.bytes[k]!;
      if (name.length !== size) continue;
      let i = 0;
      while (i < size && name[i] === b[start + i]) i++;
      if (i === size) return k;
    }
    return -1;
  }

  /**
   * At `"`: moves past the closing quote. True when the content is plain ASCII without escapes
   * (its bytes are the string); false when it must be decoded.
   */
  private string(): boolean {
    const b = this.b;
    let p = this.p + 1;
    let plain = true;
    for (;;) {
      const c = b[p];
      if (c === QUOTE) break;
      if (c === undefined) {
        this.p = p;
        this.fail('unterminated string');
      }
      if (c < 0x20) {
        this.p = p;
        this.fail('control character in a string');
      }
      if (c === BACKSLASH) {
        plain = false;
        p = this.escape(p + 1);
        continue;
      }
      if (c >= 0x80) plain = false;
      p++;
    }
    this.p = p + 1;
    return plain;
  }

  /** Checks the escape whose letter is at `p`; returns the position after it. */
  private escape(p: number): number {
    const c = this.b[p];
    if (c === 0x75 /* u */) {
      for (let k = 1; k <= 4; k++) {
        const h = this.b[p + k];
        const hex = h !== undefined && ((h >= 0x30 && h <= 0x39) || ((h | 0x20) >= 0x61 && (h | 0x20) <= 0x66));
        if (!hex) {
          this.p = p + k;
          this.fail('bad \\u escape');
        }
      }
      return p + 5;
    }
    // " \ / b f n r t
    if (c === 0x22 || c === 0x5c || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74) return p + 1;
    this.p = p;
    return this.fail('bad escape');
  }

  /** Reads a value into the last row of `target`: a scalar as itself, an object or array as its JSON text. */
  private scalar(target: ValueColumn): void {
    const b = this.b;
    const start = this.p;
    const c = b[start];
    if (c === QUOTE) {
      if (this.string()) target.setLastBytes(b, start + 1, this.p - 1);
      else target.setLastString(this.decode(start, this.p) as string);
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      this.skipValue();
      target.setLastString(JSON.stringify(this.decode(start, this.p)));
    } else if (c === 0x74 /* t */ || c === 0x66 /* f */ || c === 0x6e /* n */) {
      const value = this.literal();
      target.setLast(value === null ? NULL : BOOLEAN, value === true ? 1 : 0);
    } else {
      const n = this.number();
      // 1e400 parses to Infinity: kept as its text, like any value a double cannot hold.
      if (Number.isFinite(n)) target.setLast(NUMBER, n);
      else target.setLastString(String(n));
    }
  }

  /** The JSON value in bytes [start, end), through JSON.parse: the rare, slow path. */
  private decode(start: number, end: number): unknown {
    return JSON.parse(utf8.decode(this.b.subarray(start, end)));
  }

  private literal(): boolean | null {
    const b = this.b;
    const p = this.p;
    if (b[p] === 0x74 && b[p + 1] === 0x72 && b[p + 2] === 0x75 && b[p + 3] === 0x65) {
      this.p += 4;
      return true;
    }
    if (b[p] === 0x66 && b[p + 1] === 0x61 && b[p + 2] === 0x6c && b[p + 3] === 0x73 && b[p + 4] === 0x65) {
      this.p += 5;
      return false;
    }
    if (b[p] === 0x6e && b[p + 1] === 0x75 && b[p + 2] === 0x6c && b[p + 3] === 0x6c) {
      this.p += 4;
      return null;
    }
    return this.fail('unexpected token');
  }

  /**
   * A JSON number. Up to 15 significant digits and 22 decimals it is exact as digits ÷ 10^k (one
   * correctly rounded division: both operands are exact doubles); anything else goes to Number().
   */
  private number(): number {
    const b = this.b;
    const start = this.p;
    let p = start;
    let negative = false;
    if (b[p] === 0x2d) {
      negative = true;
      p++;
    }
    let digits = 0;
    let mantissa = 0;
    let c = b[p];
    if (c === 0x30) {
      p++;
    } else if (c !== undefined && c >= 0x31 && c <= 0x39) {
      for (; c !== undefined && c >= 0x30 && c <= 0x39; c = b[++p]) {
        mantissa = mantissa * 10 + (c - 0x30);
        digits++;
      }
    } else {
      this.p = p;
      return this.fail('unexpected token');
    }
    let decimals = 0;
    if (b[p] === 0x2e) {
      p++;
      c = b[p];
      if (c === undefined || c < 0x30 || c > 0x39) {
        this.p = p;
        return this.fail('expected a digit after "."');
      }
      for (; c !== undefined && c >= 0x30 && c <= 0x39; c = b[++p]) {
        mantissa = mantissa * 10 + (c - 0x30);
        if (mantissa !== 0) digits++;
        decimals++;
      }
    }
    let exponent = false;
    c = b[p];
    if (c === 0x65 || c === 0x45) {
      exponent = true;
      p++;
      if (b[p] === 0x2b || b[p] === 0x2d) p++;
      c = b[p];
      if (c === undefined || c < 0x30 || c > 0x39) {
        this.p = p;
        return this.fail('expected a digit in the exponent');
      }
      while (c !== undefined && c >= 0x30 && c <= 0x39) c = b[++p];
    }
    this.p = p;
    if (!exponent && digits <= 15 && decimals <= 22) {
      const value = decimals === 0 ? mantissa : mantissa / POWERS_OF_TEN[decimals]!;
      return negative ? -value : value;
    }
    if (p - start <= 64) return Number(String.fromCharCode.apply(null, b.subarray(start, p) as unknown as number[]));
    return Number(utf8.decode(b.subarray(start, p)));
  }

  /** Moves past one JSON value of any shape, checking it is valid, without recursion. */
  private skipValue(): void {
    const b = this.b;
    const open: number[] = [];
    for (;;) {
      this.ws();
      const c = b[this.p];
      if (c === OPEN_OBJECT) {
        if (this.openObject()) {
          open.push(CLOSE_OBJECT);
          this.key(ANY_KEY);
          continue;
        }
      } else if (c === OPEN_ARRAY) {
        if (this.openArray()) {
          open.push(CLOSE_ARRAY);
          continue;
        }
      } else if (c === QUOTE) this.string();
      else if (c === 0x74 || c === 0x66 || c === 0x6e) this.literal();
      else this.number();
      // After a value: close what ends here, or go on to the next member.
      for (;;) {
        const close = open.at(-1);
        if (close === undefined) return;
        if (this.nextMember(close)) {
          if (close === CLOSE_OBJECT) this.key(ANY_KEY);
          break;
        }
        open.pop();
      }
    }
  }
}

// Parsed from text, which is correctly rounded (and exact for these), unlike some pow() results.
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
