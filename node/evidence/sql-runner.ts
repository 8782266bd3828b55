// sql cells: PostgreSQL through `pg`, SQLite files (MLflow's mlflow.db) through sql.js (SQLite
// compiled to wasm: no native build, read-only on a copy of the file's bytes, in a worker thread so
// that a runaway query can be stopped), and the local DuckDB over the evidence. Rows are captured as
// JSON and become a typed table.
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { engineMessage } from '../../core/query/checks';
import type { Cell } from '../../core/workbook/schema';
import { pgConnectionString, sqlEngineOf, uriScheme } from '../../core/evidence/sql-engine';
import { isoNow, recordedCommand, resolveDir, resolveForRun, type RunContext, type RunnerResult } from './context';

type SqlCell = Extract<Cell, { kind: 'sql' }>;

/** Rows as captured: an array of records with columns in result order. */
interface Rows {
  columns: string[];
  rows: Record<string, unknown>[];
  server?: string;
}

const PG_INT8 = 20;
const PG_NUMERIC = 1700;

/** int8 and numeric arrive as text from pg; numbers when they fit a double exactly, else text. */
function pgValue(value: unknown, typeId: number): unknown {
  if (typeof value === 'string' && (typeId === PG_INT8 || typeId === PG_NUMERIC)) {
    const n = Number(value);
    return Number.isFinite(n) && (!Number.isInteger(n) || Number.isSafeInteger(n)) ? n : value;
  }
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  return value;
}

function describePgError(error: unknown, ctx: RunContext, timeoutMs: number): string {
  const e = error as { code?: string; message?: string };
  if (e.code === 'ECONNREFUSED')
    return `connection refused by the PostgreSQL server (${e.message?.replace(/^connect ECONNREFUSED /, '') ?? ''})`;
  if (e.code === 'ENOTFOUND') return `cannot resolve the PostgreSQL host (DNS)`;
  if (e.code === '57014') return `query cancelled after ${timeoutMs / 1000} s (statement timeout)`;
  if (e.code === '28P01' || e.code === '28000') return `PostgreSQL refused the credentials: ${e.message}`;
  void ctx;
  return `PostgreSQL: ${e.message ?? String(error)}`;
}

