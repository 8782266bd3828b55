// A slice of the one store: its state and the functions that change it, written against its own
// part only. Work that spans slices (open a workbook, then show its first pillar) is in actions.ts.
export type SetSlice<T> = (partial: Partial<T> | ((state: T) => Partial<T>)) => void;
export type Slice<T> = (set: SetSlice<T>, get: () => T) => T;
