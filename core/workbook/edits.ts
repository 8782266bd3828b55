// Every change the auditor makes by hand, as data: the app's views describe an edit, `applyEdit`
// makes it, `describeEdit` names it in the undo menu, and tests drive the same edits. Runs,
// imports and publishes are not here: they come back from the Node side as a new workbook.
import { acceptAlarm, nextGapId } from '../query/checks';
import { gapId } from '../ids';
import { checkWeights } from '../scoring';
import { applyReviewEdit, describeReviewEdit, invertReviewEdit, type ReviewEdit } from './review-edits';
import type { Cell, CommitteeSession, Gap, Parameter, Pillar, Verdict, Weights, Workbook } from './schema';

/** New values of some fields; `undefined` removes an optional field. */
export type Patch<T> = { [K in keyof T]?: T[K] | undefined };
/** A patch of one kind of cell: its own fields, never its identity or its evidence. */
export type CellPatch = Cell extends infer C ? (C extends Cell ? Patch<Omit<C, 'id' | 'kind' | 'captures'>> : never) : never;

/** Set by a text field as it is typed into (its name, e.g. "title" or "waiver.expires"):
 *  consecutive edits typed into the same field are one undo step. A choice or a button sets none. */
interface Typing {
  typing?: string;
}

export type WorkbookEdit =
  | ({ kind: 'cell'; pillar: number; cell: string; patch: CellPatch } & Typing)
  /** Appends a cell, or puts it at `at` (Undo of a delete puts it back where it was). */
  | { kind: 'add-cell'; pillar: number; cell: Cell; at?: number }
  /** Removes a cell (its blobs stay: published versions may hold them); refused while a gap or control names it. */
  | { kind: 'delete-cell'; cell: string }
  /** Moves a cell one place up (-1) or down (+1) in its pillar. */
  | { kind: 'move-cell'; cell: string; by: -1 | 1 }
  /** A gap written by hand (not from an alarm): the next free id, Open, in `pillar`. */
  | { kind: 'add-gap'; pillar: number; title: string; severity: Gap['severity'] }
  /** A copy of a gap right after it, with the next free id (see duplicateGap). */
  | { kind: 'duplicate-gap'; gap: string }
  /** Moves a gap one place up (-1) or down (+1) among the gaps of its pillar, the order the notebook lists them in. */
  | { kind: 'move-gap'; gap: string; by: -1 | 1 }
  /** Removes a gap; refused once it has a GitHub issue (close it there) or while a control names it. */
  | { kind: 'delete-gap'; gap: string }
  /** Puts a whole gap back at `at` (Undo of a delete). */
  | { kind: 'put-gap'; gap: Gap; at: number }
  | { kind: 'delete-session'; session: string }
  /** "Create gap from alarm" (see acceptAlarm). */
  | { kind: 'accept-alarm'; cell: string }
  | ({ kind: 'gap'; gap: string; patch: Patch<Omit<Gap, 'id'>> } & Typing)
  | ({ kind: 'state-observed'; pillar: number; text: string } & Typing)
  | ({ kind: 'verdict'; pillar: number; patch: Patch<Verdict> } & Typing)
  | ({ kind: 'parameter'; parameter: Parameter } & Typing)
  | ({ kind: 'weight'; key: keyof Weights; value: number } & Typing)
  /** What the audit is and who runs it: its title, scope and auditor (the DRI). */
  | ({ kind: 'audit'; patch: Patch<Pick<Workbook, 'title' | 'scope' | 'auditor'>> } & Typing)
  | { kind: 'add-session'; session: CommitteeSession }
  | ({ kind: 'session'; session: string; patch: Patch<Omit<CommitteeSession, 'id'>> } & Typing)
  /** Sign-offs and review notes (see review-edits.ts). */
  | ReviewEdit;

function patched<T extends object>(item: T, patch: object): T {
  const next = { ...item, ...patch } as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete next[key];
  return next as T;
}

