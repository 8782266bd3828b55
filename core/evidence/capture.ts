// From what a runner (or an import) produced to a stored Capture: redact, drop volatile fields,
// hash and store the raw output, parse it into tables stored as Arrow IPC, and compare with the
// cell's previous capture (reproduced, or drifted with a row-level diff).
import { sha256Hex } from '../hash';
import type { CaptureHash } from '../ids';
import type { FileSystem } from '../ports';
import type { Capture, Cell, Workbook } from '../workbook/schema';
import { readBlob, storeBlob } from '../workbook/store';
import { diffCaptureTables, type TableDiff } from './drift';
import { describeJsonError } from '../workbook/file-format';
import { parseEvidence, parseHttpResponse, type Format } from './parse';
import { mergeRedactions, redactJsonValue, redactOutput, redactText, type Redaction } from './redaction';
import { tableFromIPC } from 'apache-arrow';
import {
  readerOfArrow,
  readerOfTable,
  tableFromArrow,
  tableFromRecords,
  tableNameOf,
  tableToArrow,
  type CellReader,
  type EvidenceTable,
} from './table';
import { normaliseJson, normaliseKubectlTable } from './volatile';

/** A new table of a paged capture: its Arrow IPC bytes to store, read in place for the drift. */
export interface PagedTable {
  name: string;
  /** The hash of its Arrow IPC bytes, which the capture stored already when recording. */
  hash: CaptureHash;
  rows: number;
  reader: CellReader;
  /** The table's rows, made only when asked for (small captures, tests). */
  table: () => EvidenceTable;
}

/**
 * A paginated response captured page by page on the Node side (node/evidence/paged-capture.ts):
 * already cleaned and hashed, its parts already stored when recording.
 */
export interface PagedOutput {
  /** sha256 of the text; of the parts' hashes when it is in parts (partsHash). */
  hash: CaptureHash;
  /** The parts' hashes when there are several; null when the text is one blob named `hash`. */
  parts: CaptureHash[] | null;
  pages: number;
  items: number;
  itemsKey: string | null;
  redactions: Redaction[];
  dropped: string[];
  /** 'previous' when verifying found the capture reproduced: its tables are the previous capture's, not built again. */
  tables: PagedTable[] | 'previous';
}

/**
 * The hash of a capture stored in parts: the sha256 of their hashes, one per line. Parts are cut
 * at line ends by size, so it does not depend on how the server cut its pages either.
 */
export const partsHash = (parts: readonly CaptureHash[]): CaptureHash => sha256Hex(parts.map((p) => `${p}\n`).join(''));

/** What a runner or an import hands over: the output as text and how it was obtained. */
export interface RunOutput {
  /** The exact command or request, parameters resolved, secrets left as references. */
  command: string;
  /** The output; empty when it came as `paged`. */
  output: string;
  /** A paginated response, captured page by page instead of as one text. */
  paged?: PagedOutput;
  startedAt: string;
  durationMs: number;
  exitStatus: number | null;
  format?: Format | 'auto';
  toolVersion?: string;
  source?: string;
  /** Secret values the runner resolved: scrubbed wherever they appear. */
  secrets?: readonly string[];
  /** For check cells: the outcome of this evaluation. */
  checkStatus?: Capture['checkStatus'];
  /** A check that could not be evaluated is recorded as an error, with its message. */
  error?: string;
  /** HTTP responses of a rest cell, one per page: become the `http_responses` table. */
  responses?: { page: number; status: number; url: string }[];
  /** What the run noticed without failing (a folder that does not exist, a request without credentials). */
  notes?: string[];
  /** Whether a path exists in the folder the command searched (shell cells): settles grep lines that split several ways. */
  isFile?: (path: string) => boolean;
}

export type Comparison =
  { status: 'first' } | { status: 'reproduced'; previous: Capture } | { status: 'drifted'; previous: Capture; diffs: TableDiff[] };

export interface RecordedCapture {
  workbook: Workbook;
  capture: Capture;
  tables: EvidenceTable[];
  comparison: Comparison;
  /** Volatile fields dropped before hashing. */
  dropped: string[];
}

export function findCell(wb: Workbook, cellId: string): { cell: Cell; pillar: number } {
  for (const p of wb.pillars) for (const c of p.cells) if (c.id === cellId) return { cell: c, pillar: p.number };
  throw new Error(`no cell "${cellId}" in this workbook`);
}

