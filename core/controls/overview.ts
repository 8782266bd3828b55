// The controls overview: every check of the workbook with its state, by pillar, with totals per
// state — what Powerpipe's benchmark dashboard shows for a benchmark's controls (summary counts
// OK / Alarm / Error / Skip / Info, then each control; https://powerpipe.io/docs/run/benchmark/benchmark-dashboard,
// and steampipe's check summary table in turbot/steampipe tests/acceptance/test_data/templates/expected_check_markdown.md).
// Here "info" is a manual check, attested by the auditor rather than evaluated.
import { pillarsInAuditOrder } from '../scoring';
import { CHECK_STATUSES, type Cell, type Workbook } from '../workbook/schema';
import { cellReads, tableProducers, type TableRead } from './reads';

/** A check's state: its last outcome; a check never run is skipped (its evidence is not evaluated). */
export type ControlState = (typeof CHECK_STATUSES)[number];
export const CONTROL_STATES: readonly ControlState[] = CHECK_STATUSES;

export type StateCounts = Record<ControlState, number>;

/** One check as the overview shows it. */
export interface CheckControl {
  cell: string;
  title: string;
  pillar: number;
  state: ControlState;
  /** Why it is in that state: violating rows, the error, what is missing, "not run yet". */
  reason: string;
  /** When its last outcome was recorded (ISO 8601), null when never run. */
  lastRun: string | null;
  /** The evidence tables it reads and the cells that capture them. */
  reads: TableRead[];
  /** Evidence it reads was captured after its last run: its state may be out of date. */
  stale: boolean;
  /** Gaps tied to it (its proposal or closing check) that are not closed. */
  gaps: string[];
}

export interface PillarControls {
  number: number;
  name: string;
  checks: CheckControl[];
  totals: StateCounts;
}

export interface ControlsOverview {
  pillars: PillarControls[];
  totals: StateCounts;
  /** Number of checks in the workbook. */
  count: number;
}

export const emptyCounts = (): StateCounts => ({ ok: 0, alarm: 0, error: 0, skip: 0, manual: 0 });

type CheckCell = Extract<Cell, { kind: 'check' }>;

/** A check's state from its last capture, or a failure recorded after it. */
function stateOf(cell: CheckCell): { state: ControlState; reason: string; lastRun: string | null } {
  const last = cell.captures.at(-1);
  const failure = cell.failure;
  if (failure && (!last || failure.at >= last.startedAt)) return { state: 'error', reason: failure.error, lastRun: failure.at };
  if (cell.manual && (!last || !last.checkStatus)) return { state: 'manual', reason: 'not attested yet', lastRun: null };
  if (!last || !last.checkStatus) return { state: 'skip', reason: 'not run yet', lastRun: null };
  const rows = last.tables[0]?.rows ?? 0;
  const reason =
    last.checkStatus === 'alarm'
      ? `${rows} violating row${rows === 1 ? '' : 's'}`
      : last.checkStatus === 'ok'
        ? 'no violation'
        : last.checkStatus === 'manual'
          ? 'attested by the auditor'
          : (last.error ?? last.checkStatus);
  return { state: last.checkStatus, reason, lastRun: last.startedAt };
}

/** Every check of the workbook, by pillar in audit order, with its state and the totals. */
export function controlsOverview(wb: Workbook): ControlsOverview {
  const producers = tableProducers(wb);
  const cells = new Map(wb.pillars.flatMap((p) => p.cells).map((c) => [c.id as string, c]));
  const capturedAt = (id: string) => cells.get(id)?.captures.at(-1)?.startedAt ?? null;
  const totals = emptyCounts();
  const pillars = pillarsInAuditOrder(wb).map((p) => {
    const counts = emptyCounts();
    const checks = p.cells
      .filter((c): c is CheckCell => c.kind === 'check')
      .map((cell): CheckControl => {
        const { state, reason, lastRun } = stateOf(cell);
        const reads = cellReads(cell, producers);
        const newer = (id: string) => {
          const at = capturedAt(id);
          return lastRun !== null && at !== null && at > lastRun;
        };
        counts[state]++;
        totals[state]++;
        return {
          cell: cell.id,
          title: cell.title,
          pillar: p.number,
          state,
          reason,
          lastRun,
          reads,
          stale: reads.some((r) => r.cells.some(newer)),
          gaps: wb.gaps
            .filter((g) => g.status !== 'Closed' && (g.closingCheck === cell.id || g.evidence.some((e) => e.cell === cell.id)))
            .map((g) => g.id),
        };
      });
    return { number: p.number, name: p.name, checks, totals: counts };
  });
  return { pillars, totals, count: pillars.reduce((n, p) => n + p.checks.length, 0) };
}
