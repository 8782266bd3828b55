// A paginated response captured as it arrives: each page is cleaned on a worker thread (redaction,
// volatile keys, one item per line; core/evidence/pages.ts), and a page of runs read there into
// rows of the four runs tables; then, in page order, the page is hashed and appended to the
// capture's text, which is stored in parts of about 32 MB, each compressed and written as soon as
// it is full (cut at a line end), and its rows are appended to the columns of the tables.
// Nothing holds the whole response, as one string or as objects.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { RecordBatchStreamWriter, type Table } from 'apache-arrow';
import type { Worker } from 'node:worker_threads';
import { pageText, pagesOfText, type CleanPageBytes, type PageOptions } from '../../core/evidence/pages';
import { partsHash, type PagedOutput, type PagedTable } from '../../core/evidence/capture';
import { jsonTables } from '../../core/evidence/parse';
import { mergeRedactions, type Redaction } from '../../core/evidence/redaction';
import { RUNS_COLUMNS, RunsPagesScanner, type RunsChunk } from '../../core/evidence/runs-pages';
import {
  readerOfArrow,
  readerOfTable,
  tableFromArrowTable,
  tableNameOf,
  tableToArrow,
  type EvidenceTable,
} from '../../core/evidence/table';
import { captureHash, type CaptureHash } from '../../core/ids';
import { storeBlob, storeBlobAsIs } from '../../core/workbook/store';
import { MAX_READ_BYTES, nodeFileSystem as fs } from '../node-file-system';
import type { PageRequest, ThreadReply } from './page-worker';
import { OpenPart } from './open-part';
import { startThread } from './threads';
import { megabytes } from './errors';

const WORKER = new URL('./page-worker.ts', import.meta.url);

/** Pages being cleaned at once: enough to keep the threads busy, few enough to bound memory. */
const IN_FLIGHT = 8;
/** Pages that are not runs are tabled from their text at the end, up to this size. */
const MAX_TABLED_BYTES = 256 * 2 ** 20;
const RUNS_TABLES = Object.keys(RUNS_COLUMNS);

/** A cleaned page as the worker sends it back: its lines as UTF-8, and its rows when it is a page of runs. */
interface WorkerPage {
  page: CleanPageBytes;
  runs: RunsChunk | null;
}

export interface PagedCaptureOptions extends PageOptions {
  /** The workbook folder: parts are stored in its evidence/ as they fill. */
  dir: string;
  cellId: string;
  /** false for `verify`: everything is computed, nothing is written. */
  write: boolean;
  /** A part is closed at the first page end past this size. */
  partBytes: number;
  /**
   * The cell's last capture, when verifying: runs are scanned into tables only if the capture turns
   * out to differ from it (their lines wait in a spool file meanwhile), since a reproduced capture's
   * tables are the previous one's.
   */
  previousHash?: CaptureHash;
}

export class PagedCapture {
  private readonly workers: Worker[];
  /** What the threads owe: pages, by id. */
  private readonly resolvers = new Map<number, { resolve: (reply: ThreadReply) => void; reject: (e: Error) => void }>();
  private sent = 0;
  private tail: Promise<void> = Promise.resolve();
  private readonly inFlight: Promise<void>[] = [];
  private part: OpenPart;
  private readonly parts: CaptureHash[] = [];
  private readonly writes: Promise<string | null>[] = [];
  private lastHeader: string | null = null;
  /** Pages of runs read on the threads. */
  private runPages = 0;
  /** The rows read on the threads so far, appended in page order as they come (this thread waits on the page threads most of the time). */
  private readonly runs = new RunsPagesScanner();
  /** Lines of runs read here (the spool of a verify whose capture turned out to differ). */
  private scanner: RunsPagesScanner | null = null;
  /** Text of pages that are not runs, kept to be tabled at the end. */
  private readonly kept: Uint8Array[] = [];
  private keptSize = 0;
  private items = 0;
  private itemsKey: string | null = null;
  private readonly redactions: Redaction[] = [];
  private readonly dropped = new Set<string>();

  /** Set by abort: pages still coming back from the threads are dropped, no part is written after it. */
  private aborted = false;
  private stopped = false;
  /** Where the lines of runs wait while verifying (see previousHash). */
  private readonly spool: { path: string; write: (bytes: Uint8Array) => void; done: () => Promise<void> } | null;

  constructor(private readonly options: PagedCaptureOptions) {
    this.part = new OpenPart(options.write);
    this.spool = !options.write && options.previousHash ? openSpool() : null;
    this.workers = Array.from({ length: Math.max(1, Math.min(2, availableParallelism())) }, () => {
      const worker = startThread(WORKER);
      worker.on('message', (m: ThreadReply) => {
        const r = this.resolvers.get(m.id);
        this.resolvers.delete(m.id);
        if (m.error !== undefined) r?.reject(new Error(m.error));
        else r?.resolve(m);
      });
      worker.on('error', (e) => {
        for (const r of this.resolvers.values()) r.reject(e);
        this.resolvers.clear();
      });
      // A thread that ends without an error event (killed, out of memory) must not leave pages waiting forever.
      worker.on('exit', (code) => {
        if (this.stopped || this.aborted) return;
        for (const r of this.resolvers.values()) r.reject(new Error(`a page thread stopped (exit code ${code})`));
        this.resolvers.clear();
      });
      return worker;
    });
  }