/** Redacts and normalises raw output; the result is what gets hashed and stored. */
export function cleanOutput(cell: Cell, out: RunOutput): { text: string; command: string; redactions: Redaction[]; dropped: string[] } {
  const redactions: Redaction[] = [];
  const command = redactText(out.command, 'command', out.secrets);
  mergeRedactions(redactions, command.redactions);
  let text = out.output;
  let dropped: string[] = [];
  const trimmed = text.trim();
  let json: unknown = undefined;
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      json = JSON.parse(trimmed);
    } catch {
      json = undefined;
    }
  }
  const format = out.format ?? (cell.kind === 'import' ? cell.format : 'auto');
  if (json !== undefined) {
    const secrets = redactJsonValue(json, 'output');
    mergeRedactions(redactions, secrets.redactions);
    const normal = normaliseJson(secrets.value);
    text = normal.text;
    dropped = normal.dropped;
  } else if (cell.kind === 'kubectl') {
    const normal = normaliseKubectlTable(text);
    text = normal.text;
    dropped = normal.dropped;
  }
  const scrubbed = json !== undefined ? redactText(text, 'output', out.secrets) : redactOutput(text, 'output', out.secrets, format);
  mergeRedactions(redactions, scrubbed.redactions);
  return { text: scrubbed.text, command: command.text, redactions, dropped };
}

async function tablesOf(fs: FileSystem, dir: string, capture: Capture): Promise<EvidenceTable[]> {
  return Promise.all(capture.tables.map(async (t) => tableFromArrow(t.name, await readBlob(fs, dir, t.hash))));
}

/** Loads the tables of a cell's latest capture from evidence/. */
export async function latestTables(fs: FileSystem, dir: string, cell: Cell): Promise<EvidenceTable[]> {
  const latest = cell.captures.at(-1);
  return latest ? tablesOf(fs, dir, latest) : [];
}

/** A capture computed in memory: the record, its blobs by hash, and the comparison with the last one. */
export interface PreparedCapture {
  capture: Capture;
  blobs: Map<CaptureHash, Uint8Array | string>;
  tables: EvidenceTable[];
  comparison: Comparison;
  dropped: string[];
}

