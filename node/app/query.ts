// `query`: SQL over a workbook's evidence in DuckDB-wasm — the CLI's `query` and the app's query
// cells alike. The evidence is loaded as it stands; nothing is written.
import type { EvidenceTable } from '../../core/evidence/table';
import { engineMessage } from '../../core/query/checks';
import { loadEvidenceTables } from '../../core/query/evidence-tables';
import { loadWorkbook } from '../../core/workbook/store';
import { nodeFileSystem as fs } from '../node-file-system';
import { openDuckDb } from '../query/duckdb';
import type { QueryEngine } from '../../core/query/engine';
import type { QuerySession } from '../evidence/query-session';

/** Answers `sql` on an engine holding the evidence; a failing query says why and which tables exist. */
async function answer(engine: QueryEngine, sql: string, tables: string[]): Promise<{ result: EvidenceTable; tables: string[] }> {
  try {
    return { result: await engine.query(sql), tables };
  } catch (error) {
    throw new Error(`${engineMessage(error)} (tables: ${tables.join(', ') || 'none (run or import some evidence first)'})`);
  }
}

/**
 * The result, and the tables the SQL could name. With the app's session (one DuckDB per workbook,
 * only changed captures reloaded) a query costs the query; without (the CLI), a fresh engine.
 */
export async function queryEvidence(
  dir: string,
  sql: string,
  session?: QuerySession,
): Promise<{ result: EvidenceTable; tables: string[] }> {
  const wb = await loadWorkbook(fs, dir);
  if (session)
    return session.use(dir, wb, async (engine) => {
      const names = (await engine.query('SELECT DISTINCT table_name FROM information_schema.tables ORDER BY 1')).rows.map((r) =>
        String(r[0]),
      );
      return answer(engine, sql, names);
    });
  const engine = await openDuckDb();
  try {
    return await answer(
      engine,
      sql,
      (await loadEvidenceTables(engine, fs, dir, wb)).map((t) => t.name),
    );
  } finally {
    await engine.close();
  }
}
