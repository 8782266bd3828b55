// Cells running now, so their buttons show progress and Cancel.
import { create } from 'zustand';

interface RunsState {
  running: Record<string, { runId: string; startedAt: number }>;
  start(cell: string): string;
  finish(cell: string): void;
}

export const useRuns = create<RunsState>((set) => ({
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
}));
