// Check cells: SQL whose rows are violations. ok (no row), alarm (rows: a gap is proposed with
// them as evidence), error (the SQL failed), skip (the evidence it needs is not captured yet),
// manual (attested by the auditor). A gap whose closing check turns ok is marked fix-verified.
import type { EvidenceTable } from '../evidence/table';
import type { Capture, Cell, Gap, Workbook } from '../workbook/schema';
import type { QueryEngine } from './engine';
import type { CaptureHash } from '../ids';

type CheckCell = Extract<Cell, { kind: 'check' }>;
export type CheckStatus = NonNullable<Capture['checkStatus']>;

export interface CheckResult {
  status: CheckStatus;
  rows: EvidenceTable | null;
  message: string;
}

/** The first line of an engine error, without DuckDB's JSON wrapping. */
export function engineMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  try {
    const parsed = JSON.parse(raw) as { exception_type?: string; exception_message?: string };
    if (parsed.exception_message) return `${parsed.exception_type ?? 'Error'} Error: ${parsed.exception_message}`.split('\n')[0]!;
  } catch {
    /* plain message */
  }
  return raw.split('\n')[0]!;
}

export async function evaluateCheck(engine: QueryEngine, cell: CheckCell): Promise<CheckResult> {
  if (cell.manual) return { status: 'manual', rows: null, message: 'manual check: attested by the auditor' };
  try {
    const rows = await engine.query(cell.sql);
    return rows.rows.length === 0
      ? { status: 'ok', rows, message: 'no violation' }
      : { status: 'alarm', rows, message: `${rows.rows.length} violating row(s)` };
  } catch (error) {
    const message = engineMessage(error);
    const missing = /Table with name (\S+) does not exist/.exec(message);
    if (missing) return { status: 'skip', rows: null, message: `needs table ${missing[1]}: capture the cell that produces it first` };
    return { status: 'error', rows: null, message };
  }
}

/** The next free gap id, with the prefix most gaps of the workbook use (`ML-07` after `ML-06`). */
export function nextGapId(wb: Workbook): string {
  const counts = new Map<string, number>();
  for (const g of wb.gaps) {
    const prefix = g.id.split('-')[0]!;
    counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
  }
  const prefix = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'GAP';
  const used = wb.gaps.filter((g) => g.id.startsWith(`${prefix}-`)).map((g) => Number.parseInt(g.id.split('-')[1]!, 10));
  const n = Math.max(0, ...used) + 1;
  return `${prefix}-${String(n).padStart(2, '0')}`;
}

/** What applying a check outcome did to the gaps. */
export interface CheckEffect {
  proposed?: string;
  verified: string[];
  regressed: string[];
}

/**
 * Applies a recorded check capture to the gaps: an alarm proposes a gap (once: a gap already tied to
 * this check is not proposed again), an ok marks the gaps it closes as fix-verified, and an alarm
 * after a verification withdraws it.
 */
export function applyCheck(wb: Workbook, cellId: string, capture: Capture, rowCount: number): { workbook: Workbook; effect: CheckEffect } {
  const pillar = wb.pillars.find((p) => p.cells.some((c) => c.id === cellId));
  const cell = pillar?.cells.find((c) => c.id === cellId);
  if (!pillar || !cell || cell.kind !== 'check') throw new Error(`"${cellId}" is not a check cell of this workbook`);
  const effect: CheckEffect = { verified: [], regressed: [] };
  const tied = (g: Gap) => g.closingCheck === cellId || g.evidence.some((e) => e.cell === cellId);
  let gaps = wb.gaps;
  if (capture.checkStatus === 'ok') {
    gaps = gaps.map((g) => {
      if (g.closingCheck !== cellId || g.status === 'Proposed') return g;
      effect.verified.push(g.id);
      return { ...g, fixVerified: { capture: capture.hash, at: capture.startedAt } };
    });
  } else if (capture.checkStatus === 'alarm') {
    gaps = gaps.map((g) => {
      if (g.closingCheck !== cellId || !g.fixVerified) return g;
      effect.regressed.push(g.id);
      const { fixVerified: _dropped, ...rest } = g;
      return rest as Gap;
    });
    if (!gaps.some((g) => tied(g) && g.status !== 'Closed')) {
      const proposed = gapFromAlarm(wb, pillar.number, cell, capture.hash, rowCount);
      effect.proposed = proposed.id;
      gaps = [...gaps, proposed];
    }
  }
  // Controls tied to this check follow its outcome.
  const status = capture.checkStatus === 'ok' ? ('pass' as const) : capture.checkStatus === 'alarm' ? ('fail' as const) : null;
  const tiedGaps = gaps.filter((g) => tied(g) && g.status !== 'Closed').map((g) => g.id);
  const controls = status
    ? wb.controls.map((c) => (c.check === cellId ? { ...c, status, gaps: status === 'fail' ? tiedGaps : [] } : c))
    : wb.controls;
  return { workbook: { ...wb, gaps, controls }, effect };
}

/** A Proposed gap for a check's alarm, with the violating rows as its evidence. */
function gapFromAlarm(wb: Workbook, pillar: number, cell: CheckCell, capture: CaptureHash, rowCount: number): Gap {
  return {
    id: nextGapId(wb),
    pillar,
    title: cell.proposes?.title ?? cell.title,
    description: '',
    severity: cell.proposes?.severity ?? 'Major',
    status: 'Proposed',
    evidence: [{ cell: cell.id, capture, rows: rowCount === 1 ? '1' : `1–${rowCount}`, note: `${rowCount} violating row(s)` }],
    fix: '',
    scores: null,
    effort: null,
    closingCriteria: `Check ${cell.id} returns no row.`,
    closingCheck: cell.id,
  } as unknown as Gap;
}

/**
 * "Create gap from alarm": the gap the check's last alarm proposed, accepted (status Open), or a new
 * one when none is pending. Returns the gap's id.
 */
export function acceptAlarm(wb: Workbook, cellId: string): { workbook: Workbook; gap: string } {
  const pillar = wb.pillars.find((p) => p.cells.some((c) => c.id === cellId));
  const cell = pillar?.cells.find((c) => c.id === cellId);
  const capture = cell?.captures.at(-1);
  if (!pillar || !cell || cell.kind !== 'check') throw new Error(`"${cellId}" is not a check cell of this workbook`);
  if (!capture || capture.checkStatus !== 'alarm') throw new Error(`check ${cellId} has no alarm to turn into a gap; run it first`);
  const pending = wb.gaps.find((g) => g.status === 'Proposed' && (g.closingCheck === cellId || g.evidence.some((e) => e.cell === cellId)));
  if (pending) return { workbook: { ...wb, gaps: wb.gaps.map((g) => (g === pending ? { ...g, status: 'Open' } : g)) }, gap: pending.id };
  const rows = capture.tables[0]?.rows ?? 0;
  const gap = { ...gapFromAlarm(wb, pillar.number, cell, capture.hash, rows), status: 'Open' } as Gap;
  return { workbook: { ...wb, gaps: [...wb.gaps, gap] }, gap: gap.id };
}
