// A real PostgreSQL on a temporary data directory and a free port on 127.0.0.1, started and
// stopped by the test (Debian's server binaries; as root it runs as the postgres user).
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

function binDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin');
  return null;
}

export const hasPostgres = (): boolean => binDir() !== null;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

export interface TestPostgres {
  url: (user?: string, password?: string) => string;
  port: number;
  stop: () => Promise<void>;
}

export async function startPostgres(password: string): Promise<TestPostgres> {
  const bin = binDir();
  if (!bin) throw new Error('PostgreSQL server binaries not found (scripts/install-system-deps.sh installs them)');
  const dir = await mkdtemp(join(tmpdir(), 'aw-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  await writeFile(pwfile, `${password}\n`);
  const asRoot = process.getuid?.() === 0;
  const { stdout: uid } = asRoot ? await run('id', ['-u', 'postgres']) : { stdout: '' };
  if (asRoot) {
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(uid), Number(gid));
    await chown(pwfile, Number(uid), Number(gid));
  }
  await chmod(dir, 0o700);
  const as = (argv: string[]) =>
    (asRoot ? ['runuser', ['-u', 'postgres', '--', ...argv]] : [argv[0]!, argv.slice(1)]) as [string, string[]];
  await run(
    ...as([join(bin, 'initdb'), '-D', data, '-U', 'mlflow', '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--no-sync']),
  );
  const port = await freePort();
  await run(
    ...as([
      join(bin, 'pg_ctl'),
      '-D',
      data,
      '-l',
      join(dir, 'log'),
      '-w',
      '-t',
      '30',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]),
  );
  const url = (user = 'mlflow', pw = password) => `postgresql://${user}:${encodeURIComponent(pw)}@127.0.0.1:${port}/postgres`;
  // pg_ctl -w has waited for readiness; one bounded check that it accepts a login.
  for (let i = 0; i < 50; i++) {
    const c = new pg.Client({ connectionString: url() });
    try {
      await c.connect();
      await c.end();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    port,
    stop: async () => {
      await run(...as([join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'])).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** MLflow's backend tables, enough for the audits: experiments, runs, tags, registered models. */
export const MLFLOW_SCHEMA = `
CREATE TABLE experiments (experiment_id INTEGER PRIMARY KEY, name VARCHAR(256) NOT NULL, artifact_location VARCHAR(256), lifecycle_stage VARCHAR(32));
CREATE TABLE runs (run_uuid VARCHAR(32) PRIMARY KEY, name VARCHAR(250), user_id VARCHAR(256), status VARCHAR(9), start_time BIGINT, end_time BIGINT, artifact_uri VARCHAR(200), experiment_id INTEGER, lifecycle_stage VARCHAR(20));
CREATE TABLE tags (key VARCHAR(250), value VARCHAR(5000), run_uuid VARCHAR(32), PRIMARY KEY (key, run_uuid));
CREATE TABLE registered_models (name VARCHAR(256) PRIMARY KEY, creation_time BIGINT, last_updated_time BIGINT, description VARCHAR(5000));
CREATE TABLE model_versions (name VARCHAR(256), version INTEGER, current_stage VARCHAR(20), source VARCHAR(500), run_id VARCHAR(32), status VARCHAR(20), PRIMARY KEY (name, version));
INSERT INTO experiments VALUES (1, 'ftf-training', 's3://mlflow-artifacts/1', 'active');
INSERT INTO runs VALUES ('run0', 'train-0', 'alice', 'FINISHED', 1714000000000, 1714000100000, 's3://mlflow-artifacts/1/run0/artifacts', 1, 'active');
INSERT INTO runs VALUES ('run1', 'train-1', '', 'FINISHED', 1714000000001, 1714000100001, 'file:///home/alice/mlruns/1/run1/artifacts', 1, 'active');
INSERT INTO tags VALUES ('mlflow.user', 'alice', 'run0'), ('cvn.data_version', 'd1', 'run0');
INSERT INTO registered_models VALUES ('ftf', 1714000000000, 1714000200000, 'FTF model');
INSERT INTO model_versions VALUES ('ftf', 1, 'Production', 'runs:/run0/model', 'run0', 'READY'), ('ftf', 2, 'None', 'runs:/gone/model', 'gone', 'READY');
`;
