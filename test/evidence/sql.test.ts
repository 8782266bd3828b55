// sql cells against a real PostgreSQL, a real SQLite file with MLflow's table names, and DuckDB.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import initSqlJs from 'sql.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { exportReport } from '../../core/exports';
import { fixedClock } from '../../core/ports';
import { loadWorkbook } from '../../core/workbook/store';
import { runCells } from '../../node/evidence/engine';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { MLFLOW_SCHEMA, startPostgres, type TestPostgres } from '../helpers/postgres';
import { allText, evidenceWorkbook, tempDir } from '../helpers/workbooks';

const PASSWORD = 'pg-Secret-41d7';
let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres(PASSWORD);
  const c = new pg.Client({ connectionString: postgres.url() });
  await c.connect();
  await c.query(MLFLOW_SCHEMA);
  await c.end();
}, 60_000);
afterAll(() => postgres?.stop());

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function workbook(cells: Parameters<typeof evidenceWorkbook>[1], extra: Parameters<typeof evidenceWorkbook>[0] = []) {
  const wb = await evidenceWorkbook([{ name: 'BACKEND_STORE_URI', secret: { env: 'AW_TEST_BACKEND' } }, ...extra], cells);
  cleanups.push(wb.cleanup);
  return wb.dir;
}
const env = () => ({ ...process.env, AW_TEST_BACKEND: postgres.url() });