const pillarNamed = (wb: Workbook, number: number): Pillar => {
  const pillar = wb.pillars.find((p) => p.number === number);
  if (!pillar) throw new Error(`no pillar ${number} in this workbook`);
  return pillar;
};

const mapPillar = (wb: Workbook, number: number, change: (p: Pillar) => Pillar): Workbook => {
  pillarNamed(wb, number);
  return { ...wb, pillars: wb.pillars.map((p) => (p.number === number ? change(p) : p)) };
};

function replaceById<T extends { id: string }>(items: readonly T[], id: string, what: string, change: (item: T) => T): T[] {
  if (!items.some((i) => i.id === id)) throw new Error(`no ${what} "${id}" in this workbook`);
  return items.map((i) => (i.id === id ? change(i) : i));
}

/** The workbook after `edit`; throws, naming what is wrong, when the target is not there or the value cannot be. */
export function applyEdit(wb: Workbook, edit: WorkbookEdit): Workbook {
  switch (edit.kind) {
    case 'cell':
      return mapPillar(wb, edit.pillar, (p) => ({
        ...p,
        cells: replaceById(p.cells, edit.cell, 'cell', (c) => patched(c, edit.patch)),
      }));
    case 'add-cell':
      if (wb.pillars.some((p) => p.cells.some((c) => c.id === edit.cell.id))) throw new Error(`a cell "${edit.cell.id}" exists already`);
      return mapPillar(wb, edit.pillar, (p) => ({ ...p, cells: p.cells.toSpliced(edit.at ?? p.cells.length, 0, edit.cell) }));
    case 'delete-cell':
      return deleteCell(wb, edit.cell);
    case 'move-cell':
      return moveCell(wb, edit.cell, edit.by);
    case 'add-gap':
      return addGap(wb, edit);
    case 'duplicate-gap':
      return duplicateGap(wb, edit.gap);
    case 'move-gap':
      return moveGap(wb, edit.gap, edit.by);
    case 'delete-gap':
      return deleteGap(wb, edit.gap);
    case 'put-gap':
      if (wb.gaps.some((g) => g.id === edit.gap.id)) throw new Error(`a gap "${edit.gap.id}" exists already`);
      return { ...wb, gaps: wb.gaps.toSpliced(edit.at, 0, edit.gap) };
    case 'delete-session':
      replaceById(wb.committee, edit.session, 'committee session', (s) => s);
      return { ...wb, committee: wb.committee.filter((s) => s.id !== edit.session) };
    case 'accept-alarm':
      return acceptAlarm(wb, edit.cell).workbook;
    case 'gap':
      return { ...wb, gaps: replaceById(wb.gaps, edit.gap, 'gap', (g) => patched(g, edit.patch)) };
    case 'state-observed':
      return mapPillar(wb, edit.pillar, (p) => ({ ...p, stateObserved: edit.text }));
    case 'verdict':
      return mapPillar(wb, edit.pillar, (p) => ({ ...p, verdict: patched(p.verdict, edit.patch) }));
    case 'parameter': {
      const name = edit.parameter.name;
      if (!wb.parameters.some((p) => p.name === name)) throw new Error(`no parameter ${name} in this workbook`);
      return { ...wb, parameters: wb.parameters.map((p) => (p.name === name ? edit.parameter : p)) };
    }
    case 'weight':
      // Refused here, at the field, rather than by every view that computes a composite with it.
      return { ...wb, weights: checkWeights({ ...wb.weights, [edit.key]: edit.value }) };
    case 'audit':
      return patched(wb, edit.patch);
    case 'add-session':
      return { ...wb, committee: [...wb.committee, edit.session] };
    case 'session':
      return {
        ...wb,
        committee: replaceById(wb.committee, edit.session, 'committee session', (s) => patched(s, edit.patch)),
      };
    case 'sign-off':
    case 'withdraw-sign-off':
    case 'add-review-note':
    case 'review-note':
    case 'put-review':
      return applyReviewEdit(wb, edit);
  }
}

