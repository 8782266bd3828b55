// The review in the report: who prepared and reviewed each pillar and gap and when, open review
// notes, and "edited after review". Printed only for a workbook whose review has begun, so reports
// of workbooks without sign-offs keep their bytes.
import { formatReviewTime, gapReviewState, pillarReviewState, type ReviewState, type SignOffState } from '../review';
import { compareGapIds, pillarsInAuditOrder } from '../scoring';
import type { Gap, Pillar, Workbook } from '../workbook/schema';
import { escapeCell, escapeLine, table } from './markdown';

const EDITED = '⚠️ edited after review';

const signed = (verb: string, s: SignOffState | null, none: string) =>
  s ? `${verb} by **${escapeLine(s.signOff.by)}** on ${formatReviewTime(s.signOff.at)}${s.isEditedAfter ? ' (since edited)' : ''}` : none;

function notesText(state: ReviewState): string | null {
  if (!state.openNotes && !state.resolvedNotes) return null;
  const open = `${state.openNotes} open review note${state.openNotes === 1 ? '' : 's'}`;
  return state.resolvedNotes ? `${open} (${state.resolvedNotes} resolved)` : open;
}

/** `prepared by **A** on … · reviewed by **B** on … · 1 open review note · **⚠️ edited after review**`. */
export function reviewLine(state: ReviewState): string {
  return [
    signed('prepared', state.preparer, 'no preparer sign-off'),
    signed('reviewed', state.reviewer, 'not reviewed'),
    notesText(state),
    state.isEditedAfterReview ? `**${EDITED}**` : null,
  ]
    .filter((p) => p !== null)
    .join(' · ');
}

/** The lines closing a pillar's section: its own review, then its gaps' reviews; null when none has begun. */
export function pillarReviewText(p: Pillar, gaps: Gap[]): string | null {
  const out: string[] = [];
  if (p.review) out.push(`**Review**: ${reviewLine(pillarReviewState(p))}`);
  const reviewed = gaps.filter((g) => g.review);
  if (reviewed.length) out.push(`**Gap review**:\n\n${reviewed.map((g) => `- **${g.id}**: ${reviewLine(gapReviewState(g))}`).join('\n')}`);
  return out.length ? out.join('\n\n') : null;
}

const hasReview = (wb: Workbook) => wb.pillars.some((p) => p.review) || wb.gaps.some((g) => g.review);

function stateText(state: ReviewState): string {
  if (state.isEditedAfterReview) return EDITED;
  if (state.reviewer) return '✅ reviewed';
  if (state.preparer) return 'prepared, awaiting review';
  return '⬜ not signed off';
}

const who = (s: SignOffState | null) => (s ? `${escapeCell(s.signOff.by)}, ${formatReviewTime(s.signOff.at)}` : '—');

/** Every pillar and gap with its sign-offs, open notes and state; null until the review has begun. */
export function reviewSection(wb: Workbook): string | null {
  if (!hasReview(wb)) return null;
  const items = [
    ...pillarsInAuditOrder(wb).map((p) => ({ item: `Pillar ${p.number} — ${p.name}`, state: pillarReviewState(p) })),
    ...[...wb.gaps].sort((a, b) => compareGapIds(a.id, b.id)).map((g) => ({ item: `${g.id} — ${g.title}`, state: gapReviewState(g) })),
  ];
  const count = (list: typeof items, test: (s: ReviewState) => boolean) => list.filter((i) => test(i.state)).length;
  const pillars = items.slice(0, wb.pillars.length);
  const gaps = items.slice(wb.pillars.length);
  const reviewedNow = (s: ReviewState) => s.reviewer !== null && !s.isEditedAfterReview;
  const open = items.reduce((n, i) => n + i.state.openNotes, 0);
  const edited = count(items, (s) => s.isEditedAfterReview);
  const summary = `${count(pillars, reviewedNow)} of ${pillars.length} pillars and ${count(gaps, reviewedNow)} of ${gaps.length} gaps reviewed and unchanged since; ${edited} edited after review; ${open} open review note${open === 1 ? '' : 's'}.`;
  return `## Review and sign-off\n\n${summary}\n\n${table(
    ['Item', 'Prepared', 'Reviewed', 'Open notes', 'State'],
    items.map((i) => [escapeCell(i.item), who(i.state.preparer), who(i.state.reviewer), String(i.state.openNotes), stateText(i.state)]),
    ['l', 'l', 'l', 'r', 'l'],
  )}`;
}
