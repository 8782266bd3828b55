// The fixture deployments served by real local components: an MLflow stand-in with MLflow 2.9's
// rules over each deployment's data, a Kubernetes API for the real kubectl, s3rver for the artifact
// bucket, the backend store (PostgreSQL for Helix, a SQLite mlflow.db for Orbit) and a repository.
// - helix (fixtures/deployment/): a trading firm, `cvn.*` tags, PostgreSQL, a token-less server.
// - orbit (fixtures/deployment-orbit/): a logistics firm, `data.version` / `feature_set.version`
//   tags, several experiments (one of smoke runs), SQLite, no auth, 152 registered models, code in app/ and jobs/.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import initSqlJs from 'sql.js';
import type { CellOutcome } from '../../node/evidence/engine';
import { startMlflowServer, type MlflowData } from './mlflow-server';
import { kubeconfig, startKubeApi, type KubeObject } from './kube-api';
import { startPostgres } from './postgres';
import { putObjects, S3_CREDENTIALS, startS3 } from './s3';
import { tempDir } from './workbooks';

export type DeploymentName = 'helix' | 'orbit';

export const DEPLOYMENTS: Record<DeploymentName, string> = {
  helix: fileURLToPath(new URL('../../fixtures/deployment', import.meta.url)),
  orbit: fileURLToPath(new URL('../../fixtures/deployment-orbit', import.meta.url)),
};
/** Helix's folder, the first deployment. */
export const DEPLOYMENT = DEPLOYMENTS.helix;

const reader = (name: DeploymentName) => (path: string) => JSON.parse(readFileSync(join(DEPLOYMENTS[name], path), 'utf8')) as unknown;
type Json = Record<string, unknown>;

/** An MLflow deployment's data: Helix's recorded REST 2.0 responses, Orbit's data file. */
function mlflowData(name: DeploymentName): MlflowData {
  const read = reader(name);
  if (name === 'orbit') return read('mlflow/deployment.json') as MlflowData;
  const pages = ['mlflow/runs-search-page-1.json', 'mlflow/runs-search-page-2.json'].map((f) => read(f) as { runs: Json[] });
  return {
    experiments: (read('mlflow/experiments-search.json') as { experiments: Json[] }).experiments,
    runs: pages.flatMap((p) => p.runs),
    registeredModels: (read('mlflow/registered-models-search.json') as { registered_models: Json[] }).registered_models,
    modelVersions: (read('mlflow/model-versions-search.json') as { model_versions: Json[] }).model_versions,
  };
}

/**
 * An mlflow.db as MLflow's SQLAlchemy store lays it out (the tables and columns the templates read),
 * filled from the deployment's data: the backend store an `mlflow server --backend-store-uri
 * sqlite:///…` writes.
 */
