// The local query engine as a port: DuckDB-wasm in Node for the CLI and main process, in a Web
// Worker in the renderer. Evidence goes in as Arrow IPC; results come out as EvidenceTables.
import type { EvidenceTable } from '../evidence/table';

export interface QueryEngine {
  /** Creates (or replaces) a table from Arrow IPC stream bytes. */
  loadArrow(name: string, ipc: Uint8Array): Promise<void>;
  /** Appends Arrow IPC rows to an existing table with the same columns. */
  appendArrow(name: string, ipc: Uint8Array): Promise<void>;
  /** Runs SQL that returns rows. Throws with DuckDB's message on error. */
  query(sql: string): Promise<EvidenceTable>;
  /** Runs SQL for its effect. */
  exec(sql: string): Promise<void>;
  /** Creates (or replaces) a view, whatever object had the name before. */
  createView(name: string, sql: string): Promise<void>;
  /** A hint before a bulk load of about `bytes`: an engine whose memory grows in steps may grow it now. */
  reserve?(bytes: number): Promise<void>;
  close(): Promise<void>;
}

/** Quotes an identifier for SQL. */
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