describe('sql runner: PostgreSQL', () => {
  it('captures rows with their types, keeps columns of an empty result, and never stores the password', async () => {
    const dir = await workbook([
      {
        id: 'volumetry',
        kind: 'sql',
        title: 'Volumetry',
        engine: 'postgres',
        connection: '${BACKEND_STORE_URI}',
        query: 'SELECT (SELECT count(*) FROM experiments) AS experiments, (SELECT count(*) FROM runs) AS runs, 2.5::numeric AS ratio',
      },
      {
        id: 'local-artifacts',
        kind: 'sql',
        title: 'Runs with local artifacts',
        engine: 'postgres',
        connection: '${BACKEND_STORE_URI}',
        query: "SELECT run_uuid, artifact_uri FROM runs WHERE artifact_uri LIKE 'file:%'",
      },
      {
        id: 'orphans',
        kind: 'sql',
        title: 'Versions whose run is gone',
        engine: 'postgres',
        connection: '${BACKEND_STORE_URI}',
        query:
          'SELECT mv.name, mv.version FROM model_versions mv LEFT JOIN runs r ON r.run_uuid = mv.run_id WHERE r.run_uuid IS NULL AND false',
      },
    ]);
    const outcomes = await runCells(dir, {}, { env: env() });
    const [volumetry, local, orphans] = outcomes.map((o) => {
      if (o.status !== 'captured') throw new Error(JSON.stringify(o));
      return o.recorded;
    });
    expect(volumetry!.tables[0]!.columns).toEqual([
      { name: 'experiments', type: 'number' },
      { name: 'runs', type: 'number' },
      { name: 'ratio', type: 'number' },
    ]);
    expect(volumetry!.tables[0]!.rows).toEqual([[1, 2, 2.5]]);
    expect(volumetry!.capture.command).toBe(
      '-- postgres: ${AW_TEST_BACKEND}\nSELECT (SELECT count(*) FROM experiments) AS experiments, (SELECT count(*) FROM runs) AS runs, 2.5::numeric AS ratio',
    );
    expect(volumetry!.capture.toolVersion).toMatch(/^PostgreSQL 1\d\.\d+.*, node-postgres \d/);
    expect(local!.tables[0]!.rows).toEqual([['run1', 'file:///home/alice/mlruns/1/run1/artifacts']]);
    expect(orphans!.tables[0]!.columns.map((c) => c.name)).toEqual(['name', 'version']);
    expect(orphans!.tables[0]!.rows).toEqual([]);

    const out = await tempDir('aw-sql-export-');
    cleanups.push(out.cleanup);
    await exportReport(fs, dir, fixedClock('2026-05-01T00:00:00Z'), join(out.dir, 'r.md'));
    expect((await allText(dir)) + (await allText(out.dir))).not.toContain(PASSWORD);
  });

  it('runs read-only, times out, and reports refused connections and bad credentials', async () => {
    const dir = await workbook([
      {
        id: 'write',
        kind: 'sql',
        title: 'A write',
        engine: 'postgres',
        connection: '${BACKEND_STORE_URI}',
        query: "INSERT INTO experiments VALUES (2, 'x', 'y', 'active')",
      },
      { id: 'slow', kind: 'sql', title: 'Slow', engine: 'postgres', connection: '${BACKEND_STORE_URI}', query: 'SELECT pg_sleep(5)' },
      { id: 'bad-sql', kind: 'sql', title: 'Bad', engine: 'postgres', connection: '${BACKEND_STORE_URI}', query: 'SELEC 1' },
      {
        id: 'auto',
        kind: 'sql',
        title: 'Engine from the URI',
        connection: '${BACKEND_STORE_URI}',
        query: 'SELECT count(*) AS runs FROM runs',
      },
    ]);
    const outcomes = (await runCells(dir, {}, { env: env(), limits: { timeoutMs: 1000 } })).slice(0, 3);
    expect(outcomes.map((o) => (o.status === 'error' ? o.error : o.status))).toEqual([
      'PostgreSQL: cannot execute INSERT in a read-only transaction',
      'query cancelled after 1 s (statement timeout)',
      'PostgreSQL: syntax error at or near "SELEC"',
    ]);
    const refused = await runCells(
      dir,
      { cell: 'bad-sql' },
      { env: { ...process.env, AW_TEST_BACKEND: 'postgresql://mlflow:x@127.0.0.1:1/postgres' } },
    );
    expect(refused[0]!.status === 'error' && refused[0]!.error).toMatch(/^connection refused by the PostgreSQL server/);
    const wrong = await runCells(
      dir,
      { cell: 'bad-sql' },
      { env: { ...process.env, AW_TEST_BACKEND: postgres.url('mlflow', 'wrong-password') } },
    );
    expect(wrong[0]!.status === 'error' && wrong[0]!.error).toMatch(/^PostgreSQL refused the credentials: password authentication failed/);
    expect(JSON.stringify(wrong)).not.toContain('wrong-password');
    // An optional connection that is not set leaves the cell out, saying how to run it.
    const missing = await runCells(dir, { cell: 'bad-sql' }, { env: {} });
    expect(missing[0]).toEqual({
      cell: 'bad-sql',
      status: 'skipped',
      reason: 'BACKEND_STORE_URI is not set, so this cell is left out (set the environment variable AW_TEST_BACKEND to run it)',
    });
    // The engine follows the URI's scheme, SQLAlchemy's driver suffix included; an unknown one is named.
    const auto = await runCells(
      dir,
      { cell: 'auto' },
      { env: { ...process.env, AW_TEST_BACKEND: postgres.url().replace(/^postgres(ql)?:/, 'postgresql+psycopg2:') } },
    );
    expect(auto[0]!.status === 'captured' && auto[0]!.recorded.capture.command).toBe(
      '-- postgres: ${AW_TEST_BACKEND}\nSELECT count(*) AS runs FROM runs',
    );
    const mysql = await runCells(
      dir,
      { cell: 'auto' },
      { env: { ...process.env, AW_TEST_BACKEND: 'mysql+pymysql://mlflow:x@127.0.0.1:1/mlflow' } },
    );
    expect(mysql[0]!.status === 'error' && mysql[0]!.error).toMatch(/^the connection's URI scheme mysql:\/\/ is not one this build reads/);
    const refusedAuto = await runCells(
      dir,
      { cell: 'auto' },
      { env: { ...process.env, AW_TEST_BACKEND: 'postgresql://mlflow:x@127.0.0.1:1/postgres' } },
    );
    expect(refusedAuto[0]!.status === 'error' && refusedAuto[0]!.error).toMatch(
      /^connection refused by the PostgreSQL server .*\(engine postgres, from the URI scheme postgresql\)$/,
    );
    // The failure is kept on the cell until a run succeeds, so that the report can say why.
    const failed = (await loadWorkbook(fs, dir)).pillars[0]!.cells.find((c) => c.id === 'auto')!;
    expect(failed.failure?.error).toBe(refusedAuto[0]!.status === 'error' ? refusedAuto[0]!.error : '');
  });
});

describe('sql runner: SQLite (mlflow.db) and DuckDB', () => {
  it('reads an mlflow.db file read-only and queries the local DuckDB evidence', async () => {
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    db.exec(MLFLOW_SCHEMA.replace(/::numeric/g, ''));
    const tmp = await tempDir('aw-sqlite-');
    cleanups.push(tmp.cleanup);
    const file = join(tmp.dir, 'mlflow.db');
    await writeFile(file, db.export());
    db.close();
    await writeFile(join(tmp.dir, 'not-a-db.db'), 'hello');
    const dir = await workbook(
      [
        {
          id: 'stages',
          kind: 'sql',
          title: 'Stages in use',
          engine: 'sqlite',
          connection: 'sqlite:///${MLFLOW_DB}',
          query: "SELECT name, version, current_stage FROM model_versions WHERE current_stage <> 'None' ORDER BY 1, 2",
        },
        {
          id: 'stage-count',
          kind: 'sql',
          title: 'Versions in stages (DuckDB)',
          engine: 'duckdb',
          query: 'SELECT count(*) AS n FROM stages',
        },
        {
          id: 'not-db',
          kind: 'sql',
          title: 'Not a db',
          engine: 'sqlite',
          connection: `sqlite:///${join(tmp.dir, 'not-a-db.db')}`,
          query: 'SELECT 1',
        },
        {
          id: 'no-file',
          kind: 'sql',
          title: 'Missing',
          engine: 'sqlite',
          connection: `sqlite:///${join(tmp.dir, 'nope.db')}`,
          query: 'SELECT 1',
        },
        { id: 'bad', kind: 'sql', title: 'Bad', engine: 'sqlite', connection: 'sqlite:///${MLFLOW_DB}', query: 'SELECT * FROM nope' },
      ],
      [{ name: 'MLFLOW_DB', value: file }],
    );
    const outcomes = await runCells(dir, {}, { env: env() });
    expect(outcomes.map((o) => (o.status === 'error' ? o.error : o.status))).toEqual([
      'captured',
      'captured',
      `${join(tmp.dir, 'not-a-db.db')} is not a SQLite database`,
      `no SQLite file at ${join(tmp.dir, 'nope.db')}`,
      'SQLite: no such table: nope',
    ]);
    const [stages, count] = outcomes;
    expect(stages!.status === 'captured' && stages!.recorded.tables[0]!.rows).toEqual([['ftf', 1, 'Production']]);
    expect(count!.status === 'captured' && count!.recorded.tables[0]!.rows).toEqual([[1]]);
  });
});
