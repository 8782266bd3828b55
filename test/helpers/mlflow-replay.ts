// Replays MLflow REST 2.0 responses: experiments/search, paginated runs/search, registered models,
// model versions and MLflow's error JSON, as a tracking server would answer them — with its
// Content-Type rule (mlflow-rules.ts). The fuller stand-in over a deployment is mlflow-server.ts.
import { startServer, type TestServer } from './http-server';
import { mlflowJson, refusedContentType } from './mlflow-rules';

export const RUNS = Array.from({ length: 5 }, (_, i) => ({
  info: {
    run_id: `run${i}`,
    experiment_id: '1',
    run_name: `train-${i}`,
    user_id: i === 3 ? '' : 'alice',
    status: 'FINISHED',
    start_time: 1714000000000 + i,
    end_time: 1714000100000 + i,
    artifact_uri: `s3://mlflow-artifacts/1/run${i}/artifacts`,
    lifecycle_stage: 'active',
  },
  data: {
    metrics: [{ key: 'auc', value: 0.8 + i / 100, timestamp: 1714000050000, step: 0 }],
    params: [{ key: 'lr', value: '0.1' }],
    tags: [{ key: 'mlflow.user', value: 'alice' }, ...(i % 2 ? [] : [{ key: 'cvn.data_version', value: 'd1' }])],
  },
}));

export async function startMlflowReplay(options: { token?: string; pageSize?: number } = {}): Promise<TestServer> {
  const pageSize = options.pageSize ?? 2;
  return startServer((req, res) => {
    if (options.token && req.headers['authorization'] !== `Bearer ${options.token}`) {
      return mlflowJson(res, 401, { error_code: 'UNAUTHENTICATED', message: 'Missing or invalid token' });
    }
    if (refusedContentType(req, res)) return;
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/api/2.0/mlflow/experiments/search') {
      return mlflowJson(res, 200, {
        experiments: [
          { experiment_id: '1', name: 'ftf-training', artifact_location: 's3://mlflow-artifacts/1', lifecycle_stage: 'active' },
        ],
      });
    }
    if (url.pathname === '/api/2.0/mlflow/runs/search' && req.method === 'POST') {
      const body = JSON.parse(req.body || '{}') as { page_token?: string };
      const start = Number(body.page_token ?? '0');
      const page = RUNS.slice(start, start + pageSize);
      const next = start + pageSize < RUNS.length ? String(start + pageSize) : undefined;
      return mlflowJson(res, 200, { runs: page, ...(next ? { next_page_token: next } : {}) });
    }
    if (url.pathname === '/api/2.0/mlflow/registered-models/get') {
      return mlflowJson(res, 404, {
        error_code: 'RESOURCE_DOES_NOT_EXIST',
        message: `Registered Model with name=${url.searchParams.get('name')} not found`,
      });
    }
    if (url.pathname === '/api/2.0/mlflow/experiments/create' && req.method === 'POST') {
      return mlflowJson(res, 200, { experiment_id: '917' });
    }
    mlflowJson(res, 404, { error_code: 'ENDPOINT_NOT_FOUND', message: `No endpoint ${url.pathname}` });
  });
}