const pillarOfCell = (wb: Workbook, cellId: string): Pillar => {
  const pillar = wb.pillars.find((p) => p.cells.some((c) => c.id === cellId));
  if (!pillar) throw new Error(`no cell "${cellId}" in this workbook`);
  return pillar;
};

function deleteCell(wb: Workbook, cellId: string): Workbook {
  const pillar = pillarOfCell(wb, cellId);
  const users = [
    ...wb.gaps.filter((g) => g.closingCheck === cellId || g.evidence.some((e) => e.cell === cellId)).map((g) => `gap ${g.id}`),
    ...wb.controls.filter((c) => c.check === cellId).map((c) => `control "${c.aspect}"`),
  ];
  if (users.length) throw new Error(`cell ${cellId} is the evidence of ${users.join(', ')}; remove it there first`);
  return mapPillar(wb, pillar.number, (p) => ({ ...p, cells: p.cells.filter((c) => c.id !== cellId) }));
}

function moveCell(wb: Workbook, cellId: string, by: -1 | 1): Workbook {
  const pillar = pillarOfCell(wb, cellId);
  const from = pillar.cells.findIndex((c) => c.id === cellId);
  const to = from + by;
  if (to < 0 || to >= pillar.cells.length) throw new Error(`cell ${cellId} is already the ${by < 0 ? 'first' : 'last'} of its pillar`);
  const cells = [...pillar.cells];
  [cells[from], cells[to]] = [cells[to]!, cells[from]!];
  return mapPillar(wb, pillar.number, (p) => ({ ...p, cells }));
}

/** Swaps the gap with its neighbour among its pillar's gaps (the file keeps every pillar's gaps in one list). */
function moveGap(wb: Workbook, id: string, by: -1 | 1): Workbook {
  const gap = wb.gaps.find((g) => g.id === id);
  if (!gap) throw new Error(`no gap "${id}" in this workbook`);
  const places = wb.gaps.flatMap((g, i) => (g.pillar === gap.pillar ? [i] : []));
  const from = places.indexOf(wb.gaps.indexOf(gap));
  const to = places[from + by];
  if (to === undefined) throw new Error(`gap ${id} is already the ${by < 0 ? 'first' : 'last'} of its pillar`);
  const gaps = [...wb.gaps];
  [gaps[places[from]!], gaps[to]] = [gaps[to]!, gaps[places[from]!]!];
  return { ...wb, gaps };
}

function addGap(wb: Workbook, edit: Extract<WorkbookEdit, { kind: 'add-gap' }>): Workbook {
  pillarNamed(wb, edit.pillar);
  const gap: Gap = {
    id: gapId(nextGapId(wb)),
    pillar: edit.pillar,
    title: edit.title,
    description: '',
    severity: edit.severity,
    status: 'Open',
    evidence: [],
    fix: '',
    scores: null,
    effort: null,
    closingCriteria: '',
  };
  return { ...wb, gaps: [...wb.gaps, gap] };
}

/**
 * The same finding elsewhere (another pillar, another team): a copy placed right after the original
 * with the next free id, Open, carrying what describes it (title marked as a copy, severity, scores,
 * evidence, fix) but nothing that belongs to the original's life — its GitHub issue, waiver, verified
 * fix or sign-offs.
 */
function duplicateGap(wb: Workbook, id: string): Workbook {
  const at = wb.gaps.findIndex((g) => g.id === id);
  if (at < 0) throw new Error(`no gap "${id}" in this workbook`);
  const { issue: _issue, waiver: _waiver, fixVerified: _fixVerified, review: _review, ...described } = wb.gaps[at]!;
  const copy: Gap = { ...described, id: gapId(nextGapId(wb)), title: `${described.title} (copy)`, status: 'Open' };
  return { ...wb, gaps: wb.gaps.toSpliced(at + 1, 0, copy) };
}