async function sqliteBackend(data: MlflowData, file: string): Promise<void> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.exec(`
    CREATE TABLE experiments (experiment_id INTEGER PRIMARY KEY, name VARCHAR(256) NOT NULL UNIQUE, artifact_location VARCHAR(256), lifecycle_stage VARCHAR(32), creation_time BIGINT, last_update_time BIGINT);
    CREATE TABLE runs (run_uuid VARCHAR(32) PRIMARY KEY, name VARCHAR(250), source_type VARCHAR(20), user_id VARCHAR(256), status VARCHAR(9), start_time BIGINT, end_time BIGINT, lifecycle_stage VARCHAR(20), artifact_uri VARCHAR(200), experiment_id INTEGER);
    CREATE TABLE registered_models (name VARCHAR(256) PRIMARY KEY, creation_time BIGINT, last_updated_time BIGINT, description VARCHAR(5000));
    CREATE TABLE model_versions (name VARCHAR(256), version INTEGER, creation_time BIGINT, last_updated_time BIGINT, description VARCHAR(5000), user_id VARCHAR(256), current_stage VARCHAR(20), source VARCHAR(500), run_id VARCHAR(32), status VARCHAR(20), PRIMARY KEY (name, version));
  `);
  for (const e of data.experiments)
    db.run('INSERT INTO experiments VALUES (?, ?, ?, ?, ?, ?)', [
      Number(e['experiment_id']),
      String(e['name']),
      String(e['artifact_location'] ?? ''),
      String(e['lifecycle_stage']),
      Number(e['creation_time'] ?? 0),
      Number(e['last_update_time'] ?? 0),
    ]);
  for (const r of data.runs) {
    const i = r['info'] as Json;
    db.run('INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
      String(i['run_id']),
      String(i['run_name']),
      'JOB',
      String(i['user_id']),
      String(i['status']),
      Number(i['start_time']),
      Number(i['end_time']),
      String(i['lifecycle_stage']),
      String(i['artifact_uri']),
      Number(i['experiment_id']),
    ]);
  }
  for (const m of data.registeredModels)
    db.run('INSERT INTO registered_models VALUES (?, ?, ?, ?)', [
      String(m['name']),
      Number(m['creation_timestamp']),
      Number(m['last_updated_timestamp']),
      String(m['description'] ?? ''),
    ]);
  for (const v of data.modelVersions) {
    db.run('INSERT INTO model_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
      String(v['name']),
      Number(v['version']),
      Number(v['creation_timestamp']),
      Number(v['last_updated_timestamp']),
      '',
      '',
      String(v['current_stage']),
      String(v['source']),
      String(v['run_id']),
      String(v['status']),
    ]);
  }
  await writeFile(file, db.export());
  db.close();
}

export interface Deployment {
  name: DeploymentName;
  /** Template parameters pointing at the local components: addresses and locations, no convention. */
  params: Record<string, string>;
  /** Environment for the runs: kubeconfig, S3 credentials, the secrets behind the parameters. */
  env: NodeJS.ProcessEnv;
  stop: () => Promise<void>;
}

export async function startDeployment(name: DeploymentName = 'helix'): Promise<Deployment> {
  const read = reader(name);
  const stops: (() => Promise<void>)[] = [];
  try {
    const data = mlflowData(name);
    const mlflow = await startMlflowServer(data);
    stops.push(mlflow.close);
    const kube = await startKubeApi(read('k8s/objects.json') as KubeObject[]);
    stops.push(kube.close);
    const tmp = await tempDir('aw-deployment-');
    stops.push(tmp.cleanup);
    await writeFile(join(tmp.dir, 'kubeconfig'), kubeconfig(kube.url, 'fixture-kube-token'));
    const buckets = read('s3/buckets.json') as Record<string, { publicRead?: boolean }>;
    const s3 = await startS3(buckets);
    stops.push(s3.close);
    for (const [bucket, keys] of Object.entries(read('s3/objects.json') as Record<string, string[]>))
      await putObjects(s3.client, bucket, keys);
    const common = {
      MLFLOW_TRACKING_URI: mlflow.url,
      K8S_CONTEXT: 'fixture',
      ARTIFACT_BUCKET: Object.keys(buckets)[0]!,
      S3_ENDPOINT_URL: s3.endpoint,
      REPO_DIR: join(DEPLOYMENTS[name], 'repo'),
      BACKEND_STORE_URI: 'env:AW_FIXTURE_BACKEND_STORE_URI',
    };
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      KUBECONFIG: join(tmp.dir, 'kubeconfig'),
      AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
    };
    const stop = async () => {
      for (const s of stops.reverse()) await s();
    };
    if (name === 'orbit') {
      // No authentication anywhere: no token is set, and the backend is the server's mlflow.db.
      await sqliteBackend(data, join(tmp.dir, 'mlflow.db'));
      delete env['AW_FIXTURE_MLFLOW_TOKEN'];
      return {
        name,
        params: { ...common, K8S_NAMESPACE: 'ml-tracking' },
        env: { ...env, AW_FIXTURE_BACKEND_STORE_URI: `sqlite:///${join(tmp.dir, 'mlflow.db')}` },
        stop,
      };
    }
    const postgres = await startPostgres('fixture-db-password');
    stops.push(postgres.stop);
    const client = new pg.Client({ connectionString: postgres.url() });
    await client.connect();
    await client.query(readFileSync(join(DEPLOYMENTS.helix, 'postgres/mlflow.sql'), 'utf8'));
    await client.end();
    return {
      name,
      params: {
        ...common,
        K8S_NAMESPACE: 'mlflow',
        // Where Helix keeps what its backtest validated, what live serves, its audit trail and its
        // report builders: locations a template cannot guess, like URLs.
        BACKTEST_ARTIFACTS: 'artifacts/backtest/model.pkl,artifacts/backtest/fe.pkl',
        LIVE_ARTIFACTS: 'artifacts/live/model.pkl,artifacts/live/fe.pkl',
        AUDIT_TRAIL_PATHS: 'src/audit/',
        REPORT_PATHS: 'src/reports/',
        MLFLOW_TRACKING_TOKEN: 'env:AW_FIXTURE_MLFLOW_TOKEN',
      },
      env: { ...env, AW_FIXTURE_MLFLOW_TOKEN: 'fixture-mlflow-token', AW_FIXTURE_BACKEND_STORE_URI: postgres.url() },
      stop,
    };
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw error;
  }
}

