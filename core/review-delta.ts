// What changed in the review between two states of a workbook: sign-offs given, withdrawn,
// invalidated by an edit or given again, and review notes added, removed, resolved or reopened.
import { gapReviewState, pillarReviewState, SIGN_OFF_ROLES, type ReviewState, type SignOffRole } from './review';
import { compareGapIds } from './scoring';
import type { ReviewNote, SignOff, Workbook } from './workbook/schema';

export interface SignOffChange {
  /** `GAP-03` or `Pillar 5`. */
  item: string;
  title: string;
  role: SignOffRole;
  /** invalidated: the same sign-off, but the item was edited after it. */
  change: 'added' | 'removed' | 'invalidated' | 're-signed';
  before?: SignOff;
  after?: SignOff;
  /** The sign-off in the later state no longer matches the item. */
  isEditedAfter: boolean;
}

export interface ReviewNoteChange {
  item: string;
  title: string;
  note: ReviewNote;
  change: 'added' | 'removed' | 'resolved' | 'reopened';
}

export interface ReviewDelta {
  signOffs: SignOffChange[];
  notes: ReviewNoteChange[];
}

interface Item {
  item: string;
  title: string;
  state: ReviewState;
  notes: ReviewNote[];
}

function items(wb: Workbook): Map<string, Item> {
  const out = new Map<string, Item>();
  for (const p of [...wb.pillars].sort((x, y) => x.number - y.number)) {
    out.set(`Pillar ${p.number}`, { item: `Pillar ${p.number}`, title: p.name, state: pillarReviewState(p), notes: p.review?.notes ?? [] });
  }
  for (const g of [...wb.gaps].sort((x, y) => compareGapIds(x.id, y.id))) {
    out.set(g.id, { item: g.id, title: g.title, state: gapReviewState(g), notes: g.review?.notes ?? [] });
  }
  return out;
}

const sameSignOff = (x: SignOff, y: SignOff) => x.by === y.by && x.at === y.at && x.content === y.content;

function signOffChange(a: Item | undefined, b: Item, role: SignOffRole): SignOffChange | null {
  const before = a?.state[role] ?? null;
  const after = b.state[role];
  const base = { item: b.item, title: b.title, role, isEditedAfter: after?.isEditedAfter ?? false };
  if (!before && !after) return null;
  if (!before) return { ...base, change: 'added', after: after!.signOff };
  if (!after) return { ...base, change: 'removed', before: before.signOff };
  if (!sameSignOff(before.signOff, after.signOff)) return { ...base, change: 're-signed', before: before.signOff, after: after.signOff };
  if (!before.isEditedAfter && after.isEditedAfter) return { ...base, change: 'invalidated', before: before.signOff, after: after.signOff };
  return null;
}

function noteChanges(a: Item | undefined, b: Item): ReviewNoteChange[] {
  const before = new Map((a?.notes ?? []).map((n) => [n.id, n]));
  const after = new Set(b.notes.map((n) => n.id));
  const base = { item: b.item, title: b.title };
  const out: ReviewNoteChange[] = [];
  for (const note of b.notes) {
    const old = before.get(note.id);
    if (!old) out.push({ ...base, note, change: 'added' });
    else if (old.state !== note.state) out.push({ ...base, note, change: note.state === 'resolved' ? 'resolved' : 'reopened' });
  }
  for (const note of a?.notes ?? []) if (!after.has(note.id)) out.push({ ...base, note, change: 'removed' });
  return out;
}

/** Review changes from `a` to `b`, for the pillars and gaps `b` has (a removed item is reported as such elsewhere). */
export function reviewDelta(a: Workbook, b: Workbook): ReviewDelta {
  const before = items(a);
  const signOffs: SignOffChange[] = [];
  const notes: ReviewNoteChange[] = [];
  for (const [key, item] of items(b)) {
    const old = before.get(key);
    for (const role of SIGN_OFF_ROLES) {
      const change = signOffChange(old, item, role);
      if (change) signOffs.push(change);
    }
    notes.push(...noteChanges(old, item));
  }
  return { signOffs, notes };
}
