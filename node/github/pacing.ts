// How far apart GitHub writes are spaced: the CLI's help quotes it without loading the client.

/** Minimum time between two writes, and between two creations (GitHub advises ≥ 1 s; the plugin uses 3 s for notifying writes). */
export interface Pacing {
  writeMs: number;
  createMs: number;
}
export const DEFAULT_PACING: Pacing = { writeMs: 1000, createMs: 3000 };
