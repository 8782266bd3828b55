// kubectl cells run the real kubectl binary against a local Kubernetes API server.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportReport } from '../../core/exports';
import { fixedClock } from '../../core/ports';
import { runCells } from '../../node/evidence/engine';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { kubeconfig, startKubeApi, type KubeObject } from '../helpers/kube-api';
import { allText, evidenceWorkbook, tempDir } from '../helpers/workbooks';

const TOKEN = 'kube-bearer-7d1e9a3c5b';
const SECRET_VALUE = 'cG9zdGdyZXMtcGFzc3dvcmQ='; // base64 of a database password

const OBJECTS: KubeObject[] = [
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'mlflow-0',
      namespace: 'mlflow',
      creationTimestamp: '2026-04-01T00:00:00Z',
      resourceVersion: '42',
      annotations: { 'prometheus.io/scrape': 'true' },
    },
    spec: {
      containers: [
        {
          name: 'mlflow',
          image: 'ghcr.io/mlflow/mlflow:v2.12.1',
          env: [
            { name: 'BACKEND_STORE_URI', value: 'postgresql://mlflow:db-pass-991@postgres:5432/mlflow' },
            { name: 'MLFLOW_ARTIFACTS_DESTINATION', value: 's3://mlflow-artifacts' },
          ],
        },
      ],
    },
    status: { phase: 'Running' },
  },
  {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: { name: 'mlflow-db', namespace: 'mlflow', creationTimestamp: '2026-04-01T00:00:00Z', resourceVersion: '7' },
    data: { password: SECRET_VALUE },
  },
];

const cleanups: (() => Promise<void>)[] = [];
let env: NodeJS.ProcessEnv;
beforeEach(async () => {
  const server = await startKubeApi(OBJECTS);
  cleanups.push(server.close);
  const tmp = await tempDir('aw-kube-');
  cleanups.push(tmp.cleanup);
  const config = join(tmp.dir, 'kubeconfig');
  await writeFile(config, kubeconfig(server.url, TOKEN));
  env = { ...process.env, KUBECONFIG: config };
});
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function workbook(cells: Record<string, unknown>[]) {
  const wb = await evidenceWorkbook(
    [
      { name: 'K8S_CONTEXT', value: 'fixture' },
      { name: 'K8S_NAMESPACE', value: 'mlflow' },
    ],
    cells.map((c) => ({ context: '${K8S_CONTEXT}', namespace: '${K8S_NAMESPACE}', ...c }) as never),
  );
  cleanups.push(wb.cleanup);
  return wb.dir;
}

describe('kubectl runner', () => {
  it('turns -o json into one row per object with env and annotations flattened; reproduces despite resourceVersion', async () => {
    const dir = await workbook([{ id: 'pods', kind: 'kubectl', title: 'Pods', args: ['get', 'pods', '-o', 'json'] }]);
    const first = (await runCells(dir, {}, { env }))[0]!;
    if (first.status !== 'captured') throw new Error(JSON.stringify(first));
    const t = first.recorded.tables[0]!;
    const col = (name: string) => t.rows[0]![t.columns.findIndex((c) => c.name === name)];
    expect(col('metadata.name')).toBe('mlflow-0');
    expect(col('metadata.annotations.prometheus.io/scrape')).toBe('true');
    expect(col('spec.containers.0.env.MLFLOW_ARTIFACTS_DESTINATION')).toBe('s3://mlflow-artifacts');
    expect(col('spec.containers.0.env.BACKEND_STORE_URI')).toBe('postgresql://mlflow:[REDACTED]@postgres:5432/mlflow');
    expect(first.recorded.dropped).toEqual(['resourceVersion']);
    expect(first.recorded.capture.command).toBe('kubectl --context fixture -n mlflow get pods -o json');
    expect(first.recorded.capture.toolVersion).toMatch(/^Client Version: v1\./);
    const again = (await runCells(dir, {}, { env }))[0]!;
    expect(again.status === 'captured' && again.recorded.comparison.status).toBe('reproduced');
  });

  it('parses table output into columns and drops the AGE column', async () => {
    const dir = await workbook([{ id: 'pod-table', kind: 'kubectl', title: 'Pods', args: ['get', 'pods'] }]);
    const o = (await runCells(dir, {}, { env }))[0]!;
    if (o.status !== 'captured') throw new Error(JSON.stringify(o));
    expect(o.recorded.tables[0]!.columns.map((c) => c.name)).toEqual(['name', 'ready', 'status', 'restarts']);
    expect(o.recorded.tables[0]!.rows).toEqual([['mlflow-0', '1/1', 'Running', '0']]);
  });

  it('redacts Secret values and the kubeconfig token from every file written, exports included', async () => {
    const dir = await workbook([
      { id: 'db-secret', kind: 'kubectl', title: 'Database secret', args: ['get', 'secret', 'mlflow-db', '-o', 'json'] },
      { id: 'pods', kind: 'kubectl', title: 'Pods', args: ['get', 'pods', '-o', 'json'] },
    ]);
    const outcomes = await runCells(dir, {}, { env });
    expect(outcomes.map((o) => o.status)).toEqual(['captured', 'captured']);
    const secret = outcomes[0]!;
    expect(secret.status === 'captured' && secret.recorded.capture.redactions).toEqual([
      { where: 'output', what: 'Kubernetes Secret value', count: 1 },
    ]);
    const out = await tempDir('aw-export-');
    cleanups.push(out.cleanup);
    await exportReport(fs, dir, fixedClock('2026-05-01T00:00:00Z'), join(out.dir, 'report.md'));
    const everything = (await allText(dir)) + (await allText(out.dir));
    for (const leaked of [SECRET_VALUE, TOKEN, 'db-pass-991']) expect(everything).not.toContain(leaked);
  });

  it('refuses mutating verbs and reports server errors clearly', async () => {
    const dir = await workbook([
      { id: 'delete', kind: 'kubectl', title: 'Delete', args: ['delete', 'pod', 'mlflow-0'] },
      { id: 'exec', kind: 'kubectl', title: 'Exec', args: ['exec', 'mlflow-0', '--', 'env'] },
      { id: 'missing', kind: 'kubectl', title: 'Missing', args: ['get', 'configmap', 'nope'] },
    ]);
    const outcomes = await runCells(dir, {}, { env });
    expect(outcomes.map((o) => (o.status === 'error' ? o.error : o.status))).toEqual([
      'refused: kubectl delete is not a reading verb; mark the cell mutating to run it',
      'refused: kubectl exec runs something in the cluster or opens a channel into it; the workbench never runs it',
      expect.stringMatching(/^kubectl exited with status 1: Error from server \(NotFound\)/),
    ]);
  });

  it('says when kubectl cannot reach the API server', async () => {
    const dir = await workbook([{ id: 'pods', kind: 'kubectl', title: 'Pods', args: ['get', 'pods', '--request-timeout=2s'] }]);
    const tmp = await tempDir('aw-kube-down-');
    cleanups.push(tmp.cleanup);
    await writeFile(join(tmp.dir, 'config'), kubeconfig('http://127.0.0.1:1', TOKEN));
    const o = (await runCells(dir, {}, { env: { ...process.env, KUBECONFIG: join(tmp.dir, 'config') } }))[0]!;
    expect(o.status === 'error' && o.error).toMatch(/^kubectl exited with status 1: .*(connection refused|refused)/);
  });
});
