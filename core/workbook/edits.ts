// Every change the auditor makes by hand, as data: the app's views describe an edit, `applyEdit`
// makes it, `describeEdit` names it in the undo menu, and tests drive the same edits. Runs,
// imports and publishes are not here: they come back from the Node side as a new workbook.
import { addCell } from '../cells';
import { acceptAlarm, nextGapId } from '../query/checks';
import { gapId } from '../ids';
import { checkWeights } from '../scoring';
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
  | { kind: 'add-cell'; pillar: number; cell: Cell }
  /** Removes a cell (its blobs stay: published versions may hold them); refused while a gap or control names it. */
  | { kind: 'delete-cell'; cell: string }
  /** Moves a cell one place up (-1) or down (+1) in its pillar. */
  | { kind: 'move-cell'; cell: string; by: -1 | 1 }
  /** A gap written by hand (not from an alarm): the next free id, Open, in `pillar`. */
  | { kind: 'add-gap'; pillar: number; title: string; severity: Gap['severity'] }
  /** Removes a gap; refused once it has a GitHub issue (close it there) or while a control names it. */
  | { kind: 'delete-gap'; gap: string }
  /** "Create gap from alarm" (see acceptAlarm). */
  | { kind: 'accept-alarm'; cell: string }
  | ({ kind: 'gap'; gap: string; patch: Patch<Omit<Gap, 'id'>> } & Typing)
  | ({ kind: 'state-observed'; pillar: number; text: string } & Typing)
  | ({ kind: 'verdict'; pillar: number; patch: Patch<Verdict> } & Typing)
  | ({ kind: 'parameter'; parameter: Parameter } & Typing)
  | ({ kind: 'weight'; key: keyof Weights; value: number } & Typing)
  | { kind: 'add-session'; session: CommitteeSession }
  | ({ kind: 'session'; session: string; patch: Patch<Omit<CommitteeSession, 'id'>> } & Typing);

function patched<T extends object>(item: T, patch: object): T {
  const next = { ...item, ...patch } as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete next[key];
  return next as T;
}

const mapPillar = (wb: Workbook, number: number, change: (p: Pillar) => Pillar): Workbook => {
  if (!wb.pillars.some((p) => p.number === number)) throw new Error(`no pillar ${number} in this workbook`);
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
      return addCell(
        mapPillar(wb, edit.pillar, (p) => p),
        edit.pillar,
        edit.cell,
      );
    case 'delete-cell':
      return deleteCell(wb, edit.cell);
    case 'move-cell':
      return moveCell(wb, edit.cell, edit.by);
    case 'add-gap':
      return addGap(wb, edit);
    case 'delete-gap':
      return deleteGap(wb, edit.gap);
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
    case 'add-session':
      return { ...wb, committee: [...wb.committee, edit.session] };
    case 'session':
      return {
        ...wb,
        committee: replaceById(wb.committee, edit.session, 'committee session', (s) => patched(s, edit.patch)),
      };
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

function addGap(wb: Workbook, edit: Extract<WorkbookEdit, { kind: 'add-gap' }>): Workbook {
  mapPillar(wb, edit.pillar, (p) => p); // names a pillar that is not there
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
    case 'delete-gap':
      return `delete gap ${edit.gap}`;
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
    case 'add-session':
      return 'record a committee session';
    case 'session':
      return `edit session ${fields(edit.patch)} (${edit.session})`;
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
              : `pillar ${edit.pillar}`;
  return `${edit.kind}:${target}:${edit.typing}`;
}
