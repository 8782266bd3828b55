// Cells running now, so their buttons show progress and Cancel.
import type { Slice } from './slice';

export interface RunsSlice {
  running: Record<string, { runId: string; startedAt: number }>;
  start(cell: string): string;
  finish(cell: string): void;
}

export const runsSlice: Slice<RunsSlice> = (set) => ({
  running: {},
  start: (cell) => {
    const runId = crypto.randomUUID();
    set((s) => ({ running: { ...s.running, [cell]: { runId, startedAt: performance.now() } } }));
    return runId;
  },
  finish: (cell) =>
    set((s) => {
      const { [cell]: _done, ...rest } = s.running;
      return { running: rest };
    }),
});
