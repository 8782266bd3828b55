// query and check cells: SQL over the evidence loaded into DuckDB-wasm, recorded as a capture of
// the result; a check's outcome is applied to the gaps (proposed, fix-verified) and controls.
import { prepareCapture, recordCapture, type RunOutput } from '../../core/evidence/capture';
import { tableRecords } from '../../core/evidence/records';
import type { EvidenceTable } from '../../core/evidence/table';
import { applyCheck, engineMessage, evaluateCheck, type CheckResult, type CheckStatus } from '../../core/query/checks';
import type { Cell, Workbook } from '../../core/workbook/schema';
import { nodeFileSystem as fs } from '../node-file-system';
import { QuerySession } from './query-session';
import type { CellOutcome, RunOptions } from './run-options';

const rowsJson = (t: EvidenceTable) => JSON.stringify(tableRecords(t));

/** query and check cells: SQL over the evidence tables, recorded as a capture of the result. */
export async function runQueryCell(
  dir: string,
  wb: Workbook,
  cell: Extract<Cell, { kind: 'query' | 'check' }>,
  options: RunOptions,
  mode: 'record' | 'verify',
): Promise<{ workbook: Workbook; outcome: CellOutcome }> {
  const own = !options.queries;
  const session = options.queries ?? new QuerySession();
  try {
    const now = (options.now ?? (() => new Date()))();
    const started = performance.now();
    const base = {
      command: cell.sql,
      startedAt: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      exitStatus: null,
      toolVersion: 'DuckDB-wasm',
      format: 'json' as const,
    };
    type Evaluated = { kind: 'check'; result: CheckResult } | { kind: 'rows'; rows: EvidenceTable } | { kind: 'failed'; message: string };
    const evaluated = await session.use(dir, wb, async (engine): Promise<Evaluated> => {
      if (cell.kind === 'check') return { kind: 'check', result: await evaluateCheck(engine, cell) };
      try {
        return { kind: 'rows', rows: await engine.query(cell.sql) };
      } catch (error) {
        return { kind: 'failed', message: engineMessage(error) };
      }
    });
    if (evaluated.kind === 'failed') return { workbook: wb, outcome: { cell: cell.id, status: 'error', error: evaluated.message } };
    let output: RunOutput;
    let check: { status: CheckStatus; message: string } | undefined;
    if (evaluated.kind === 'check') {
      const result = evaluated.result;
      check = { status: result.status, message: result.message };
      const failed = result.status === 'error' || result.status === 'skip';
      output = {
        ...base,
        output: result.rows ? rowsJson(result.rows) : '[]',
        durationMs: Math.round(performance.now() - started),
        checkStatus: result.status,
        ...(failed ? { error: result.message } : {}),
      };
    } else {
      output = { ...base, output: rowsJson(evaluated.rows), durationMs: Math.round(performance.now() - started) };
    }
    if (mode === 'verify') {
      const { blobs: _blobs, ...prepared } = await prepareCapture(fs, dir, wb, cell.id, output);
      return { workbook: wb, outcome: { cell: cell.id, status: 'captured', recorded: prepared, ...(check ? { check } : {}) } };
    }
    const { workbook, ...recorded } = await recordCapture(fs, dir, wb, cell.id, output);
    if (!check) return { workbook, outcome: { cell: cell.id, status: 'captured', recorded } };
    const applied = applyCheck(workbook, cell.id, recorded.capture, recorded.capture.tables[0]?.rows ?? 0);
    return {
      workbook: applied.workbook,
      outcome: { cell: cell.id, status: 'captured', recorded, check: { ...check, effect: applied.effect } },
    };
  } finally {
    if (own) await session.close();
  }
}
