// Where the committee review stands: one revision cycle is allowed (REVISE re-runs the disputed
// pillars' evidence); a second REJECT escalates the scope instead of starting another iteration.
import type { CommitteeSession, Workbook } from './workbook/schema';

export type CommitteeState =
  | { kind: 'not-reviewed' }
  | { kind: 'pending'; session: CommitteeSession }
  | { kind: 'proceed'; session: CommitteeSession }
  | { kind: 'revise'; session: CommitteeSession; disputedPillars: number[] }
  | { kind: 'rejected'; session: CommitteeSession }
  | { kind: 'escalated'; rejections: CommitteeSession[] };

export function committeeState(wb: Workbook): CommitteeState {
  const sessions = [...wb.committee].sort((a, b) => a.date.localeCompare(b.date) || a.version - b.version);
  const rejections = sessions.filter((s) => s.verdict === 'REJECT');
  if (rejections.length >= 2) return { kind: 'escalated', rejections };
  const last = sessions.at(-1);
  if (!last) return { kind: 'not-reviewed' };
  if (last.verdict === null) return { kind: 'pending', session: last };
  if (last.verdict === 'PROCEED') return { kind: 'proceed', session: last };
  if (last.verdict === 'REVISE') return { kind: 'revise', session: last, disputedPillars: last.disputedPillars };
  return { kind: 'rejected', session: last };
}