/** The parameters an auditor would have set on the audited network (the recorded captures name these hosts). */
export const OFFLINE_PARAMS: Record<DeploymentName, Record<string, string>> = {
  helix: {
    MLFLOW_TRACKING_URI: 'https://mlflow.helix.internal',
    S3_ENDPOINT_URL: 'https://s3.helix.internal',
    REPO_DIR: '~/helix',
    BACKTEST_ARTIFACTS: 'artifacts/backtest/model.pkl,artifacts/backtest/fe.pkl',
    LIVE_ARTIFACTS: 'artifacts/live/model.pkl,artifacts/live/fe.pkl',
    AUDIT_TRAIL_PATHS: 'src/audit/',
    REPORT_PATHS: 'src/reports/',
    K8S_CONTEXT: 'fixture',
    K8S_NAMESPACE: 'mlflow',
    ARTIFACT_BUCKET: 'helix-mlflow-artifacts',
    MLFLOW_TRACKING_TOKEN: 'env:AW_FIXTURE_MLFLOW_TOKEN',
    BACKEND_STORE_URI: 'env:AW_FIXTURE_BACKEND_STORE_URI',
  },
  orbit: {
    MLFLOW_TRACKING_URI: 'http://mlflow.ml-tracking.svc:5000',
    S3_ENDPOINT_URL: 'https://s3.orbit.internal',
    REPO_DIR: '~/orbit-ml',
    K8S_CONTEXT: 'fixture',
    K8S_NAMESPACE: 'ml-tracking',
    ARTIFACT_BUCKET: 'orbit-mlflow',
    BACKEND_STORE_URI: 'env:AW_FIXTURE_BACKEND_STORE_URI',
  },
};

/** The hosts and folders the recorded captures name instead of the local ones. */
export const RECORDED_AS: Record<DeploymentName, Record<string, string>> = {
  helix: { MLFLOW_TRACKING_URI: 'https://mlflow.helix.internal', S3_ENDPOINT_URL: 'https://s3.helix.internal', REPO_DIR: '~/helix' },
  orbit: {
    MLFLOW_TRACKING_URI: 'http://mlflow.ml-tracking.svc:5000',
    S3_ENDPOINT_URL: 'https://s3.orbit.internal',
    REPO_DIR: '~/orbit-ml',
  },
};

/**
 * The offline path: a new workbook from `template`, every recorded capture imported, then only the
 * query and check cells run (they read the imported evidence; nothing is contacted).
 */
