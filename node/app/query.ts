// `query`: SQL over a workbook's evidence in DuckDB-wasm — the CLI's `query` and the app's query
// cells alike. The evidence is loaded as it stands; nothing is written.
import type { EvidenceTable } from '../../core/evidence/table';
import { engineMessage } from '../../core/query/checks';
import { loadEvidenceTables } from '../../core/query/evidence-tables';
import { loadWorkbook } from '../../core/workbook/store';
import { nodeFileSystem as fs } from '../node-file-system';
import { openDuckDb } from '../query/duckdb';

/** The result, and the tables the SQL could name; a failing query says why and which tables exist. */
export async function queryEvidence(dir: string, sql: string): Promise<{ result: EvidenceTable; tables: string[] }> {
  const wb = await loadWorkbook(fs, dir);
  const engine = await openDuckDb();
  try {
    const tables = (await loadEvidenceTables(engine, fs, dir, wb)).map((t) => t.name);
    try {
      return { result: await engine.query(sql), tables };
    } catch (error) {
      throw new Error(`${engineMessage(error)} (tables: ${tables.join(', ') || 'none (run or import some evidence first)'})`);
    }
  } finally {
    await engine.close();
  }
}