  /**
   * Takes one page's body (which may be handed to a page thread: the caller must not read it
   * after); resolves once few enough pages are waiting (the caller reads the next meanwhile).
   */
  async addPage(body: Uint8Array): Promise<void> {
    const id = this.sent++;
    const cleaned = new Promise<WorkerPage>((resolve, reject) => {
      this.resolvers.set(id, { resolve: (m) => resolve({ page: m.page!, runs: m.runs ?? null }), reject });
      const { tokenKey, secrets } = this.options;
      const request: PageRequest = { id, bytes: body, options: { tokenKey, secrets }, scanRuns: this.spool === null };
      // A body that owns its whole buffer (fetch's) is handed over, not copied.
      const owned = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.byteLength >= 64 * 1024;
      this.workers[id % this.workers.length]!.postMessage(request, owned ? [body.buffer as ArrayBuffer] : []);
    });
    const consumed = (this.tail = this.tail.then(async () => {
      let page: WorkerPage;
      try {
        page = await cleaned;
      } catch (error) {
        throw new Error(`page ${id + 1} of the response is not valid JSON (truncated or malformed): ${(error as Error).message}`);
      }
      this.consume(page, id);
    }));
    // Failures surface through the caller's await below or through finish(); never as unhandled.
    consumed.catch(() => undefined);
    cleaned.catch(() => undefined);
    this.inFlight.push(consumed);
    if (this.inFlight.length >= IN_FLIGHT) await this.inFlight.shift();
  }

  private consume({ page, runs }: WorkerPage, id: number): void {
    if (this.aborted) return;
    const { text: head, header } = pageText({ ...page, lines: '' }, this.lastHeader);
    this.lastHeader = header;
    if (head) this.append(Buffer.from(head));
    if (page.bytes.length) this.append(page.bytes);
    this.items += page.items;
    this.itemsKey ??= page.itemsKey;
    mergeRedactions(this.redactions, page.redactions);
    for (const key of page.dropped) this.dropped.add(key);
    if (page.itemsKey === 'runs' && this.spool) {
      this.spool.write(page.bytes);
    } else if (page.itemsKey === 'runs') {
      if (!runs) throw new Error(`page ${id + 1}: its runs were not read into rows`);
      this.runs.append(runs);
      this.runPages++;
    } else if (head || page.bytes.length) {
      this.keptSize += head.length + page.bytes.length;
      if (this.keptSize > MAX_TABLED_BYTES) {
        throw new Error(
          `more than ${megabytes(MAX_TABLED_BYTES)} of ${page.itemsKey ?? 'items'} that are not runs; narrow the request (only runs/search pages are tabled at any size)`,
        );
      }
      if (head) this.kept.push(Buffer.from(head));
      // Kept to the end: a copy, not a view into a page thread's buffer (as big as the page was).
      this.kept.push(page.bytes.slice());
    }
  }

  /**
   * Adds text to the capture. A part closes at the first line end that brings it to partBytes, so
   * parts, like the whole, do not depend on how the server cut the pages.
   */
  private append(bytes: Uint8Array): void {
    let from = 0;
    while (this.part.size + bytes.length - from >= this.options.partBytes) {
      const end = bytes.indexOf(0x0a, from + Math.max(0, this.options.partBytes - this.part.size - 1));
      if (end < 0) break;
      this.part.add(bytes.subarray(from, end + 1));
      from = end + 1;
      this.closePart();
    }
    if (from < bytes.length) this.part.add(bytes.subarray(from));
  }

  private closePart(): void {
    if (this.aborted) return;
    const { hash, stored } = this.part.close();
    this.part = new OpenPart(this.options.write);
    this.parts.push(hash);
    if (this.options.write) {
      const written = stored.then(({ bytes, compressed }) => storeBlobAsIs(fs, this.options.dir, hash, bytes, compressed));
      written.catch(() => undefined);
      this.writes.push(written);
    }
  }

  /** Waits for every page, stores the last part and builds the tables. */
  async finish(): Promise<PagedOutput> {
    try {
      await this.tail;
      if (this.part.size > 0 || this.parts.length === 0) this.closePart();
      await Promise.all(this.writes);
      const parts = this.parts.length > 1 ? this.parts : null;
      const hash = parts ? partsHash(parts) : this.parts[0]!;
      let tables: PagedOutput['tables'] = 'previous';
      try {
        if (this.spool) await this.spool.done();
        if (hash !== this.options.previousHash || !this.spool) {
          if (this.spool) await this.scanSpool(this.spool.path);
          tables = await this.tables();
          await Promise.all(this.writes);
        }
      } finally {
        if (this.spool) await rm(this.spool.path, { force: true });
      }
      return {
        hash,
        parts,
        pages: this.sent,
        items: this.items,
        itemsKey: this.itemsKey,
        redactions: this.redactions,
        dropped: [...this.dropped].sort(),
        tables,
      };
    } finally {
      await this.stopWorkers();
    }
  }

