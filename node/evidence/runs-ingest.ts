// MLflow runs/search pages (files of a paginated capture) into runs, run_tags, run_params and
// run_metrics. Slices of pages are scanned into Arrow on one worker thread per core while the main
// thread appends each finished slice to DuckDB, in page order and in one transaction, so scanning
// and loading overlap and a failed ingest changes nothing.
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { startThread } from './threads';
import type { QueryEngine } from '../../core/query/engine';

const WORKER = new URL('./runs-ingest-worker.ts', import.meta.url);

interface Slice {
  name: string;
  rows: number;
  ipc: Uint8Array;
}

/** A worker that normalises one slice of page files at a time. */
function startWorker(): { run: (files: string[]) => Promise<Slice[]>; stop: () => Promise<number> } {
  const worker = startThread(WORKER);
  let pending: { resolve: (s: Slice[]) => void; reject: (e: Error) => void } | null = null;
  worker.on('message', (m: { tables?: Slice[]; error?: string }) => {
    const p = pending;
    pending = null;
    if (m.error !== undefined) p?.reject(new Error(m.error));
    else p?.resolve(m.tables!);
  });
  worker.on('error', (e) => pending?.reject(e));
  return {
    run: (files) =>
      new Promise((resolve, reject) => {
        pending = { resolve, reject };
        worker.postMessage(files);
      }),
    stop: () => worker.terminate(),
  };
}

/** Rows loaded per table. */
export type IngestCounts = Record<string, number>;

/**
 * Ingests the page files into `engine`: slices of `sliceSize` pages are normalised on `workers`
 * threads and appended in page order as they complete. A page that is not JSON fails the ingest
 * with its file name.
 */
export async function ingestRunsPages(
  engine: QueryEngine | Promise<QueryEngine>,
  files: readonly string[],
  workers = availableParallelism(),
  sliceSize = Math.max(1, Math.min(50, Math.ceil(files.length / workers))),
): Promise<IngestCounts> {
  const slices: string[][] = [];
  for (let i = 0; i < files.length; i += sliceSize) slices.push(files.slice(i, i + sliceSize));
  const pool = Array.from({ length: Math.max(1, Math.min(workers, slices.length)) }, () => startWorker());
  const results: Promise<Slice[]>[] = new Array(slices.length);
  let next = 0;
  const feed = (w: ReturnType<typeof startWorker>): void => {
    if (next >= slices.length) return;
    const i = next++;
    results[i] = w.run(slices[i]!);
    void results[i]!.then(
      () => feed(w),
      () => undefined,
    );
  };
  pool.forEach(feed);
  const counts: IngestCounts = {};
  try {
    const db = await engine;
    // DuckDB holds the four tables (and the transaction's copy) in about 1.3× the JSON's size.
    await db.reserve?.(1.5 * files.reduce((n, f) => n + statSync(f).size, 0));
    // One transaction: DuckDB merges each autocommitted append into its table, which costs more
    // than the append itself; and an ingest that fails leaves the tables as they were.
    await db.exec('BEGIN TRANSACTION');
    try {
      for (let i = 0; i < slices.length; i++) {
        // A slice is only asked for once the one before it has been handed out.
        while (results[i] === undefined) await new Promise((r) => setTimeout(r, 1));
        for (const table of await results[i]!) {
          if (i === 0) await db.loadArrow(table.name, table.ipc);
          else await db.appendArrow(table.name, table.ipc);
          counts[table.name] = (counts[table.name] ?? 0) + table.rows;
        }
      }
      await db.exec('COMMIT');
    } catch (error) {
      await db.exec('ROLLBACK');
      throw error;
    }
  } finally {
    await Promise.all(pool.map((w) => w.stop()));
  }
  return counts;
}
