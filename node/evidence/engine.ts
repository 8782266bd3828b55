// The evidence engine on the Node side: runs cells through their runner, records captures, and
// saves the workbook after each one, so that a failure or a cancel never loses earlier captures.
// Used by the CLI, the Electron main process and the browser shell's server alike.
import { readFile } from 'node:fs/promises';
import { findCell, prepareCapture, recordCapture, recordFailure, type Comparison, type RecordedCapture } from '../../core/evidence/capture';
import { runQueryCell } from './query-runner';
import { QuerySession } from './query-session';
import type { CellOutcome, RunOptions } from './run-options';
import type { Format } from '../../core/evidence/parse';
import { isSkippedByRunAll, mutationReason, neverRuns } from '../../core/evidence/policy';
import type { Cell, Workbook } from '../../core/workbook/schema';
import { loadWorkbook, saveWorkbook } from '../../core/workbook/store';
import { nodeFileSystem as fs } from '../node-file-system';
import { committeeState } from '../../core/committee';
import { tableRecords } from '../../core/evidence/records';
import { diffSize } from '../../core/evidence/drift';
import { commandText } from '../../core/evidence/command-text';
export { QuerySession } from './query-session';
export type { CellOutcome, RunOptions } from './run-options';
import { DEFAULT_LIMITS, secretsFromEnv, secretsFromKeychain, type RunContext, type RunnerResult } from './context';
import { runKubectl } from './kubectl-runner';
import { runRest } from './rest-runner';
import { runS3 } from './s3-runner';
import { runSql } from './sql-runner';
import { filesIn, runShell, searchedFolder } from './shell-runner';
import { isBinary } from '../runners/process';
import { readiness } from './preflight';
import { discover } from './discovery';

/** The kinds the engine can execute (query and check cells run in DuckDB; notes never run). */
export const RUNNABLE_KINDS = ['rest', 'sql', 's3', 'shell', 'kubectl', 'query', 'check'] as const;

export async function contextFor(dir: string, wb: Workbook, options: RunOptions): Promise<RunContext> {
  return {
    workbookDir: dir,
    ...(options.pathsFrom ? { pathsFrom: options.pathsFrom } : {}),
    parameters: wb.parameters,
    secrets: new Map([...secretsFromEnv(wb, options.env), ...(options.keychain ? await secretsFromKeychain(wb, options.keychain) : [])]),
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    ...(options.signal ? { signal: options.signal } : {}),
    now: options.now ?? (() => new Date()),
    env: options.env ?? process.env,
  };
}

