// A stand-in for an MLflow 2.9 tracking server over a deployment's data: the REST 2.0 endpoints the
// templates read, with MLflow's rules (mlflow-rules.ts): JSON Content-Type on POST, max_results
// limits and default page sizes, opaque page tokens, `run_view_type` ACTIVE_ONLY by default, 404
// RESOURCE_DOES_NOT_EXIST for an unknown run, `model-versions/search` without `aliases` (MLflow
// 2.9 returns them through `registered-models/search` only), no authentication unless a token is
// set (a stock `mlflow server` has none), and a write (`experiments/create`) accepted when there is none.
import { startServer, type TestServer } from './http-server';
import { LIMITS, mlflowError, mlflowJson, page, refusedContentType, requestParams } from './mlflow-rules';

type Json = Record<string, unknown>;

export interface MlflowData {
  experiments: Json[];
  /** Runs as `runs/search` returns them ({info, data, inputs}), deleted ones with lifecycle_stage deleted. */
  runs: Json[];
  registeredModels: Json[];
  /** Model versions; their `aliases` are served by registered-models/search only. */
  modelVersions: Json[];
  /** `run_id/metric_key` → the metric's history, step by step. */
  metricHistory?: Record<string, Json[]>;
}

const VIEW_TYPES = new Set(['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL']);

export function startMlflowServer(data: MlflowData, options: { token?: string } = {}): Promise<TestServer> {
  return startServer((req, res) => {
    if (options.token && req.headers['authorization'] !== `Bearer ${options.token}`) {
      return mlflowError(
        res,
        401,
        'UNAUTHENTICATED',
        'You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html on how to authenticate.',
      );
    }
    if (refusedContentType(req, res)) return;
    const url = new URL(req.url, 'http://x');
    const route = `${req.method} ${url.pathname.replace(/^\/api\/2\.0\/mlflow\//, '')}`;
    let params: Json;
    try {
      params = requestParams(req);
    } catch {
      return mlflowError(res, 400, 'MALFORMED_REQUEST', 'Malformed request: the body is not valid JSON');
    }
    const viewType = String(params['run_view_type'] ?? params['view_type'] ?? 'ACTIVE_ONLY');
    if (!VIEW_TYPES.has(viewType)) return mlflowError(res, 400, 'INVALID_PARAMETER_VALUE', `Invalid view type ${viewType}`);
    const visible = (stage: unknown) => viewType === 'ALL' || (viewType === 'ACTIVE_ONLY' ? stage !== 'deleted' : stage === 'deleted');
    switch (route) {
      case 'GET experiments/search':
      case 'POST experiments/search':
        return page(
          res,
          params,
          data.experiments.filter((e) => visible(e['lifecycle_stage'])),
          LIMITS.experiments,
          'experiments',
        );
      case 'POST runs/search': {
        const ids = params['experiment_ids'];
        if (!Array.isArray(ids) || ids.length === 0) {
          return mlflowError(res, 400, 'INVALID_PARAMETER_VALUE', "Missing value for required parameter 'experiment_ids'.");
        }
        const wanted = new Set(ids.map(String));
        const runs = data.runs.filter((r) => {
          const info = r['info'] as Json;
          return wanted.has(String(info['experiment_id'])) && visible(info['lifecycle_stage']);
        });
        return page(res, params, runs, LIMITS.runs, 'runs');
      }
      case 'GET runs/get': {
        const id = String(params['run_id'] ?? params['run_uuid'] ?? '');
        const run = data.runs.find((r) => (r['info'] as Json)['run_id'] === id);
        // runs/get answers for a deleted run too: only garbage collection removes it.
        return run ? mlflowJson(res, 200, { run }) : mlflowError(res, 404, 'RESOURCE_DOES_NOT_EXIST', `Run with id=${id} not found`);
      }
      case 'GET metrics/get-history': {
        const key = `${String(params['run_id'] ?? '')}/${String(params['metric_key'] ?? '')}`;
        const history = data.metricHistory?.[key];
        if (!data.runs.some((r) => (r['info'] as Json)['run_id'] === params['run_id'])) {
          return mlflowError(res, 404, 'RESOURCE_DOES_NOT_EXIST', `Run with id=${String(params['run_id'])} not found`);
        }
        return page(res, params, history ?? [], LIMITS.metricHistory, 'metrics');
      }
      case 'GET registered-models/search':
      case 'POST registered-models/search':
        return page(res, params, data.registeredModels, LIMITS.registeredModels, 'registered_models');
      case 'GET model-versions/search':
      case 'POST model-versions/search': {
        const filter = typeof params['filter'] === 'string' ? /name\s*=\s*'([^']*)'/.exec(params['filter'])?.[1] : undefined;
        const versions = data.modelVersions
          .filter((v) => filter === undefined || v['name'] === filter)
          .map(({ aliases: _servedElsewhere, ...v }) => v);
        return page(res, params, versions, LIMITS.modelVersions, 'model_versions');
      }
      case 'POST experiments/create':
        // No authentication: anyone may write. The planted gap of a stock server.
        return mlflowJson(res, 200, { experiment_id: String(data.experiments.length + 100) });
      default:
        return mlflowError(res, 404, 'ENDPOINT_NOT_FOUND', `No API endpoint ${req.method} ${url.pathname}`);
    }
  });
}
