// Discovery instead of hard-coding: a cell's `inputs` (lists) and a rest cell's `forEach` (one
// request per row) are SQL over the evidence captured before it, e.g. the ids of every active
// experiment that `experiments/search` returned. Read from the same local DuckDB as checks.
import { tableRecords } from '../../core/evidence/records';
import { engineMessage } from '../../core/query/checks';
import type { Cell, Workbook } from '../../core/workbook/schema';
import type { RunContext } from './context';
import { QuerySession } from './query-session';

export type Discovered =
  | { status: 'ok'; context: Pick<RunContext, 'bindings' | 'forEachRows'> }
  | { status: 'skip'; reason: string }
  | { status: 'error'; error: string };

const text = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'bigint' ? v.toString() : String(v));

export async function discover(cell: Cell, dir: string, wb: Workbook, shared?: QuerySession): Promise<Discovered> {
  const inputs = 'inputs' in cell ? (cell.inputs ?? []) : [];
  const forEach = cell.kind === 'rest' ? cell.forEach : undefined;
  if (!inputs.length && !forEach) return { status: 'ok', context: {} };
  const session = shared ?? new QuerySession();
  const query = async (what: string, sql: string) => {
    try {
      return { table: await session.use(dir, wb, (engine) => engine.query(sql)) };
    } catch (error) {
      const message = engineMessage(error);
      const missing = /Table with name (\S+) does not exist/.exec(message);
      if (missing) return { skip: `${what} needs table ${missing[1]}: capture the cell that produces it first` };
      return { error: `${what}: ${message}` };
    }
  };
  try {
    const bindings = new Map<string, readonly string[]>();
    for (const input of inputs) {
      const r = await query(`input ${input.name}`, input.sql);
      if ('skip' in r) return { status: 'skip', reason: r.skip! };
      if ('error' in r) return { status: 'error', error: r.error! };
      const first = r.table.columns[0]?.name;
      bindings.set(input.name, first === undefined ? [] : tableRecords(r.table).map((row) => text(row[first])));
    }
    let forEachRows: Map<string, string>[] | undefined;
    if (forEach) {
      const r = await query('forEach', forEach.sql);
      if ('skip' in r) return { status: 'skip', reason: r.skip! };
      if ('error' in r) return { status: 'error', error: r.error! };
      forEachRows = tableRecords(r.table).map((row) => new Map(Object.entries(row).map(([k, v]) => [k.toUpperCase(), text(v)])));
    }
    return { status: 'ok', context: { ...(bindings.size ? { bindings } : {}), ...(forEachRows ? { forEachRows } : {}) } };
  } finally {
    if (!shared) await session.close();
  }
}
