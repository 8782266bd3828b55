// Sign-offs and review notes as workbook edits (see edits.ts): each is undone by putting the item's
// review back as it was, so Undo of a sign-off, a note or a resolve is the same one step.
import { reviewed, type ReviewTarget, type SignOffRole } from '../review';
import type { Review, ReviewNote, SignOff, Workbook } from './schema';

export type ReviewEdit =
  /** Signs the item as it is now (the sign-off keeps the hash of its content); signing again replaces it. */
  | { kind: 'sign-off'; target: ReviewTarget; role: SignOffRole; by: string; at: string }
  | { kind: 'withdraw-sign-off'; target: ReviewTarget; role: SignOffRole }
  | { kind: 'add-review-note'; target: ReviewTarget; text: string; author: string; at: string }
  /** Resolves or reopens a note. */
  | { kind: 'review-note'; target: ReviewTarget; note: string; state: ReviewNote['state'] }
  /** Puts an item's review back whole (the inverse of the others); undefined removes it. */
  | { kind: 'put-review'; target: ReviewTarget; review: Review | undefined };

/** In the schema's key order; an empty review is no review, so undoing the first sign-off restores the file's bytes. */
function makeReview(preparer: SignOff | undefined, reviewer: SignOff | undefined, notes: ReviewNote[]): Review | undefined {
  if (!preparer && !reviewer && notes.length === 0) return undefined;
  return { ...(preparer ? { preparer } : {}), ...(reviewer ? { reviewer } : {}), notes };
}

function required(value: string, what: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new Error(`${what} must not be empty`);
  return trimmed;
}

function timestamp(at: string): string {
  if (Number.isNaN(Date.parse(at))) throw new Error(`"${at}" is not a timestamp`);
  return at;
}

const nextNoteId = (notes: readonly ReviewNote[]) => `RN-${Math.max(0, ...notes.map((n) => Number(n.id.slice(3)))) + 1}`;

function putReview(wb: Workbook, target: ReviewTarget, review: Review | undefined): Workbook {
  if ('gap' in target) {
    return {
      ...wb,
      gaps: wb.gaps.map((g) => {
        if (g.id !== target.gap) return g;
        const { review: _old, ...rest } = g;
        return review ? { ...rest, review } : rest;
      }),
    };
  }
  return {
    ...wb,
    pillars: wb.pillars.map((p) => {
      if (p.number !== target.pillar) return p;
      // Before the cells, as the schema writes it.
      const { review: _old, cells, ...rest } = p;
      return review ? { ...rest, review, cells } : { ...rest, cells };
    }),
  };
}

export function applyReviewEdit(wb: Workbook, edit: ReviewEdit): Workbook {
  const { label, review, content } = reviewed(wb, edit.target);
  const preparer = review?.preparer;
  const reviewer = review?.reviewer;
  const notes = review?.notes ?? [];
  switch (edit.kind) {
    case 'sign-off': {
      const signOff: SignOff = { by: required(edit.by, `the ${edit.role}'s name`), at: timestamp(edit.at), content };
      return putReview(
        wb,
        edit.target,
        makeReview(edit.role === 'preparer' ? signOff : preparer, edit.role === 'reviewer' ? signOff : reviewer, notes),
      );
    }
    case 'withdraw-sign-off':
      if (!review?.[edit.role]) throw new Error(`${label} has no ${edit.role} sign-off`);
      return putReview(
        wb,
        edit.target,
        makeReview(edit.role === 'preparer' ? undefined : preparer, edit.role === 'reviewer' ? undefined : reviewer, notes),
      );
    case 'add-review-note': {
      const note: ReviewNote = {
        id: nextNoteId(notes),
        text: required(edit.text, 'a review note'),
        author: required(edit.author, "the note's author"),
        at: timestamp(edit.at),
        state: 'open',
      };
      return putReview(wb, edit.target, makeReview(preparer, reviewer, [...notes, note]));
    }
    case 'review-note':
      if (!notes.some((n) => n.id === edit.note)) throw new Error(`no review note ${edit.note} on ${label}`);
      return putReview(
        wb,
        edit.target,
        makeReview(
          preparer,
          reviewer,
          notes.map((n) => (n.id === edit.note ? { ...n, state: edit.state } : n)),
        ),
      );
    case 'put-review':
      return putReview(wb, edit.target, edit.review);
  }
}

/** The edit that takes `edit` back: the review as it was. */
export function invertReviewEdit(wb: Workbook, edit: ReviewEdit): ReviewEdit {
  return { kind: 'put-review', target: edit.target, review: reviewed(wb, edit.target).review };
}

const targetLabel = (t: ReviewTarget) => ('gap' in t ? t.gap : `pillar ${t.pillar}`);

/** What the undo menu says. */
export function describeReviewEdit(edit: ReviewEdit): string {
  const on = targetLabel(edit.target);
  switch (edit.kind) {
    case 'sign-off':
      return `sign off ${on} as ${edit.role}`;
    case 'withdraw-sign-off':
      return `withdraw the ${edit.role} sign-off (${on})`;
    case 'add-review-note':
      return `add a review note (${on})`;
    case 'review-note':
      return `${edit.state === 'resolved' ? 'resolve' : 'reopen'} review note ${edit.note} (${on})`;
    case 'put-review':
      return `restore the review (${on})`;
  }
}
