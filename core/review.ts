// Review and sign-off of gaps and pillars: what each sign-off covers and whether the item was
// edited after it.
//
// A sign-off stores the sha256 of the content it signed, not a flag set by later edits: "edited
// after review" is then derived by comparing that hash with the item as it is now, so it can never
// go stale (an edit made by any path — a view, a merge, a hand-edited file — counts), and an Undo
// back to the signed content clears it again without the undo history having to know about reviews.
import { canonicalJson, sha256Hex } from './hash';
import type { CaptureHash } from './ids';
import { GapSchema, PillarSchema, type Gap, type Pillar, type Review, type SignOff, type Workbook } from './workbook/schema';

export const SIGN_OFF_ROLES = ['preparer', 'reviewer'] as const;
/** Who signs: the preparer who did the work, then the reviewer who checked it. */
export type SignOffRole = (typeof SIGN_OFF_ROLES)[number];

/** The item a review belongs to: a gap by id or a pillar by number. */
export type ReviewTarget = { gap: string } | { pillar: number };

const cache = new WeakMap<object, CaptureHash>();

/**
 * The hash a gap's sign-off covers: everything about the finding, but not its review (signing must
 * not invalidate itself) nor its GitHub issue link (bookkeeping a push adds, not a change of the finding).
 */
export function gapContentHash(gap: Gap): CaptureHash {
  let hash = cache.get(gap);
  if (hash === undefined) {
    // Hashed as it would be saved (the schema trims names), so that a reload does not look like an edit.
    const content = { ...gap, review: undefined, issue: undefined };
    const parsed = GapSchema.safeParse(content);
    hash = sha256Hex(canonicalJson(parsed.success ? parsed.data : content));
    cache.set(gap, hash);
  }
  return hash;
}

/**
 * The hash a pillar's sign-off covers: its fields, verdict and cell definitions, and of the evidence
 * only each cell's latest capture hash — a re-run that reproduces keeps the sign-off, a drift breaks
 * it. Its gaps are left out: each gap has its own sign-off, so editing one flags that gap only.
 */
export function pillarContentHash(pillar: Pillar): CaptureHash {
  let hash = cache.get(pillar);
  if (hash === undefined) {
    const cells = pillar.cells.map((c) => ({ ...c, captures: [], failure: undefined }));
    const parsed = PillarSchema.safeParse({ ...pillar, review: undefined, cells });
    const evidence = pillar.cells.map((c) => [c.id, c.captures.at(-1)?.hash ?? null]);
    hash = sha256Hex(canonicalJson({ pillar: parsed.success ? parsed.data : { ...pillar, cells }, evidence }));
    cache.set(pillar, hash);
  }
  return hash;
}

/** The gap or pillar a target names, its review and the hash of its content now; throws when it is not there. */
export function reviewed(wb: Workbook, target: ReviewTarget): { label: string; review: Review | undefined; content: CaptureHash } {
  if ('gap' in target) {
    const gap = wb.gaps.find((g) => g.id === target.gap);
    if (!gap) throw new Error(`no gap "${target.gap}" in this workbook`);
    return { label: gap.id, review: gap.review, content: gapContentHash(gap) };
  }
  const pillar = wb.pillars.find((p) => p.number === target.pillar);
  if (!pillar) throw new Error(`no pillar ${target.pillar} in this workbook`);
  return { label: `pillar ${pillar.number}`, review: pillar.review, content: pillarContentHash(pillar) };
}

/** A sign-off and whether the item changed since it was given. */
export interface SignOffState {
  signOff: SignOff;
  isEditedAfter: boolean;
}

/** What the views, the report and the delta show of one item's review. */
export interface ReviewState {
  preparer: SignOffState | null;
  reviewer: SignOffState | null;
  openNotes: number;
  resolvedNotes: number;
  /** Some sign-off no longer matches the content: the item was edited after it was signed off. */
  isEditedAfterReview: boolean;
}

export function reviewState(review: Review | undefined, content: string): ReviewState {
  const state = (s: SignOff | undefined): SignOffState | null => (s ? { signOff: s, isEditedAfter: s.content !== content } : null);
  const preparer = state(review?.preparer);
  const reviewer = state(review?.reviewer);
  const notes = review?.notes ?? [];
  return {
    preparer,
    reviewer,
    openNotes: notes.filter((n) => n.state === 'open').length,
    resolvedNotes: notes.filter((n) => n.state === 'resolved').length,
    isEditedAfterReview: !!(preparer?.isEditedAfter || reviewer?.isEditedAfter),
  };
}

export const gapReviewState = (gap: Gap): ReviewState => reviewState(gap.review, gapContentHash(gap));
export const pillarReviewState = (pillar: Pillar): ReviewState => reviewState(pillar.review, pillarContentHash(pillar));

/** `2026-12-07 08:50 UTC`: a sign-off's time as the views and the report print it. */
export function formatReviewTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The app's clock as a sign-off records it: ISO 8601 in UTC, to the second. */
export const reviewTimestamp = (now: Date): string => now.toISOString().replace(/\.\d{3}Z$/, 'Z');
