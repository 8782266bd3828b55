// MLflow runs/search pages (files of a paginated capture) into runs, run_tags, run_params and
// run_metrics. Pages are parsed and normalised in slices on one worker thread per core while the
// main thread appends each finished slice to DuckDB, in page order, so parsing and loading overlap.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { QueryEngine } from '../../core/query/engine';

// From source (CLI, tests, benchmarks) the worker is TypeScript: ts-worker.mjs registers tsx in the
// thread first. A bundled build points straight at JavaScript.
const WORKER = new URL('./runs-ingest-worker.ts', import.meta.url);

interface Slice {
  name: string;
  rows: number;
  ipc: Uint8Array;
}

/** A worker that normalises one slice of page files at a time. */
function startWorker(): { run: (files: string[]) => Promise<Slice[]>; stop: () => Promise<number> } {
  const worker = WORKER.pathname.endsWith('.ts')
    ? new Worker(new URL('./ts-worker.mjs', import.meta.url), { workerData: { entry: WORKER.href } })
    : new Worker(WORKER);
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
  // One slice per worker measured fastest on 2 cores: every append costs DuckDB-wasm a copy.
  sliceSize = Math.max(1, Math.ceil(files.length / workers)),
): Promise<IngestCounts> {
  const slices: string[][] = [];
  for (let i = 0; i < files.length; i += sliceSize) slices.push(files.slice(i, i + sliceSize));
  const pool = Array.from({ length: Math.max(1, Math.min(workers, slices.length)) }, startWorker);
  const results: Promise<Slice[]>[] = new Array(slices.length);
  let next = 0;
  const feed = (w: ReturnType<typeof startWorker>): void => {
    if (next >= slices.length) return;
    const i = next++;
    results[i] = w.run(slices[i]!);
    void results[i]!.then(() => feed(w), () => undefined);
  };
  pool.forEach(feed);
  const counts: IngestCounts = {};
  try {
    const db = await engine;
    for (let i = 0; i < slices.length; i++) {
      // A slice is only asked for once the one before it has been handed out.
      while (results[i] === undefined) await new Promise((r) => setTimeout(r, 1));
      for (const table of await results[i]!) {
        if (i === 0) await db.loadArrow(table.name, table.ipc);
        else await db.appendArrow(table.name, table.ipc);
        counts[table.name] = (counts[table.name] ?? 0) + table.rows;
      }
    }
  } finally {
    await Promise.all(pool.map((w) => w.stop()));
  }
  return counts;
}