export async function runOffline(
  template: string,
  dir: string,
  deployment: DeploymentName = 'helix',
): Promise<{ outcomes: CellOutcome[] }> {
  const { workbookId } = await import('../../core/ids');
  const { instantiateTemplate } = await import('../../core/templates/template');
  const { saveWorkbook } = await import('../../core/workbook/store');
  const { importCapture, runCells } = await import('../../node/evidence/engine');
  const { nodeFileSystem } = await import('../../node/node-file-system');
  const { loadTemplate } = await import('../../node/templates');
  const t = await loadTemplate(template);
  const given = OFFLINE_PARAMS[deployment];
  const params = Object.fromEntries(t.parameters.flatMap((p) => (given[p.name] === undefined ? [] : [[p.name, given[p.name]!]])));
  await saveWorkbook(nodeFileSystem, dir, instantiateTemplate(t, { id: workbookId(`${template}-offline`), date: '2026-05-04', params }));
  const folder = join(DEPLOYMENTS[deployment], 'captures', template);
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Record<string, { file: string; command: string }>;
  for (const [cell, { file, command }] of Object.entries(manifest)) await importCapture(dir, cell, { file: join(folder, file), command });
  return { outcomes: await runCells(dir, { kinds: ['query', 'check'] }, { env: {} }) };
}

/** A workbook from `template`, with its parameters pointing at a freshly started deployment. */
export async function templateWorkbook(
  template: string,
  name: DeploymentName = 'helix',
): Promise<{ dir: string; deployment: Deployment; stop: () => Promise<void> }> {
  const { workbookId } = await import('../../core/ids');
  const { instantiateTemplate } = await import('../../core/templates/template');
  const { saveWorkbook } = await import('../../core/workbook/store');
  const { nodeFileSystem } = await import('../../node/node-file-system');
  const { loadTemplate } = await import('../../node/templates');
  const deployment = await startDeployment(name);
  const tmp = await tempDir(`aw-${template}-`);
  const dir = join(tmp.dir, 'audit');
  const t = await loadTemplate(template);
  // Only what the deployment gives (addresses, locations); every convention stays the template's default.
  const params = Object.fromEntries(
    t.parameters.flatMap((p) => (deployment.params[p.name] === undefined ? [] : [[p.name, deployment.params[p.name]!]])),
  );
  await saveWorkbook(nodeFileSystem, dir, instantiateTemplate(t, { id: workbookId(`${name}-${template}`), date: '2026-05-04', params }));
  return {
    dir,
    deployment,
    stop: async () => {
      await tmp.cleanup();
      await deployment.stop();
    },
  };
}

/** Outcomes that are not a clean capture or check result (errors, skips). */
export const failuresOf = (outcomes: CellOutcome[]) =>
  outcomes.filter((o) => o.status !== 'captured' || o.check?.status === 'error' || o.check?.status === 'skip');

/** The gaps of a workbook as sorted one-line strings, to compare two runs. */
export async function gapLines(dir: string): Promise<string[]> {
  const { loadWorkbook } = await import('../../core/workbook/store');
  const { nodeFileSystem } = await import('../../node/node-file-system');
  return (await loadWorkbook(nodeFileSystem, dir)).gaps.map((g) => [g.id, g.pillar, g.severity, g.title].join(' ')).sort();
}

/** Runs `template` offline from its recorded captures and returns its gaps; `skips` are the checks expected to skip. */
export async function offlineGapLines(template: string, deployment: DeploymentName = 'helix', skips: string[] = []): Promise<string[]> {
  const tmp = await tempDir(`aw-${template}-offline-`);
  try {
    const dir = join(tmp.dir, 'audit');
    const { outcomes } = await runOffline(template, dir, deployment);
    const skipped = outcomes.filter((o) => o.status === 'captured' && o.check?.status === 'skip').map((o) => o.cell);
    const failures = failuresOf(outcomes).filter((o) => !skips.includes(o.cell));
    if (failures.length || skipped.join() !== skips.join())
      throw new Error(`offline run of ${template} on ${deployment} failed: ${JSON.stringify(failures)}, skipped ${skipped.join(', ')}`);
    return await gapLines(dir);
  } finally {
    await tmp.cleanup();
  }
}
