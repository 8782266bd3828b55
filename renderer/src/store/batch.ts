// A bulk run of the controls overview (a pillar's cells, or all of them): where it is, what each
// cell gave, and whether Cancel was asked. Cells running now are in runs.ts as for a single run.
import type { PlannedCell } from '../../../core/controls/run-plan';
import type { Slice } from './slice';

/** What one cell of a bulk run gave. */
export interface BatchResult {
  cell: string;
  status: 'captured' | 'error' | 'skipped' | 'cancelled';
  message: string;
}

export interface BatchRun {
  /** "pillar 6" or "all pillars". */
  label: string;
  cells: PlannedCell[];
  /** The cell running now (its position in `cells`), null once finished. */
  current: number | null;
  results: BatchResult[];
  cancelling: boolean;
}

export interface BatchSlice {
  batch: BatchRun | null;
  setBatch(update: (batch: BatchRun | null) => BatchRun | null): void;
}

export const batchSlice: Slice<BatchSlice> = (set, get) => ({
  batch: null,
  setBatch: (update) => set({ batch: update(get().batch) }),
});
