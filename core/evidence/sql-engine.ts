// Which SQL engine reads a backend: named by the cell, or (`auto`) taken from the connection URI's
// scheme, as MLflow's `--backend-store-uri` writes it (SQLAlchemy URLs: `postgresql+psycopg2://`,
// `sqlite:///mlflow.db`, `mysql+pymysql://`).
import type { Cell } from '../workbook/schema';

export type SqlEngine = 'postgres' | 'sqlite' | 'duckdb';

/** The scheme of a connection URI without its SQLAlchemy driver (`postgresql+psycopg2` → `postgresql`). */
export const uriScheme = (connection: string): string | null =>
  /^([a-z][a-z0-9.-]*)(?:\+[a-z0-9_]+)?:/i.exec(connection.trim())?.[1]?.toLowerCase() ?? null;

export function sqlEngineOf(
  engine: Extract<Cell, { kind: 'sql' }>['engine'],
  connection: string,
): { engine: SqlEngine } | { error: string } {
  if (engine !== 'auto') return { engine };
  const scheme = uriScheme(connection);
  if (scheme === 'postgresql' || scheme === 'postgres') return { engine: 'postgres' };
  if (scheme === 'sqlite') return { engine: 'sqlite' };
  if (!connection.trim()) return { error: 'the sql cell names no connection (set the backend store URI)' };
  if (scheme === null && /\.(db|sqlite3?)$/i.test(connection.trim())) return { engine: 'sqlite' };
  return {
    error: `the connection's URI scheme ${scheme ? `${scheme}://` : '(none)'} is not one this build reads (postgresql://, sqlite:///); export the tables elsewhere and record them with an import cell`,
  };
}

/** A SQLAlchemy PostgreSQL URL as node-postgres reads it (the `+driver` part dropped). */
export const pgConnectionString = (connection: string): string => connection.trim().replace(/^(postgres(?:ql)?)\+[a-z0-9_]+:/i, '$1:');
