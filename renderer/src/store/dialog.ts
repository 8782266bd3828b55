// One modal at a time, awaited like a function: `await ask({...})` resolves with the button chosen
// (or null when dismissed) and the text typed, if the dialog had a field.
import type { ReactNode } from 'react';
import type { Slice } from './slice';

export interface DialogSpec {
  title: string;
  body?: ReactNode;
  /** Buttons, the first is the default (Enter); Escape dismisses. */
  actions: { id: string; label: string; tone?: 'primary' | 'danger' }[];
  /** `secret`: typed hidden, never kept in the browser's form history; `multiline`: a text area (Enter is a newline). */
  field?: { label: string; value: string; placeholder?: string; secret?: boolean; multiline?: boolean };
  /**
   * Does the work of an action other than `cancel` while the dialog stays open: a message it
   * returns (a refusal, a failure) is shown at the field and the dialog stays for a correction.
   */
  submit?: (answer: DialogAnswer) => Promise<string | null>;
}

export interface DialogAnswer {
  action: string;
  value: string;
}

export interface DialogSlice {
  dialog: (DialogSpec & { id: number; resolve: (a: DialogAnswer | null) => void }) | null;
  ask(spec: DialogSpec): Promise<DialogAnswer | null>;
  close(answer: DialogAnswer | null): void;
}

let nextId = 1;

export const dialogSlice: Slice<DialogSlice> = (set, get) => ({
  dialog: null,
  ask: (spec) =>
    new Promise((resolve) => {
      get().dialog?.resolve(null);
      set({ dialog: { ...spec, id: nextId++, resolve } });
    }),
  close: (answer) => {
    get().dialog?.resolve(answer);
    set({ dialog: null });
  },
});