async function queryPostgres(connection: string, sql: string, ctx: RunContext): Promise<Rows> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    connectionString: connection,
    connectionTimeoutMillis: ctx.limits.timeoutMs,
    statement_timeout: ctx.limits.timeoutMs,
    query_timeout: ctx.limits.timeoutMs + 1000,
    application_name: 'audit-workbench',
  });
  try {
    await client.connect();
    // Evidence is read-only: the session cannot write even if the SQL tries to.
    await client.query('SET default_transaction_read_only = on');
    const server = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version;
    const result = await client.query({ text: sql, rowMode: 'array' });
    const fields = result.fields ?? [];
    return {
      ...(server ? { server: `PostgreSQL ${server}` } : {}),
      columns: fields.map((f) => f.name),
      rows: (result.rows as unknown[][]).map((r) => Object.fromEntries(fields.map((f, i) => [f.name, pgValue(r[i], f.dataTypeID)]))),
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs SQL on SQLite bytes in a worker, terminated at the timeout. */
function querySqlite(bytes: Uint8Array, sql: string, timeoutMs: number): Promise<Rows> {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    require(workerData.sqljs)().then((SQL) => {
      const db = new SQL.Database(workerData.bytes);
      try {
        const results = db.exec(workerData.sql);
        const last = results[results.length - 1] ?? { columns: [], values: [] };
        parentPort.postMessage({ ok: true, columns: last.columns, values: last.values });
      } catch (error) {
        parentPort.postMessage({ ok: false, error: String(error && error.message || error) });
      } finally {
        db.close();
      }
    }, (error) => parentPort.postMessage({ ok: false, error: String(error) }));
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData: { bytes, sql, sqljs: require.resolve('sql.js') } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`query cancelled after ${timeoutMs / 1000} s (timeout)`));
    }, timeoutMs);
    worker.once('message', (m: { ok: boolean; columns?: string[]; values?: unknown[][]; error?: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (!m.ok) return reject(new Error(`SQLite: ${m.error}`));
      const columns = m.columns ?? [];
      resolve({
        columns,
        rows: (m.values ?? []).map((r) =>
          Object.fromEntries(
            columns.map((c, i) => [c, r[i] instanceof Uint8Array ? `\\x${Buffer.from(r[i] as Uint8Array).toString('hex')}` : r[i]]),
          ),
        ),
      });
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

// Static import, not a top-level await: the Electron bundle (CommonJS) cannot hold one.
const require = createRequire(import.meta.url);

/** A SQLite connection: `sqlite:///path/to/mlflow.db` (MLflow's form), `sqlite:relative.db`, or a path. */
export function sqlitePath(connection: string): string {
  const m = /^sqlite:(?:\/\/\/?)?(.*)$/.exec(connection);
  const path = m ? (connection.startsWith('sqlite:////') ? `/${m[1]!.replace(/^\/+/, '')}` : m[1]!) : connection;
  if (!path) throw new Error('the SQLite connection names no file (expected sqlite:///path/to/mlflow.db)');
  return path;
}

export async function runSql(cell: SqlCell, ctx: RunContext, duckdb?: (sql: string) => Promise<Rows>): Promise<RunnerResult> {
  const startedAt = isoNow(ctx);
  const started = performance.now();
  const sql = resolveForRun(cell.query, ctx);
  const connection = resolveForRun(cell.connection, ctx);
  const chosen = sqlEngineOf(cell.engine, connection);
  if ('error' in chosen) return { ok: false, error: chosen.error };
  const { engine } = chosen;
  // Said with every failure of an `auto` cell, so that a wrong guess is visible.
  const how = cell.engine === 'auto' ? ` (engine ${engine}, from the URI scheme ${uriScheme(connection) ?? 'of a file path'})` : '';
  let rows: Rows;
  let toolVersion: string;
  try {
    if (engine === 'postgres') {
      if (!connection) return { ok: false, error: 'the sql cell names no PostgreSQL connection (set BACKEND_STORE_URI)' };
      rows = await queryPostgres(pgConnectionString(connection), sql, ctx);
      toolVersion = [rows.server, `node-postgres ${(require('pg/package.json') as { version: string }).version}`]
        .filter(Boolean)
        .join(', ');
    } else if (engine === 'sqlite') {
      const path = resolveDir(sqlitePath(connection), ctx);
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch {
        return { ok: false, error: `no SQLite file at ${path}${how}` };
      }
      if (bytes.length > ctx.limits.maxOutputBytes)
        return { ok: false, error: `${path} is larger than the ${Math.round(ctx.limits.maxOutputBytes / 2 ** 20)} MB cap` };
      if (bytes.length > 0 && !bytes.subarray(0, 16).toString('latin1').startsWith('SQLite format 3'))
        return { ok: false, error: `${path} is not a SQLite database${how}` };
      rows = await querySqlite(new Uint8Array(bytes), sql, ctx.limits.timeoutMs);
      toolVersion = 'sql.js (SQLite, wasm)';
    } else {
      if (!duckdb) return { ok: false, error: 'the local DuckDB is not available here' };
      rows = await duckdb(sql);
      toolVersion = 'DuckDB-wasm';
    }
  } catch (error) {
    const message = engine === 'postgres' ? describePgError(error, ctx, ctx.limits.timeoutMs) : engineMessage(error);
    return { ok: false, error: `${message}${how}` };
  }
  return {
    ok: true,
    output: {
      command: recordedCommand(cell, ctx, { engine }),
      // {columns, rows}: the columns survive an empty result.
      output: `${JSON.stringify({ columns: rows.columns, rows: rows.rows })}\n`,
      startedAt,
      durationMs: Math.round(performance.now() - started),
      exitStatus: null,
      format: 'json',
      toolVersion,
      secrets: [...ctx.secrets.values()],
    },
  };
}
