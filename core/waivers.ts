// Accepted risks are waivers with an expiry date. Once it passes, the gap is Open again and says
// why, so that an accepted risk never silently outlives its approval.
import type { GapId } from './ids';
import type { Gap, Workbook } from './workbook/schema';

/** A waiver that lapsed on `today`, and the note written on the reopened gap. */
export interface LapsedWaiver {
  gap: GapId;
  expires: string;
  note: string;
}

export const isWaiverExpired = (gap: Gap, today: string): boolean =>
  gap.status === 'Accepted risk' && gap.waiver !== undefined && gap.waiver.expires < today;

/**
 * Reopens every Accepted-risk gap whose waiver expired before `today` (YYYY-MM-DD). The waiver
 * stays on the gap as a record; `statusNote` says what happened.
 */
export function expireWaivers(wb: Workbook, today: string): { workbook: Workbook; lapsed: LapsedWaiver[] } {
  const lapsed: LapsedWaiver[] = [];
  const gaps = wb.gaps.map((gap) => {
    if (!isWaiverExpired(gap, today) || !gap.waiver) return gap;
    const note = `Waiver expired on ${gap.waiver.expires} (approved by ${gap.waiver.approver}); the gap is Open again.`;
    lapsed.push({ gap: gap.id, expires: gap.waiver.expires, note });
    return { ...gap, status: 'Open' as const, statusNote: note };
  });
  return { workbook: lapsed.length ? { ...wb, gaps } : wb, lapsed };
}