function deleteGap(wb: Workbook, gapId: string): Workbook {
  const gap = wb.gaps.find((g) => g.id === gapId);
  if (!gap) throw new Error(`no gap "${gapId}" in this workbook`);
  if (gap.issue) throw new Error(`gap ${gapId} has issue #${gap.issue.number} on GitHub; close it (status Closed) instead of deleting it`);
  const controls = wb.controls.filter((c) => c.gaps.includes(gap.id)).map((c) => `"${c.aspect}"`);
  if (controls.length) throw new Error(`gap ${gapId} is named by control ${controls.join(', ')}; remove it there first`);
  return { ...wb, gaps: wb.gaps.filter((g) => g.id !== gapId) };
}

const fields = (patch: object) => Object.keys(patch).join(', ') || 'nothing';

/** What the undo menu says: "Undo edit title (GAP-01)". */
export function describeEdit(edit: WorkbookEdit): string {
  switch (edit.kind) {
    case 'cell':
      return `edit ${fields(edit.patch)} (${edit.cell})`;
    case 'add-cell':
      return `add ${edit.cell.kind} cell`;
    case 'delete-cell':
      return `delete cell ${edit.cell}`;
    case 'move-cell':
      return `move cell ${edit.cell} ${edit.by < 0 ? 'up' : 'down'}`;
    case 'add-gap':
      return `add gap in pillar ${edit.pillar}`;
    case 'duplicate-gap':
      return `duplicate gap ${edit.gap}`;
    case 'move-gap':
      return `move gap ${edit.gap} ${edit.by < 0 ? 'up' : 'down'}`;
    case 'delete-gap':
      return `delete gap ${edit.gap}`;
    case 'put-gap':
      return `restore gap ${edit.gap.id}`;
    case 'delete-session':
      return `delete session ${edit.session}`;
    case 'accept-alarm':
      return `create gap from alarm (${edit.cell})`;
    case 'gap':
      return `edit ${fields(edit.patch)} (${edit.gap})`;
    case 'state-observed':
      return `edit state observed (pillar ${edit.pillar})`;
    case 'verdict':
      return `edit verdict ${fields(edit.patch)} (pillar ${edit.pillar})`;
    case 'parameter':
      return `set ${edit.parameter.name}`;
    case 'weight':
      return `weight ${edit.key}`;
    case 'audit':
      return `edit the audit's ${fields(edit.patch)}`;
    case 'add-session':
      return 'record a committee session';
    case 'session':
      return `edit session ${fields(edit.patch)} (${edit.session})`;
    case 'sign-off':
    case 'withdraw-sign-off':
    case 'add-review-note':
    case 'review-note':
    case 'put-review':
      return describeReviewEdit(edit);
  }
}

/**
 * Edits typed into the same text field of the same target, one after another, share a key, so
 * that undo takes back the whole field edit rather than one keystroke. Choices, buttons and
 * structural edits never coalesce.
 */
export function coalesceKey(edit: WorkbookEdit): string | null {
  if (!('typing' in edit) || !edit.typing) return null;
  const target =
    edit.kind === 'cell'
      ? edit.cell
      : edit.kind === 'gap'
        ? edit.gap
        : edit.kind === 'session'
          ? edit.session
          : edit.kind === 'parameter'
            ? edit.parameter.name
            : edit.kind === 'weight'
              ? edit.key
              : edit.kind === 'audit'
                ? 'workbook'
                : `pillar ${edit.pillar}`;
  return `${edit.kind}:${target}:${edit.typing}`;
}

/** The old values of the fields a patch sets (undefined where the field was absent). */
function before<T extends object>(item: T, patch: object): Patch<T> {
  return Object.fromEntries(Object.keys(patch).map((key) => [key, (item as Record<string, unknown>)[key]])) as Patch<T>;
}

