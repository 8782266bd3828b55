// Risk-adjusted scoring and the views derived from it: backlog, top risks, quick wins, fail-fast.
import type { Effort, Gap, GapStatus, Pillar, RiskLevel, RiskScores, Severity, Weights, Workbook } from './workbook/schema';

export const LEVEL_VALUE: Readonly<Record<RiskLevel, number>> = { Low: 1, Med: 2, High: 3 };
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { Critical: 0, Major: 1, Minor: 2 };
export const EFFORT_RANK: Readonly<Record<Effort, number>> = { XS: 0, S: 1, M: 2, L: 3 };

/** Statuses of a gap that still carries risk to be worked on. */
export const ACTIVE_STATUSES: readonly GapStatus[] = ['Open', 'In progress'];
export const isActive = (gap: Gap): boolean => ACTIVE_STATUSES.includes(gap.status);

/** The three risk scores and how the UI and the report name them. */
export const RISK_DIMENSIONS = [
  ['pnl', 'P&L impact'],
  ['ops', 'Operational stability'],
  ['compliance', 'Compliance exposure'],
] as const;

export const DEFAULT_WEIGHTS: Weights = { pnl: 1, ops: 1, compliance: 1 };

/** Rejects weights a composite cannot be computed with. Returns them unchanged when valid. */
export function checkWeights(w: Weights): Weights {
  for (const [name, value] of Object.entries(w)) {
    if (!Number.isFinite(value) || value < 0) throw new Error(`weight ${name} must be a number ≥ 0, got ${value}`);
  }
  if (w.pnl + w.ops + w.compliance <= 0) throw new Error('at least one weight must be above zero');
  return w;
}

/** Weighted average of the three scores on the 1–3 scale, or null when the gap is not scored. */
export function compositeScore(scores: RiskScores | null, weights: Weights): number | null {
  if (!scores) return null;
  const w = checkWeights(weights);
  const total = w.pnl + w.ops + w.compliance;
  return (LEVEL_VALUE[scores.pnl] * w.pnl + LEVEL_VALUE[scores.ops] * w.ops + LEVEL_VALUE[scores.compliance] * w.compliance) / total;
}

/** The composite as printed: two decimals, or an em dash when unscored. */
export const formatComposite = (value: number | null): string => (value === null ? '—' : value.toFixed(2));

/** Orders gap ids naturally (ML-2 before ML-10). */
export const compareGapIds = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

/** Composite desc (unscored last), then severity, then effort (smaller first, unknown last), then id. */
export function compareByRisk(weights: Weights): (a: Gap, b: Gap) => number {
  return (a, b) => {
    const ca = compositeScore(a.scores, weights);
    const cb = compositeScore(b.scores, weights);
    if (ca !== cb) {
      if (ca === null) return 1;
      if (cb === null) return -1;
      if (ca !== cb) return cb - ca;
    }
    const s = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
    if (s !== 0) return s;
    const ea = a.effort === null ? 99 : EFFORT_RANK[a.effort];
    const eb = b.effort === null ? 99 : EFFORT_RANK[b.effort];
    if (ea !== eb) return ea - eb;
    return compareGapIds(a.id, b.id);
  };
}

/** Active gaps (Open, In progress) ordered by risk: what to fix next. */
export function backlog(wb: Workbook): Gap[] {
  return wb.gaps.filter(isActive).sort(compareByRisk(wb.weights));
}

/** The three highest-risk active gaps that have been scored. */
export function topRisks(wb: Workbook, count = 3): Gap[] {
  return backlog(wb)
    .filter((g) => g.scores !== null)
    .slice(0, count);
}

/** Active gaps fixable in under a day (effort XS or S) whose three scores are all Low. */
export function quickWins(wb: Workbook): Gap[] {
  return backlog(wb).filter(
    (g) =>
      (g.effort === 'XS' || g.effort === 'S') &&
      g.scores !== null &&
      g.scores.pnl === 'Low' &&
      g.scores.ops === 'Low' &&
      g.scores.compliance === 'Low',
  );
}

/** The audit pauses when a fail-fast pillar holds an active Critical gap. */
export interface FailFastState {
  paused: boolean;
  gaps: { gap: Gap; pillar: Pillar }[];
}

export function failFastState(wb: Workbook): FailFastState {
  const gaps: FailFastState['gaps'] = [];
  for (const gap of wb.gaps) {
    const pillar = wb.pillars.find((p) => p.number === gap.pillar);
    if (pillar?.failFast && gap.severity === 'Critical' && isActive(gap)) gaps.push({ gap, pillar });
  }
  gaps.sort((a, b) => a.pillar.order - b.pillar.order || compareGapIds(a.gap.id, b.gap.id));
  return { paused: gaps.length > 0, gaps };
}

/** A gap that still carries risk, worked on or not (the report's pillar table counts these). */
export const isNotClosed = (gap: Gap): boolean => gap.status !== 'Closed';

/** Gaps of one pillar counted by severity: those not closed, or those `counted` says (isActive: the backlog's). */
export function severityCounts(wb: Workbook, pillarNumber: number, counted: (gap: Gap) => boolean = isNotClosed): Record<Severity, number> {
  const counts: Record<Severity, number> = { Critical: 0, Major: 0, Minor: 0 };
  for (const gap of wb.gaps) if (gap.pillar === pillarNumber && counted(gap)) counts[gap.severity]++;
  return counts;
}

/** Pillars in audit order. */
export const pillarsInAuditOrder = (wb: Workbook): Pillar[] => [...wb.pillars].sort((a, b) => a.order - b.order);
