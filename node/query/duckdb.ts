// The QueryEngine port on DuckDB-wasm in Node (its blocking build, in-process). Extension autoload
// and autoinstall are off: the npm build ships without json and parquet, and fetching them would
// hang offline. Evidence arrives as Arrow IPC, never through read_json.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DuckDBBundles } from '@duckdb/duckdb-wasm/blocking';
import { tableFromIPC } from 'apache-arrow';
import { tableFromArrowTable } from '../../core/evidence/table';
import { quoteIdent, type QueryEngine } from '../../core/query/engine';

const require = createRequire(import.meta.url);

function bundles(): DuckDBBundles {
  const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
  return {
    mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: join(dist, 'duckdb-node-mvp.worker.cjs') },
    eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: join(dist, 'duckdb-node-eh.worker.cjs') },
  };
}

// wasm32 addresses 4 GiB; a reservation leaves room for everything else.
const MAX_RESERVE = 2 ** 31;

/** A fresh in-memory DuckDB. */
export async function openDuckDb(): Promise<QueryEngine> {
  // Loaded here, not at the top: a command that queries nothing starts without DuckDB.
  const duckdb = await import('@duckdb/duckdb-wasm/blocking');
  const db = await duckdb.createDuckDB(bundles(), new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate(() => undefined);
  const conn = db.connect();
  conn.query('SET autoinstall_known_extensions = false');
  conn.query('SET autoload_known_extensions = false');
  /** Drops a table or view of that name, whichever it is (DuckDB's DROP names the type). */
  const drop = (name: string) => {
    const found = conn.query(`SELECT table_type FROM information_schema.tables WHERE table_name = '${name.replace(/'/g, "''")}'`).toArray();
    for (const row of found) {
      const type = String((row as { table_type: string }).table_type);
      conn.query(`DROP ${type === 'VIEW' ? 'VIEW' : 'TABLE'} IF EXISTS ${quoteIdent(name)}`);
    }
  };
  return {
    async loadArrow(name, ipc) {
      drop(name);
      // DuckDB refuses a table without columns (the capture of an empty JSON array, say).
      if (tableFromIPC(ipc).numCols === 0) conn.query(`CREATE TABLE ${quoteIdent(name)} ("_empty" BOOLEAN)`);
      else conn.insertArrowFromIPCStream(ipc, { name, create: true });
    },
    async appendArrow(name, ipc) {
      conn.insertArrowFromIPCStream(ipc, { name, create: false });
    },
    async query(sql) {
      return tableFromArrowTable('result', conn.query(sql) as never);
    },
    async exec(sql) {
      conn.query(sql);
    },
    async createView(name, sql) {
      drop(name);
      conn.query(`CREATE VIEW ${quoteIdent(name)} AS ${sql}`);
    },
    async reserve(bytes) {
      // The wasm heap grows by a fifth at a time and V8 collects garbage after each growth: a bulk
      // load of hundreds of MB grows it once instead. Pages never written cost no memory.
      const size = Math.min(Math.max(0, Math.round(bytes)), MAX_RESERVE);
      const at = size > 0 ? db.mod._malloc(size) : 0;
      if (at) db.mod._free(at);
    },
    async close() {
      conn.close();
      db.reset();
    },
  };
}
