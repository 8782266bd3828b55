// One DuckDB for a series of runs: query and check cells, and SQL cells over the evidence, query it
// with every capture loaded as it stands before each query. Tables whose capture did not change
// since the last load are not read again, so a long-lived session (the app keeps one per workbook)
// answers a query in the time of the query.
import type { QueryEngine } from '../../core/query/engine';
import { loadEvidenceTables, type LoadedObjects } from '../../core/query/evidence-tables';
import type { Workbook } from '../../core/workbook/schema';
import { nodeFileSystem as fs } from '../node-file-system';
import { openDuckDb } from '../query/duckdb';

export class QuerySession {
  private engine: Promise<QueryEngine> | null = null;
  private readonly loaded: LoadedObjects = new Map();
  private queue: Promise<unknown> = Promise.resolve();

  /** Runs `work` on the engine holding the evidence of `wb` as it stands, one caller at a time. */
  use<T>(dir: string, wb: Workbook, work: (engine: QueryEngine) => Promise<T>): Promise<T> {
    const turn = this.queue.then(async () => {
      this.engine ??= openDuckDb();
      let engine: QueryEngine;
      try {
        engine = await this.engine;
      } catch (error) {
        this.engine = null; // the next caller tries again
        throw error;
      }
      try {
        await loadEvidenceTables(engine, fs, dir, wb, this.loaded);
      } catch (error) {
        this.loaded.clear(); // what is loaded is unknown: everything is loaded again next time
        throw error;
      }
      return work(engine);
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  async close(): Promise<void> {
    await this.queue;
    if (this.engine) await (await this.engine.catch(() => null))?.close();
    this.engine = null;
    this.loaded.clear();
  }
}
