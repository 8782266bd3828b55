// The one store of the window, built from its slices: the workbook (with undo and autosave), what
// the screen shows, the open dialog, the cells running and a bulk run. Views read it through selectors.
import { create } from 'zustand';
import { batchSlice, type BatchSlice } from './batch';
import { dialogSlice, type DialogSlice, type DialogSpec } from './dialog';
import { runsSlice, type RunsSlice } from './runs';
import { uiSlice, type UiSlice } from './ui';
import { onEditRefused, workbookSlice, type WorkbookSlice } from './workbook';

export type Store = WorkbookSlice & UiSlice & DialogSlice & RunsSlice & BatchSlice;

export const useStore = create<Store>()((set, get) => ({
  ...workbookSlice(set, get),
  ...uiSlice(set, get),
  ...dialogSlice(set, get),
  ...runsSlice(set, get),
  ...batchSlice(set, get),
}));

onEditRefused((message) => useStore.getState().notify('error', message));

/** A dialog awaited like a function: the button chosen (null when dismissed) and the text typed. */
export const ask = (spec: DialogSpec) => useStore.getState().ask(spec);
/** A notice in the corner: info fades, an error stays until dismissed. */
export const notify = (kind: 'info' | 'error', text: string) => useStore.getState().notify(kind, text);