/**
 * The edit that takes `edit` back, computed on the workbook before it. Undo applies it to the
 * workbook as it is then — captures, versions and other changes made since (a run, a publish) stay,
 * so a run no longer has to clear the undo history. Throws as applyEdit would for a missing target.
 */
export function invertEdit(wb: Workbook, edit: WorkbookEdit): WorkbookEdit {
  switch (edit.kind) {
    case 'cell': {
      const cell = pillarOfCell(wb, edit.cell).cells.find((c) => c.id === edit.cell)!;
      return { kind: 'cell', pillar: edit.pillar, cell: edit.cell, patch: before(cell, edit.patch) as CellPatch };
    }
    case 'add-cell':
      return { kind: 'delete-cell', cell: edit.cell.id };
    case 'delete-cell': {
      const pillar = pillarOfCell(wb, edit.cell);
      const at = pillar.cells.findIndex((c) => c.id === edit.cell);
      return { kind: 'add-cell', pillar: pillar.number, cell: pillar.cells[at]!, at };
    }
    case 'move-cell':
      return { kind: 'move-cell', cell: edit.cell, by: edit.by === 1 ? -1 : 1 };
    case 'move-gap':
      return { kind: 'move-gap', gap: edit.gap, by: edit.by === 1 ? -1 : 1 };
    case 'add-gap':
    case 'duplicate-gap':
      return { kind: 'delete-gap', gap: nextGapId(wb) };
    case 'delete-gap': {
      const at = wb.gaps.findIndex((g) => g.id === edit.gap);
      if (at < 0) throw new Error(`no gap "${edit.gap}" in this workbook`);
      return { kind: 'put-gap', gap: wb.gaps[at]!, at };
    }
    case 'put-gap':
      return { kind: 'delete-gap', gap: edit.gap.id };
    case 'accept-alarm': {
      const { gap } = acceptAlarm(wb, edit.cell);
      const existing = wb.gaps.find((g) => g.id === gap);
      return existing ? { kind: 'gap', gap, patch: { status: existing.status } } : { kind: 'delete-gap', gap };
    }
    case 'gap': {
      const gap = wb.gaps.find((g) => g.id === edit.gap);
      if (!gap) throw new Error(`no gap "${edit.gap}" in this workbook`);
      return { kind: 'gap', gap: edit.gap, patch: before(gap, edit.patch) };
    }
    case 'state-observed':
      return { kind: 'state-observed', pillar: edit.pillar, text: pillarNamed(wb, edit.pillar).stateObserved };
    case 'verdict':
      return { kind: 'verdict', pillar: edit.pillar, patch: before(pillarNamed(wb, edit.pillar).verdict, edit.patch) };
    case 'parameter': {
      const old = wb.parameters.find((p) => p.name === edit.parameter.name);
      if (!old) throw new Error(`no parameter ${edit.parameter.name} in this workbook`);
      return { kind: 'parameter', parameter: old };
    }
    case 'weight':
      return { kind: 'weight', key: edit.key, value: wb.weights[edit.key] };
    case 'audit':
      return { kind: 'audit', patch: before(wb, edit.patch) };
    case 'add-session':
      return { kind: 'delete-session', session: edit.session.id };
    case 'delete-session': {
      const at = wb.committee.findIndex((s) => s.id === edit.session);
      if (at < 0) throw new Error(`no committee session "${edit.session}" in this workbook`);
      return { kind: 'add-session', session: wb.committee[at]! };
    }
    case 'session': {
      const session = wb.committee.find((s) => s.id === edit.session);
      if (!session) throw new Error(`no committee session "${edit.session}" in this workbook`);
      return { kind: 'session', session: edit.session, patch: before(session, edit.patch) };
    }
    case 'sign-off':
    case 'withdraw-sign-off':
    case 'add-review-note':
    case 'review-note':
    case 'put-review':
      return invertReviewEdit(wb, edit);
  }
}
