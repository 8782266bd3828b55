// The fixture deployment (fixtures/deployment/) served by real local components: an MLflow REST
// replay of its recorded responses, a Kubernetes API for the real kubectl, s3rver for the artifact
// bucket, PostgreSQL with its backend tables, and its repository for grep.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { CellOutcome } from '../../node/evidence/engine';
import { startMlflowServer } from './mlflow-server';
import { kubeconfig, startKubeApi, type KubeObject } from './kube-api';
import { startPostgres } from './postgres';
import { putObjects, S3_CREDENTIALS, startS3 } from './s3';
import { tempDir } from './workbooks';

export const DEPLOYMENT = fileURLToPath(new URL('../../fixtures/deployment', import.meta.url));
const read = (path: string) => JSON.parse(readFileSync(join(DEPLOYMENT, path), 'utf8')) as unknown;

/** The deployment's MLflow data (its recorded REST 2.0 responses), served with MLflow's rules. */
function startMlflow() {
  const pages = ['mlflow/runs-search-page-1.json', 'mlflow/runs-search-page-2.json'].map((f) => read(f) as { runs: Record<string, unknown>[] });
  return startMlflowServer({
    experiments: (read('mlflow/experiments-search.json') as { experiments: Record<string, unknown>[] }).experiments,
    runs: pages.flatMap((p) => p.runs),
    registeredModels: (read('mlflow/registered-models-search.json') as { registered_models: Record<string, unknown>[] }).registered_models,
    modelVersions: (read('mlflow/model-versions-search.json') as { model_versions: Record<string, unknown>[] }).model_versions,
  });
}

export interface Deployment {
  /** Template parameters pointing at the local components. */
  params: Record<string, string>;
  /** Environment for the runs: kubeconfig, S3 credentials, the secrets behind the parameters. */
  env: NodeJS.ProcessEnv;
  stop: () => Promise<void>;
}

export async function startDeployment(): Promise<Deployment> {
  const stops: (() => Promise<void>)[] = [];
  try {
    const mlflow = await startMlflow();
    stops.push(mlflow.close);
    const kube = await startKubeApi(read('k8s/objects.json') as KubeObject[]);
    stops.push(kube.close);
    const tmp = await tempDir('aw-deployment-');
    stops.push(tmp.cleanup);
    await writeFile(join(tmp.dir, 'kubeconfig'), kubeconfig(kube.url, 'fixture-kube-token'));
    const buckets = read('s3/buckets.json') as Record<string, { publicRead?: boolean }>;
    const s3 = await startS3(buckets);
    stops.push(s3.close);
    for (const [bucket, keys] of Object.entries(read('s3/objects.json') as Record<string, string[]>)) await putObjects(s3.client, bucket, keys);
    const postgres = await startPostgres('fixture-db-password');
    stops.push(postgres.stop);
    const client = new pg.Client({ connectionString: postgres.url() });
    await client.connect();
    await client.query(readFileSync(join(DEPLOYMENT, 'postgres/mlflow.sql'), 'utf8'));
    await client.end();
    return {
      params: {
        MLFLOW_TRACKING_URI: mlflow.url,
        K8S_CONTEXT: 'fixture',
        K8S_NAMESPACE: 'mlflow',
        ARTIFACT_BUCKET: Object.keys(buckets)[0]!,
        S3_ENDPOINT_URL: s3.endpoint,
        REPO_DIR: join(DEPLOYMENT, 'repo'),
        MLFLOW_TRACKING_TOKEN: 'env:AW_FIXTURE_MLFLOW_TOKEN',
        BACKEND_STORE_URI: 'env:AW_FIXTURE_BACKEND_STORE_URI',
      },
      env: {
        ...process.env,
        KUBECONFIG: join(tmp.dir, 'kubeconfig'),
        AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
        AW_FIXTURE_MLFLOW_TOKEN: 'fixture-mlflow-token',
        AW_FIXTURE_BACKEND_STORE_URI: postgres.url(),
      },
      stop: async () => {
        for (const stop of stops.reverse()) await stop();
      },
    };
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw error;
  }
}

/** The parameters an auditor would have set on the audited network (the recorded captures name these hosts). */
export const OFFLINE_PARAMS: Record<string, string> = {
  MLFLOW_TRACKING_URI: 'https://mlflow.helix.internal',
  S3_ENDPOINT_URL: 'https://s3.helix.internal',
  REPO_DIR: '~/helix',
  K8S_CONTEXT: 'fixture',
  K8S_NAMESPACE: 'mlflow',
  ARTIFACT_BUCKET: 'helix-mlflow-artifacts',
  MLFLOW_TRACKING_TOKEN: 'env:AW_FIXTURE_MLFLOW_TOKEN',
  BACKEND_STORE_URI: 'env:AW_FIXTURE_BACKEND_STORE_URI',
};

/**
 * The offline path: a new workbook from `template`, every recorded capture imported, then only the
 * query and check cells run (they read the imported evidence; nothing is contacted).
 */
export async function runOffline(template: string, dir: string): Promise<{ outcomes: CellOutcome[] }> {
  const { workbookId } = await import('../../core/ids');
  const { instantiateTemplate } = await import('../../core/templates/template');
  const { saveWorkbook } = await import('../../core/workbook/store');
  const { importCapture, runCells } = await import('../../node/evidence/engine');
  const { nodeFileSystem } = await import('../../node/node-file-system');
  const { loadTemplate } = await import('../../node/templates');
  const t = await loadTemplate(template);
  const params = Object.fromEntries(t.parameters.map((p) => [p.name, OFFLINE_PARAMS[p.name]!]));
  await saveWorkbook(nodeFileSystem, dir, instantiateTemplate(t, { id: workbookId(`${template}-offline`), date: '2026-05-04', params }));
  const folder = join(DEPLOYMENT, 'captures', template);
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Record<string, { file: string; command: string }>;
  for (const [cell, { file, command }] of Object.entries(manifest)) await importCapture(dir, cell, { file: join(folder, file), command });
  return { outcomes: await runCells(dir, { kinds: ['query', 'check'] }, { env: {} }) };
}

/** A workbook from `template`, with its parameters pointing at a freshly started deployment. */
export async function templateWorkbook(template: string): Promise<{ dir: string; deployment: Deployment; stop: () => Promise<void> }> {
  const { workbookId } = await import('../../core/ids');
  const { instantiateTemplate } = await import('../../core/templates/template');
  const { saveWorkbook } = await import('../../core/workbook/store');
  const { nodeFileSystem } = await import('../../node/node-file-system');
  const { loadTemplate } = await import('../../node/templates');
  const deployment = await startDeployment();
  const tmp = await tempDir(`aw-${template}-`);
  const dir = join(tmp.dir, 'audit');
  const t = await loadTemplate(template);
  const params = Object.fromEntries(t.parameters.map((p) => [p.name, deployment.params[p.name]!]));
  await saveWorkbook(nodeFileSystem, dir, instantiateTemplate(t, { id: workbookId(`helix-${template}`), date: '2026-05-04', params }));
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

/** Runs `template` offline from its recorded captures and returns its gaps. */
export async function offlineGapLines(template: string): Promise<string[]> {
  const tmp = await tempDir(`aw-${template}-offline-`);
  try {
    const dir = join(tmp.dir, 'audit');
    const { outcomes } = await runOffline(template, dir);
    const failures = failuresOf(outcomes);
    if (failures.length) throw new Error(`offline run of ${template} failed: ${JSON.stringify(failures)}`);
    return await gapLines(dir);
  } finally {
    await tmp.cleanup();
  }
}
