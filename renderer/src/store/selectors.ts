// What views read from the store, named once: a view subscribes to what it shows and nothing more.
import { pillarsInAuditOrder } from '../../../core/scoring';
import type { Store } from './index';

export const selectWorkbook = (s: Store) => s.workbook;
export const selectDir = (s: Store) => s.dir;
export const selectEdit = (s: Store) => s.edit;
/** The label of the edit Undo would take back, or null when there is none. */
export const selectUndoLabel = (s: Store) => s.past.at(-1)?.label ?? null;
export const selectRedoLabel = (s: Store) => s.future[0]?.label ?? null;
export const selectRunning = (cell: string) => (s: Store) => s.running[cell];
/** The pillar on screen, or the first in audit order. */
export const selectPillar = (s: Store) => {
  if (!s.workbook) return undefined;
  return s.workbook.pillars.find((p) => p.number === s.pillar) ?? pillarsInAuditOrder(s.workbook)[0];
};
