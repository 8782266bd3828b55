// The open workbook: the state on screen, undo/redo history, autosave and the recovery journal.
// Every edit is one of core's WorkbookEdits through `edit`, so it is undoable (typing on in one
// field, nothing else between, is one step), journaled at once (a crash loses nothing) and saved
// shortly after — or held with a clear message when it is not yet a valid workbook.
import { applyEdit, coalesceKey, describeEdit, invertEdit, type WorkbookEdit } from '../../../core/workbook/edits';
import { mergeWorkbooks, type Conflict } from '../../../core/merge';
import type { Workbook } from '../../../core/workbook/schema';
import { workbookRevision } from '../../../core/workbook/store';
import { ApiError, call } from '../api';
import type { Slice } from './slice';

const HISTORY_LIMIT = 200;
const AUTOSAVE_MS = 800;

export type SaveState =
  /** `redacted`: secrets typed into cells or parameters were replaced on save (where, for the auditor to move them). */
  | { kind: 'saved'; redacted?: string }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'invalid'; message: string }
  /** workbook.json changed elsewhere since `base`: nothing was written; the auditor chooses. */
  | { kind: 'conflict'; message: string };

export interface WorkbookSlice {
  dir: string | null;
  workbook: Workbook | null;
  trusted: boolean;
  /** Unsaved edits from a previous session waiting for Restore or Discard. */
  recovery: { savedAt: string } | null;
  past: Step[];
  future: Step[];
  save: SaveState;
  /** The revision of workbook.json the edits on screen were made on (see core's workbookRevision). */
  base: string | null;
  /** workbook.json as this window last loaded or saved it: the common ancestor of a three-way merge. */
  savedWorkbook: Workbook | null;
  load(dir: string): Promise<void>;
  /** Applies an edit (see core/workbook/edits.ts). */
  edit(edit: WorkbookEdit): void;
  undo(): void;
  redo(): void;
  saveNow(): Promise<boolean>;
  /** After a conflict: writes the edits on screen over the change made elsewhere. */
  overwrite(): Promise<boolean>;
  /**
   * After a conflict: merges the edits on screen with workbook.json as it is now (core/merge.ts) and
   * saves. Fields both sides changed differently are returned, nothing merged, unless `resolve` says
   * which side they take.
   */
  merge(resolve?: 'mine' | 'theirs'): Promise<Conflict[]>;
  /** workbook.json changed on disk, not by this window: shown at once when nothing is unsaved, else a conflict. */
  changedOnDisk(): Promise<void>;
  /** Takes a workbook the server changed (a run, a publish) as the new saved state. */
  replace(workbook: Workbook): void;
  /**
   * Before a request that changes the workbook on the Node side and takes a while (a run, an import):
   * the function it returns takes the server's workbook and replays onto it the edits made meanwhile.
   */
  serverChange(): (workbook: Workbook) => void;
  setTrusted(trusted: boolean): void;
  restoreRecovery(): Promise<void>;
  discardRecovery(): Promise<void>;
}

/**
 * One undo step: an edit and the edit that takes it back (so a run or an import made since stays),
 * or — for restoring a journal — the workbooks before and after.
 */
export type Step = { label: string } & ({ edit: WorkbookEdit; inverse: WorkbookEdit } | { before: Workbook; after: Workbook });

const undone = (step: Step, wb: Workbook): Workbook => ('edit' in step ? applyEdit(wb, step.inverse) : step.before);

/** The state of workbook.json a load or a save leaves this window on. */
const savedAs = (wb: Workbook) => ({ base: workbookRevision(wb), savedWorkbook: wb });

let autosave: ReturnType<typeof setTimeout> | undefined;
/** Told when an edit is refused (a weight below zero …): the store shows it as a notice. */
let refused: (message: string) => void = () => undefined;
export const onEditRefused = (listener: (message: string) => void) => void (refused = listener);

/** The field the last edit typed into: typing on in it is the same undo step. */
let lastEdit: string | null = null;