async function execute(cell: Cell, ctx: RunContext, options: RunOptions, wb: Workbook): Promise<RunnerResult | { skipped: string }> {
  try {
    switch (cell.kind) {
      case 'shell':
        return await runShell(cell, ctx);
      case 'rest':
        return await runRest(cell, ctx, options.fetch);
      case 'kubectl':
        return await runKubectl(cell, ctx);
      case 's3':
        return await runS3(cell, ctx);
      case 'sql':
        return await runSql(cell, ctx, async (sql) => {
          const session = options.queries ?? new QuerySession();
          try {
            const t = await session.use(ctx.workbookDir, wb, (engine) => engine.query(sql));
            return { columns: t.columns.map((c) => c.name), rows: tableRecords(t) };
          } finally {
            if (!options.queries) await session.close();
          }
        });
      case 'note':
        return { skipped: 'a note has nothing to run' };
      case 'import':
        return { skipped: 'an import cell is filled with `import`, from output captured elsewhere' };
      default:
        return { skipped: `${cell.kind} cells run in the query engine` };
    }
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/** Whether a cell can run as the workbook stands (parameters, secrets, folder), contacting nothing. */
export async function cellReadiness(dir: string, wb: Workbook, cell: Cell, options: RunOptions = {}) {
  return readiness(cell, await contextFor(dir, wb, options));
}

/**
 * Runs one cell and returns the workbook with its new capture (not saved) and the outcome. With
 * `verify`, the capture is computed and compared but nothing is written and the workbook is unchanged.
 */
export async function runCell(
  dir: string,
  wb: Workbook,
  cellId: string,
  options: RunOptions = {},
  mode: 'record' | 'verify' = 'record',
): Promise<{ workbook: Workbook; outcome: CellOutcome }> {
  const { cell } = findCell(wb, cellId);
  const now = options.now ?? (() => new Date());
  const failed = (error: string) => ({
    // A failed run is remembered on the cell (until one succeeds) so that the report can say why.
    workbook:
      mode === 'record'
        ? recordFailure(
            wb,
            cellId,
            now()
              .toISOString()
              .replace(/\.\d{3}Z$/, 'Z'),
            error,
          )
        : wb,
    outcome: { cell: cellId, status: 'error' as const, error },
  });
  const hazard = neverRuns(cell);
  if (hazard) return failed(`refused: ${hazard}; the workbench never runs it`);
  const reason = mutationReason(cell);
  if (reason && !cell.mutating) return failed(`refused: ${reason}; mark the cell mutating to run it`);
  if (cell.mutating && !options.yesMutating) {
    return { workbook: wb, outcome: { cell: cellId, status: 'skipped', reason: 'mutating cell: run it with --yes-mutating' } };
  }
  if (cell.kind === 'query' || cell.kind === 'check') return runQueryCell(dir, wb, cell, options, mode);
  const ctx = await contextFor(dir, wb, options);
  const ready = readiness(cell, ctx);
  if (ready.status === 'skip') return { workbook: wb, outcome: { cell: cellId, status: 'skipped', reason: ready.reason } };
  if (ready.status === 'blocked') return failed(ready.reason);
  const found = await discover(cell, dir, wb, options.queries);
  if (found.status === 'skip') return { workbook: wb, outcome: { cell: cellId, status: 'skipped', reason: found.reason } };
  if (found.status === 'error') return failed(found.error);
  const result = await execute(cell, { ...ctx, ...found.context, record: mode === 'record' }, options, wb);
  if ('skipped' in result) return { workbook: wb, outcome: { cell: cellId, status: 'skipped', reason: result.skipped } };
  if (!result.ok) return failed(result.error);
  if (mode === 'verify') {
    const { blobs: _blobs, ...prepared } = await prepareCapture(fs, dir, wb, cellId, result.output);
    return { workbook: wb, outcome: { cell: cellId, status: 'captured', recorded: prepared } };
  }
  const { workbook, ...recorded } = await recordCapture(fs, dir, wb, cellId, result.output);
  return { workbook, outcome: { cell: cellId, status: 'captured', recorded } };
}

export interface Selection {
  pillar?: number;
  /** The pillars the committee disputed in its REVISE verdict: only their cells re-run. */
  disputed?: boolean;
  cell?: string;
  /** Only cells of these kinds (e.g. query and check, to re-evaluate offline over imported evidence). */
  kinds?: readonly Cell['kind'][];
}

/** The cells a selection names, in audit order; "run all" leaves mutating cells out. */
export function selectCells(wb: Workbook, selection: Selection): Cell[] {
  let disputed: number[] | null = null;
  if (selection.disputed) {
    const state = committeeState(wb);
    if (state.kind !== 'revise') throw new Error('the committee has not asked for a revision: no disputed pillars to re-run');
    disputed = state.disputedPillars;
  }
  const pillars = [...wb.pillars]
    .sort((a, b) => a.order - b.order)
    .filter((p) => (selection.pillar === undefined || p.number === selection.pillar) && (disputed === null || disputed.includes(p.number)));
  if (selection.pillar !== undefined && pillars.length === 0) throw new Error(`no pillar numbered ${selection.pillar}`);
  const cells = pillars.flatMap((p) => p.cells);
  if (selection.cell !== undefined) return [findCell(wb, selection.cell).cell];
  return cells.filter(
    (c) => c.kind !== 'note' && c.kind !== 'import' && !isSkippedByRunAll(c) && (!selection.kinds || selection.kinds.includes(c.kind)),
  );
}

/**
 * Runs the selected cells one after another, saving after each capture. `onOutcome` reports
 * progress. Returns every outcome.
 */
export async function runCells(
  dir: string,
  selection: Selection,
  options: RunOptions = {},
  onOutcome: (outcome: CellOutcome, index: number, total: number) => void = () => undefined,
): Promise<CellOutcome[]> {
  let wb = await loadWorkbook(fs, dir);
  const cells = selectCells(wb, selection);
  const outcomes: CellOutcome[] = [];
  const queries = options.queries ?? new QuerySession();
  try {
    for (const [i, cell] of cells.entries()) {
      if (options.signal?.aborted) {
        outcomes.push({ cell: cell.id, status: 'skipped', reason: 'cancelled' });
        continue;
      }
      options.onStart?.(cell.id, i, cells.length);
      const { workbook, outcome } = await runCell(dir, wb, cell.id, { ...options, queries });
      if (workbook !== wb) {
        await saveWorkbook(fs, dir, workbook);
        wb = workbook;
      }
      outcomes.push(outcome);
      onOutcome(outcome, i, cells.length);
    }
  } finally {
    if (!options.queries) await queries.close();
  }
  return outcomes;
}

/** Re-runs every non-mutating runnable cell and compares with its last capture; writes nothing. */
export async function verifyCells(
  dir: string,
  options: RunOptions = {},
  onOutcome: (outcome: CellOutcome, index: number, total: number) => void = () => undefined,
): Promise<CellOutcome[]> {
  const wb = await loadWorkbook(fs, dir);
  const cells = selectCells(wb, {}).filter((c) => (RUNNABLE_KINDS as readonly string[]).includes(c.kind));
  const outcomes: CellOutcome[] = [];
  const queries = new QuerySession();
  try {
    for (const [i, cell] of cells.entries()) {
      if (options.signal?.aborted) {
        outcomes.push({ cell: cell.id, status: 'skipped', reason: 'cancelled' });
        continue;
      }
      options.onStart?.(cell.id, i, cells.length);
      const { outcome } = await runCell(dir, wb, cell.id, { ...options, queries }, 'verify');
      outcomes.push(outcome);
      onOutcome(outcome, i, cells.length);
    }
  } finally {
    await queries.close();
  }
  return outcomes;
}

/** Records output captured elsewhere (a file) as the cell's newest capture, and saves. */
export async function importCapture(
  dir: string,
  cellId: string,
  input: ImportSource & { command?: string; format?: Format | 'auto'; now?: () => Date },
): Promise<Omit<RecordedCapture, 'workbook'>> {
  const wb = await loadWorkbook(fs, dir);
  const { cell } = findCell(wb, cellId);
  const { text, from } = await importedText(input);
  // Output of the cell's own command, run where the auditor had access, is the offline path.
  const command = input.command ?? (cell.kind === 'import' ? cell.sourceCommand : commandText(cell, wb.parameters)?.text);
  if (!command) throw new Error(`say which command produced ${from} with --command`);
  const now = input.now ?? (() => new Date());
  const folder = searchedFolder(cell, await contextFor(dir, wb, {}));
  // A parse error says where in the text; the file is named here, where it is known.
  const { workbook, ...recorded } = await recordCapture(fs, dir, wb, cellId, {
    command,
    output: text,
    startedAt: now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z'),
    durationMs: 0,
    exitStatus: null,
    source: `imported from ${from}`,
    ...(input.format ? { format: input.format } : {}),
    ...(folder ? { isFile: filesIn(folder) } : {}),
  }).catch((error: unknown) => {
    throw new Error(`${from}: ${(error as Error).message}`);
  });
  await saveWorkbook(fs, dir, workbook);
  return recorded;
}

/** What an import reads: a file on this machine, or text the app was given (pasted, dropped, chosen) and its name. */
export type ImportSource = { file: string } | { text: string; name: string };

async function importedText(source: ImportSource): Promise<{ text: string; from: string }> {
  if ('text' in source) {
    if (source.text.includes('\0')) throw new Error(`${source.name} is binary; import text output`);
    return { text: source.text, from: source.name };
  }
  try {
    const bytes = await readFile(source.file);
    if (isBinary(bytes)) throw new Error(`${source.file} is binary; import text output`);
    return { text: bytes.toString('utf8'), from: source.file };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `no such file: ${source.file}` : (error as Error).message);
  }
}

/**
 * Attests a manual check: the auditor's note becomes the check's capture (status manual), with
 * who attested and when, so the report and the version chain carry the attestation.
 */
export async function attestCheck(
  dir: string,
  cellId: string,
  input: { note: string; by: string; now?: () => Date },
): Promise<Omit<RecordedCapture, 'workbook'>> {
  const wb = await loadWorkbook(fs, dir);
  const { cell } = findCell(wb, cellId);
  if (cell.kind !== 'check' || !cell.manual) throw new Error(`"${cellId}" is not a manual check`);
  const note = input.note.trim();
  if (!note) throw new Error('an attestation needs a note saying what was checked and how');
  const now = (input.now ?? (() => new Date()))();
  const { workbook, ...recorded } = await recordCapture(fs, dir, wb, cellId, {
    command: `attested by ${input.by}`,
    output: `${note}\n`,
    startedAt: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    durationMs: 0,
    exitStatus: null,
    format: 'text',
    source: `manual attestation by ${input.by}`,
    checkStatus: 'manual',
  });
  await saveWorkbook(fs, dir, workbook);
  return recorded;
}

/** One line of progress for a cell outcome. */
export function describeOutcome(o: CellOutcome): string {
  if (o.status === 'error') return `${o.cell}: error — ${o.error}`;
  if (o.status === 'skipped') return `${o.cell}: skipped — ${o.reason}`;
  const c = o.recorded.capture;
  if (o.check) {
    const effect = o.check.effect;
    const extra = [
      effect?.proposed ? `proposed gap ${effect.proposed}` : null,
      effect?.verified.length ? `fix verified: ${effect.verified.join(', ')}` : null,
      effect?.regressed.length ? `regressed: ${effect.regressed.join(', ')}` : null,
    ].filter(Boolean);
    return `${o.cell}: check ${o.check.status} — ${o.check.message}${extra.length ? `; ${extra.join('; ')}` : ''}`;
  }
  const facts = [
    `sha256 ${c.hash.slice(0, 12)}`,
    `${c.durationMs} ms`,
    c.tables.length ? `rows: ${c.tables.map((t) => `${t.name} ${t.rows}`).join(', ')}` : null,
    c.readAs?.detected ? `read as ${c.readAs.format} (${c.readAs.detected})` : null,
    c.redactions.length ? `${c.redactions.reduce((n, r) => n + r.count, 0)} value(s) redacted` : null,
  ];
  return `${o.cell}: ${comparisonWord(o.recorded.comparison)} — ${facts.filter(Boolean).join(', ')}`;
}

export function comparisonWord(c: Comparison): string {
  if (c.status === 'first') return 'captured';
  if (c.status === 'reproduced') return 'reproduced';
  const n = c.diffs.reduce((sum, d) => sum + diffSize(d), 0);
  return `drifted (${n} row change(s) in ${c.diffs.map((d) => d.table).join(', ') || 'the raw output'})`;
}