/** Everything about a new capture, computed without writing anything (what `verify` needs). */
export async function prepareCapture(fs: FileSystem, dir: string, wb: Workbook, cellId: string, out: RunOutput): Promise<PreparedCapture> {
  const { cell } = findCell(wb, cellId);
  if (out.paged) return preparePaged(fs, dir, cell, out, out.paged);
  const clean = cleanOutput(cell, out);
  const format = out.format ?? (cell.kind === 'import' ? cell.format : 'auto');
  // Output captured with `curl -i` carries its status line: the status becomes evidence, the body is parsed.
  const http = out.responses ? null : parseHttpResponse(clean.text);
  const pages = (out.responses?.length ?? 0) > 1;
  const parsed = parseEvidence(tableNameOf(cell.id), http ? http.body : clean.text, http ? 'auto' : format, {
    pages,
    ...(out.isFile ? { isFile: out.isFile } : {}),
  });
  const responses = out.responses ?? (http ? [{ page: 1, status: http.status, url: '' }] : undefined);
  // Text that looks like JSON but is not (truncated, hand-edited) is kept as text — and says so.
  const body = http ? http.body : clean.text;
  const notJson =
    format === 'auto' && /^\s*[{[]/.test(body) && parsed.format !== 'json' && parsed.format !== 'ndjson'
      ? [`read as ${parsed.format}: it starts like JSON but is not JSON (${describeJsonError(body.trim(), null)})`]
      : [];
  if (responses) parsed.tables.push(responsesTable(cell, responses, out.secrets));
  const blobs = new Map<CaptureHash, Uint8Array | string>();
  const hash = sha256Hex(clean.text);
  blobs.set(hash, clean.text);
  const tables = parsed.tables.map((t) => {
    const bytes = tableToArrow(t);
    const tableHash = sha256Hex(bytes);
    blobs.set(tableHash, bytes);
    return { name: t.name, hash: tableHash, rows: t.rows.length };
  });
  const capture: Capture = {
    hash,
    command: clean.command,
    startedAt: out.startedAt,
    durationMs: out.durationMs,
    exitStatus: out.exitStatus,
    status: out.error === undefined ? 'ok' : 'error',
    ...(out.error !== undefined ? { error: out.error } : {}),
    ...(out.toolVersion ? { toolVersion: out.toolVersion } : {}),
    ...(out.source ? { source: out.source } : {}),
    tables,
    readAs: parsed.detected ? { format: parsed.format, detected: parsed.detected.why } : { format: parsed.format },
    redactions: clean.redactions,
    ...(out.notes?.length || notJson.length
      ? { notes: [...(out.notes ?? []).map((n) => redactText(n, 'command', out.secrets).text), ...notJson] }
      : {}),
    ...(out.checkStatus ? { checkStatus: out.checkStatus } : {}),
  };
  const previous = cell.captures.at(-1);
  let comparison: Comparison = { status: 'first' };
  if (previous && previous.hash === hash) comparison = { status: 'reproduced', previous };
  else if (previous)
    comparison = { status: 'drifted', previous, diffs: diffCaptureTables(await tablesOf(fs, dir, previous), parsed.tables) };
  return { capture, blobs, tables: parsed.tables, comparison, dropped: clean.dropped };
}

/** The `http_responses` table: status codes are evidence too (a write probe answered 200 instead of 401), queryable by cell. */
function responsesTable(cell: Cell, responses: NonNullable<RunOutput['responses']>, secrets: RunOutput['secrets']): EvidenceTable {
  const urls = responses.map((r) => redactText(r.url, 'output', secrets).text);
  return tableFromRecords(
    'http_responses',
    responses.map((r, i) => ({ cell: cell.id, page: r.page, status: r.status, url: urls[i] || null })),
    ['cell', 'page', 'status', 'url'],
  );
}

/** A paged capture: its text already hashed (and stored in parts), its tables built page by page. */
async function preparePaged(fs: FileSystem, dir: string, cell: Cell, out: RunOutput, paged: PagedOutput): Promise<PreparedCapture> {
  const command = redactText(out.command, 'command', out.secrets);
  const redactions = mergeRedactions([...command.redactions], paged.redactions);
  const previous = cell.captures.at(-1);
  const reproduced = previous?.hash === paged.hash ? previous : undefined;
  if (paged.tables === 'previous' && !reproduced) throw new Error('a paged capture without tables must reproduce the previous one');
  const responses = out.responses ? responsesTable(cell, out.responses, out.secrets) : null;
  const blobs = new Map<CaptureHash, Uint8Array | string>();
  const fresh: PagedTable[] = paged.tables === 'previous' ? [] : [...paged.tables];
  if (responses && paged.tables !== 'previous') {
    // The paged capture stored its own tables as it made them; this one is made here.
    const bytes = tableToArrow(responses);
    const hash = sha256Hex(bytes);
    blobs.set(hash, bytes);
    fresh.push({ name: responses.name, hash, rows: responses.rows.length, reader: readerOfTable(responses), table: () => responses });
  }
  const tables =
    reproduced && paged.tables === 'previous' ? reproduced.tables : fresh.map((t) => ({ name: t.name, hash: t.hash, rows: t.rows }));
  const what = paged.itemsKey ?? 'items';
  const capture: Capture = {
    hash: paged.hash,
    ...(paged.parts ? { parts: paged.parts } : {}),
    command: command.text,
    startedAt: out.startedAt,
    durationMs: out.durationMs,
    exitStatus: out.exitStatus,
    status: 'ok',
    ...(out.toolVersion ? { toolVersion: out.toolVersion } : {}),
    tables,
    readAs: { format: 'ndjson', detected: `${paged.pages} page(s), ${paged.items} ${what}, one per line` },
    redactions,
    ...(out.notes?.length ? { notes: out.notes.map((n) => redactText(n, 'command', out.secrets).text) } : {}),
  };
  let comparison: Comparison = { status: 'first' };
  if (reproduced) comparison = { status: 'reproduced', previous: reproduced };
  else if (previous) {
    // Compared by key, each side read in place.
    const before = await Promise.all(
      previous.tables.map(async (t) => readerOfArrow(t.name, tableFromIPC(await readBlob(fs, dir, t.hash)))),
    );
    comparison = {
      status: 'drifted',
      previous,
      diffs: diffCaptureTables(
        before,
        fresh.map((t) => t.reader),
      ),
    };
  }
  // The rows are made only if a caller reads them.
  const lazy = fresh.map((t) => {
    let made: EvidenceTable | null = null;
    return {
      name: t.name,
      get columns() {
        return (made ??= t.table()).columns;
      },
      get rows() {
        return (made ??= t.table()).rows;
      },
    };
  });
  return { capture, blobs, tables: lazy, comparison, dropped: paged.dropped };
}

/** Stores the output as the cell's newest capture and returns the updated workbook (not yet saved). */
export async function recordCapture(fs: FileSystem, dir: string, wb: Workbook, cellId: string, out: RunOutput): Promise<RecordedCapture> {
  const { blobs, ...prepared } = await prepareCapture(fs, dir, wb, cellId, out);
  // Together: a big capture's tables are compressed on the file system's threads at once.
  await Promise.all([...blobs].map(([hash, bytes]) => storeBlob(fs, dir, hash, bytes)));
  const workbook: Workbook = {
    ...wb,
    pillars: wb.pillars.map((p) => ({
      ...p,
      cells: p.cells.map((c) => (c.id === cellId ? { ...withoutFailure(c), captures: [...c.captures, prepared.capture] } : c)),
    })),
  };
  return { workbook, ...prepared };
}

function withoutFailure(cell: Cell): Cell {
  const { failure: _cleared, ...rest } = cell;
  return rest as Cell;
}

/** The workbook with a cell's failed run recorded (kept until a run succeeds), its captures untouched. */
export function recordFailure(wb: Workbook, cellId: string, at: string, error: string): Workbook {
  return {
    ...wb,
    pillars: wb.pillars.map((p) => ({ ...p, cells: p.cells.map((c) => (c.id === cellId ? { ...c, failure: { at, error } } : c)) })),
  };
}
