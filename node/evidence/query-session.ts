// One DuckDB for a series of runs: query and check cells, and SQL cells over the evidence, query it
// with every capture loaded as it stands before each query.
import type { QueryEngine } from '../../core/query/engine';
import { loadEvidenceTables } from '../../core/query/evidence-tables';
import type { Workbook } from '../../core/workbook/schema';
import { nodeFileSystem as fs } from '../node-file-system';
import { openDuckDb } from '../query/duckdb';

/** Opens DuckDB once for a series of runs and reloads the evidence before each query. */
export class QuerySession {
  private engine: Promise<QueryEngine> | null = null;
  async withEvidence(dir: string, wb: Workbook): Promise<QueryEngine> {
    this.engine ??= openDuckDb();
    const engine = await this.engine;
    await loadEvidenceTables(engine, fs, dir, wb);
    return engine;
  }
  async close(): Promise<void> {
    if (this.engine) await (await this.engine).close();
    this.engine = null;
  }
}
