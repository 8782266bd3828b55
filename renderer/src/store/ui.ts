// What the screen shows: the view, the pillar, the gap being edited, rows to highlight, notices.
import type { Slice } from './slice';

export type View = 'notebook' | 'backlog' | 'matrix' | 'verdicts' | 'parameters' | 'report' | 'delta' | 'controls';

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

export interface UiSlice {
  view: View;
  pillar: number | null;
  gap: string | null;
  /** Evidence rows to highlight, from a gap's evidence link: "3", "1–4", "2,5". */
  highlight: { cell: string; rows: string } | null;
  notices: Notice[];
  /** The New audit dialog is open. */
  creating: boolean;
  /** Parameters opens with the readiness check run (after New audit, before the first run). */
  readinessOnOpen: boolean;
  show(view: View): void;
  openPillar(pillar: number): void;
  editGap(id: string | null): void;
  jumpToEvidence(pillar: number, cell: string, rows: string): void;
  notify(kind: Notice['kind'], text: string): void;
  dismiss(id: number): void;
  setCreating(open: boolean): void;
  showReadiness(): void;
}

let nextNotice = 1;

export const uiSlice: Slice<UiSlice> = (set) => ({
  view: 'notebook',
  pillar: null,
  gap: null,
  highlight: null,
  notices: [],
  creating: false,
  readinessOnOpen: false,
  show: (view) => set({ view }),
  openPillar: (pillar) => set({ pillar, view: 'notebook' }),
  editGap: (gap) => set({ gap }),
  jumpToEvidence: (pillar, cell, rows) => set({ pillar, view: 'notebook', highlight: { cell, rows } }),
  notify: (kind, text) => {
    const notice = { id: nextNotice++, kind, text };
    set((s) => ({ notices: [...s.notices.slice(-3), notice] }));
    if (kind === 'info') setTimeout(() => set((s) => ({ notices: s.notices.filter((n) => n.id !== notice.id) })), 5000);
  },
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  setCreating: (creating) => set({ creating }),
  showReadiness: () => set({ view: 'parameters', readinessOnOpen: true }),
});