export const workbookSlice: Slice<WorkbookSlice> = (set, get) => {
  const schedule = () => {
    const { dir, workbook } = get();
    if (!dir || !workbook) return;
    void call('recovery:put', { dir, workbook }).catch(() => undefined);
    // After a conflict, edits go on into the journal until the auditor chooses; no save is tried.
    if (get().save.kind === 'conflict') return;
    set({ save: { kind: 'pending' } });
    clearTimeout(autosave);
    autosave = setTimeout(() => void get().saveNow(), AUTOSAVE_MS);
  };
  const change = (workbook: Workbook, past: Step[], future: Step[]) => {
    lastEdit = null;
    set({ workbook, past, future });
    schedule();
  };
  /** Applies `edit` to the workbook on screen and returns its undo step; a refusal is shown and gives null. */
  const step = (workbook: Workbook, edit: WorkbookEdit, verb = 'Not changed'): { next: Workbook; step: Step } | null => {
    try {
      const inverse = invertEdit(workbook, edit);
      return { next: applyEdit(workbook, edit), step: { label: describeEdit(edit), edit, inverse } };
    } catch (error) {
      // The field keeps its last valid value; nothing else changes.
      refused(`${verb}: ${(error as Error).message}.`);
      return null;
    }
  };
  /** Saves the workbook on screen; over a change made elsewhere only when `overwrite`. */
  const write = async (overwrite: boolean) => {
    clearTimeout(autosave);
    const { dir, workbook, base } = get();
    if (!dir || !workbook || !base) return false;
    set({ save: { kind: 'saving' } });
    try {
      const saved = await call('workbook:save', { dir, workbook, base, overwrite });
      const redacted = saved.redactions.length ? [...new Set(saved.redactions.map((r) => r.where))].join(', ') : undefined;
      // The screen keeps what was typed (the file trims a text's ends: a space typed before a pause
      // must stay, or the next word lands against the last); a secret replaced on save is shown.
      if (get().workbook !== workbook)
        schedule(); // edits made while saving stay pending
      else set({ ...(redacted ? { workbook: saved.workbook } : {}), save: { kind: 'saved', ...(redacted ? { redacted } : {}) } });
      set(savedAs(saved.workbook));
      return true;
    } catch (error) {
      const message = (error as Error).message;
      set({ save: error instanceof ApiError && error.kind === 'conflict' ? { kind: 'conflict', message } : { kind: 'invalid', message } });
      return false;
    }
  };
  return {
    dir: null,
    workbook: null,
    trusted: false,
    recovery: null,
    past: [],
    future: [],
    save: { kind: 'saved' },
    base: null,
    savedWorkbook: null,
    async load(dir) {
      clearTimeout(autosave);
      lastEdit = null;
      const opened = await call('workbook:open', { dir });
      set({
        dir,
        workbook: opened.workbook,
        trusted: opened.trusted,
        recovery: opened.recovery,
        past: [],
        future: [],
        save: { kind: 'saved' },
        ...savedAs(opened.workbook),
      });
    },
    edit(edit) {
      const { workbook, past, future } = get();
      if (!workbook) return;
      const done = step(workbook, edit);
      if (!done) return;
      const key = coalesceKey(edit);
      // Typing on in the same field, nothing else between: one step, undone to the value before the first keystroke.
      const last = past.at(-1);
      const continues = key !== null && key === lastEdit && future.length === 0 && last !== undefined && 'edit' in last;
      change(done.next, continues ? [...past.slice(0, -1), { ...last, edit }] : [...past, done.step].slice(-HISTORY_LIMIT), []);
      lastEdit = key;
    },
    undo() {
      const { workbook, past, future } = get();
      const last = past.at(-1);
      if (!workbook || !last) return;
      let next: Workbook;
      try {
        next = undone(last, workbook);
      } catch (error) {
        // What it would take back is gone (another window, a command): the step is dropped, said so.
        refused(`Cannot undo ${last.label}: ${(error as Error).message}.`);
        return set({ past: past.slice(0, -1) });
      }
      change(next, past.slice(0, -1), [last, ...future]);
    },
    redo() {
      const { workbook, past, future } = get();
      const next = future[0];
      if (!workbook || !next) return;
      if (!('edit' in next)) return change(next.after, [...past, next], future.slice(1));
      const done = step(workbook, next.edit, `Cannot redo ${next.label}`);
      if (!done) return set({ future: future.slice(1) });
      change(done.next, [...past, done.step], future.slice(1));
    },
    async saveNow() {
      const { save } = get();
      return save.kind === 'saved' || save.kind === 'conflict' ? save.kind === 'saved' : write(false);
    },
    overwrite: () => write(true),
    async merge(resolve) {
      const { dir, workbook, savedWorkbook } = get();
      if (!dir || !workbook || !savedWorkbook) return [];
      const theirs = (await call('workbook:open', { dir })).workbook;
      // Which side a field changed differently on both sides keeps: the first argument's.
      const { merged, conflicts } =
        resolve === 'theirs' ? mergeWorkbooks(savedWorkbook, theirs, workbook) : mergeWorkbooks(savedWorkbook, workbook, theirs);
      if (conflicts.length && !resolve) return conflicts;
      // The undo steps stay: their inverses apply to the merged workbook, or are dropped with a word when they cannot.
      set({ workbook: merged, ...savedAs(theirs), save: { kind: 'pending' } });
      lastEdit = null;
      await write(false);
      return [];
    },
    async changedOnDisk() {
      const { dir, save } = get();
      if (!dir || save.kind === 'conflict') return;
      if (save.kind === 'saved') return get().replace((await call('workbook:open', { dir })).workbook);
      set({
        save: {
          kind: 'conflict',
          message: `${dir}/workbook.json changed on disk since this window loaded it (another window, a git pull, an editor); nothing was written`,
        },
      });
    },
    replace(workbook) {
      get().serverChange()(workbook);
    },
    serverChange() {
      const started = get().past;
      return (server) => {
        // The server's change (a capture, a new version) is not undoable, and the edits before it stay
        // undoable: their inverses apply to the new state. A restored journal's snapshot would not.
        lastEdit = null;
        const { past, future } = get();
        const edits = (steps: Step[]) => steps.filter((s) => 'edit' in s);
        const saved = { save: { kind: 'saved' } as SaveState, ...savedAs(server) };
        let kept = 0;
        while (kept < started.length && kept < past.length && started[kept] === past[kept]) kept++;
        if (kept === started.length && kept === past.length)
          return set({ workbook: server, past: edits(past), future: edits(future), ...saved });
        // Edits made while the request ran: undone ones taken back, new ones made again, on the server's workbook.
        let mine = server;
        try {
          for (let j = started.length - 1; j >= kept; j--) mine = undone(started[j]!, mine);
          for (const step of past.slice(kept)) mine = 'edit' in step ? applyEdit(mine, step.edit) : step.after;
        } catch (error) {
          refused(`The edits made while it ran could not be kept: ${(error as Error).message}. They are in the recovery journal.`);
          return set({ workbook: server, past: [], future: [], ...saved });
        }
        set({ workbook: mine, past: edits(past), future: edits(future), ...savedAs(server) });
        schedule();
      };
    },
    setTrusted(trusted) {
      set({ trusted });
    },
    async restoreRecovery() {
      const { dir, workbook, past } = get();
      if (!dir || !workbook) return;
      const taken = await call('recovery:take', { dir });
      set({ recovery: null });
      if (taken.workbook)
        change(
          taken.workbook as Workbook,
          [...past, { label: 'restore unsaved changes', before: workbook, after: taken.workbook as Workbook }],
          [],
        );
    },
    async discardRecovery() {
      const { dir } = get();
      if (!dir) return;
      await call('recovery:discard', { dir });
      set({ recovery: null });
    },
  };
};