  /** Scans the spooled lines of runs, a slice of whole lines at a time. */
  private async scanSpool(path: string): Promise<void> {
    const file = await open(path, 'r');
    try {
      let carry = new Uint8Array(0);
      for (;;) {
        const chunk = new Uint8Array(carry.length + 32 * 2 ** 20);
        chunk.set(carry, 0);
        const { bytesRead } = await file.read(chunk, carry.length, chunk.length - carry.length, null);
        const filled = chunk.subarray(0, carry.length + bytesRead);
        const end = bytesRead === 0 ? filled.length : filled.lastIndexOf(0x0a) + 1;
        if (end > 0) {
          this.scanner ??= new RunsPagesScanner();
          this.scanner.addRunLines(filled.subarray(0, end));
        }
        carry = filled.slice(end);
        if (bytesRead === 0) break;
      }
    } finally {
      await file.close();
    }
  }

  /**
   * The capture's tables, each hashed and (when recording) handed to be stored as soon as it is
   * made, so that one is compressed on zlib's threads while the next is made here.
   */
  private async tables(): Promise<PagedTable[]> {
    const name = tableNameOf(this.options.cellId);
    const runs = this.runPages ? this.runs : this.scanner;
    if (runs) {
      const tables: PagedTable[] = [];
      for (const [i, t] of runs.tables().entries()) tables.push(await this.made(RUNS_TABLES[i]!, t));
      // The cell's own table is its runs (a flattening of each run into hundreds of columns told nothing more).
      const all = tables[0]!;
      const alias: PagedTable = { ...all, name, reader: { ...all.reader, name }, table: () => ({ ...all.table(), name }) };
      return RUNS_TABLES.includes(name) ? tables : [alias, ...tables];
    }
    const pages = pagesOfText(Buffer.concat(this.kept).toString('utf8'));
    return jsonTables(name, pages, true).map((t) => this.hashed(t.name, [tableToArrow(t)], t.rows.length, readerOfTable(t), () => t));
  }

  /** An Arrow table just made, as the pieces its IPC writer makes (views of its columns, never joined into one copy). */
  private async made(name: string, t: Table): Promise<PagedTable> {
    const pieces: Uint8Array[] = [];
    for await (const piece of RecordBatchStreamWriter.writeAll(t)) pieces.push(piece);
    let rows: EvidenceTable | null = null;
    return this.hashed(name, pieces, t.numRows, readerOfArrow(name, t), () => (rows ??= tableFromArrowTable(name, t)));
  }

  /** A table's bytes, given in pieces: refused when it could not be read back, else hashed and (when recording) stored. */
  private hashed(
    name: string,
    pieces: readonly Uint8Array[],
    rows: number,
    reader: PagedTable['reader'],
    table: PagedTable['table'],
  ): PagedTable {
    const size = pieces.reduce((n, piece) => n + piece.length, 0);
    // What is stored must be readable again (drift, the grid, queries, validate, purge read tables whole).
    if (size > MAX_READ_BYTES) {
      throw new Error(
        `the ${name} table of this capture would be ${megabytes(size)}, more than the ${megabytes(MAX_READ_BYTES)} a table is read back whole; narrow the request`,
      );
    }
    const sha = createHash('sha256');
    for (const piece of pieces) sha.update(piece);
    const hash = captureHash(sha.digest('hex'));
    if (this.options.write && !this.aborted) {
      const written = storeBlob(fs, this.options.dir, hash, pieces);
      written.catch(() => undefined);
      this.writes.push(written);
    }
    return { name, hash, rows, reader, table };
  }

  /** Stops the threads and removes the parts this capture wrote (a failed or cancelled run leaves nothing behind). */
  async abort(): Promise<void> {
    this.aborted = true;
    this.part.discard();
    await this.stopWorkers();
    if (this.spool) await this.spool.done().catch(() => undefined);
    if (this.spool) await rm(this.spool.path, { force: true });
    const written = await Promise.allSettled(this.writes);
    for (const w of written) if (w.status === 'fulfilled' && w.value) await unlink(w.value).catch(() => undefined);
  }

  private async stopWorkers(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** A temp file the lines of runs are appended to, in order. */
function openSpool(): { path: string; write: (bytes: Uint8Array) => void; done: () => Promise<void> } {
  const path = join(tmpdir(), `aw-verify-${process.pid}-${randomBytes(6).toString('hex')}.ndjson`);
  const stream = createWriteStream(path, { mode: 0o600 });
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  finished.catch(() => undefined);
  return {
    path,
    write: (bytes) => void stream.write(bytes),
    done: () => {
      stream.end();
      return finished;
    },
  };
}
