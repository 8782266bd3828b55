// `audit-workbench query`: run SQL over the captured evidence and print the result.
import { loadWorkbook } from '../../core/workbook/store';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { engineMessage } from '../../core/query/checks';
import { loadEvidenceTables } from '../../core/query/evidence-tables';
import { openDuckDb } from '../../node/query/duckdb';
import { textTable } from '../text-table';
import { type Io, UsageError, type Values, str } from '../args';

export async function run(positionals: string[], values: Values, io: Io): Promise<void> {
  if (positionals.length !== 2) throw new UsageError('query takes a workbook folder and one SQL string');
  const [dir, sql] = positionals as [string, string];
  const maxRows = Number(str(values['max-rows']) ?? '100');
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new UsageError('--max-rows expects a positive whole number');
  const wb = await loadWorkbook(fs, dir);
  const engine = await openDuckDb();
  try {
    const tables = await loadEvidenceTables(engine, fs, dir, wb);
    let result;
    try {
      result = await engine.query(sql);
    } catch (error) {
      const known = tables.map((t) => t.name).join(', ') || 'none (run or import some evidence first)';
      throw new Error(`${engineMessage(error)} (tables: ${known})`);
    }
    io.out(textTable(result, maxRows));
  } finally {
    await engine.close();
  }
}
