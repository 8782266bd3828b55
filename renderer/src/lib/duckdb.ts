// The QueryEngine port on DuckDB-wasm in a Web Worker: the renderer's own copy of the evidence
// tables, for exploring them and for SQL completion, without a round trip. Loaded on first use
// (its wasm is large), never on the path to the first screen. Extension autoload is off: nothing
// is ever fetched from the network.
import * as duckdb from '@duckdb/duckdb-wasm';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { tableFromIPC } from 'apache-arrow';
import { tableFromArrowTable } from '../../../core/evidence/table';
import { quoteIdent, type QueryEngine } from '../../../core/query/engine';

/**
 * A copy for the worker: DuckDB-wasm transfers the buffer it is given, which empties it here — and
 * the page keeps its blobs cached by hash (lib/evidence.ts) to load them again after an edit.
 */
const transferable = (ipc: Uint8Array): Uint8Array => ipc.slice();

export async function openWorkerDuckDb(): Promise<QueryEngine> {
  const worker = new Worker(workerUrl);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(wasmUrl);
  const conn = await db.connect();
  await conn.query('SET autoinstall_known_extensions = false');
  await conn.query('SET autoload_known_extensions = false');
  const drop = async (name: string) => {
    const found = (
      await conn.query(`SELECT table_type FROM information_schema.tables WHERE table_name = '${name.replace(/'/g, "''")}'`)
    ).toArray();
    for (const row of found)
      await conn.query(
        `DROP ${String((row as { table_type: string }).table_type) === 'VIEW' ? 'VIEW' : 'TABLE'} IF EXISTS ${quoteIdent(name)}`,
      );
  };
  return {
    async loadArrow(name, ipc) {
      await drop(name);
      if (tableFromIPC(ipc).numCols === 0) await conn.query(`CREATE TABLE ${quoteIdent(name)} ("_empty" BOOLEAN)`);
      else await conn.insertArrowFromIPCStream(transferable(ipc), { name, create: true });
    },
    async appendArrow(name, ipc) {
      await conn.insertArrowFromIPCStream(transferable(ipc), { name, create: false });
    },
    async query(sql) {
      return tableFromArrowTable('result', (await conn.query(sql)) as never);
    },
    async exec(sql) {
      await conn.query(sql);
    },
    async createView(name, sql) {
      await drop(name);
      await conn.query(`CREATE VIEW ${quoteIdent(name)} AS ${sql}`);
    },
    async close() {
      await conn.close();
      await db.terminate();
    },
  };
}
