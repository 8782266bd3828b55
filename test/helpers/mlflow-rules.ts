// What a real MLflow tracking server enforces, for the servers that stand in for one in tests. Each
// rule names where MLflow states it (MLflow 2.9 sources, read through the search tool):
// - mlflow/server/validation.py `_validate_content_type`: a POST or PUT without
//   `Content-Type: application/json` is answered 400 INVALID_PARAMETER_VALUE, "Bad Request.
//   Content-Type must be one of ['application/json']." ("… header is missing." when absent).
// - mlflow/store/tracking/__init__.py: SEARCH_MAX_RESULTS_DEFAULT = 1000, SEARCH_MAX_RESULTS_THRESHOLD
//   = 50000 (runs/search, experiments/search); GET_METRIC_HISTORY_MAX_RESULTS = 25000.
// - mlflow/store/model_registry/__init__.py: SEARCH_REGISTERED_MODEL_MAX_RESULTS_DEFAULT = 100,
//   …_THRESHOLD = 1000; SEARCH_MODEL_VERSION_MAX_RESULTS_DEFAULT = 10000, …_THRESHOLD = 200_000.
// - Page tokens are opaque base64 (MLflow encodes an offset); a search past the threshold is 400
//   INVALID_PARAMETER_VALUE (the message here is MLflow's in substance, not verbatim).
// - mlflow/utils/proto_json_utils.py `message_to_json` (what server/handlers.py `_wrap_response`
//   answers with): `json.dumps(…, indent=2)`, so every answer is indented by two spaces, `": "`
//   between a name and its value, and, Python's default `ensure_ascii`, any character beyond ASCII
//   written as a `\uXXXX` escape.
import type { ServerResponse } from 'node:http';
import type { Received } from './http-server';

/** An answer as MLflow writes one (see message_to_json above). */
export function mlflowJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(pythonJson(body));
}

/** json.dumps(value, indent=2) with ensure_ascii, for the JSON JavaScript writes the same (strings, integers, objects, arrays). */
export const pythonJson = (value: unknown) =>
  JSON.stringify(value, null, 2).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export const LIMITS = {
  runs: { default: 1000, max: 50_000 },
  experiments: { default: 1000, max: 50_000 },
  registeredModels: { default: 100, max: 1000 },
  modelVersions: { default: 10_000, max: 200_000 },
  metricHistory: { default: 25_000, max: 25_000 },
} as const;

export const mlflowError = (res: ServerResponse, status: number, code: string, message: string) =>
  mlflowJson(res, status, { error_code: code, message });

/** The Content-Type rule; true when the request was refused (and answered). */
export function refusedContentType(req: Received, res: ServerResponse): boolean {
  if (req.method !== 'POST' && req.method !== 'PUT') return false;
  const type = req.headers['content-type'];
  if (type === undefined) {
    mlflowError(res, 400, 'INVALID_PARAMETER_VALUE', 'Bad Request. Content-Type header is missing.');
    return true;
  }
  if (type.split(';')[0]!.trim() !== 'application/json') {
    mlflowError(res, 400, 'INVALID_PARAMETER_VALUE', "Bad Request. Content-Type must be one of ['application/json'].");
    return true;
  }
  return false;
}

/** A request's parameters: the JSON body of a POST, the query string of a GET (repeated keys as lists). */
export function requestParams(req: Received): Record<string, unknown> {
  if (req.method === 'POST' || req.method === 'PUT') return req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  const url = new URL(req.url, 'http://x');
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}

export const encodeToken = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString('base64');
export function decodeToken(token: unknown): number | null {
  if (token === undefined || token === '') return 0;
  try {
    const offset = (JSON.parse(Buffer.from(String(token), 'base64').toString('utf8')) as { offset?: unknown }).offset;
    return typeof offset === 'number' && Number.isInteger(offset) && offset >= 0 ? offset : null;
  } catch {
    return null;
  }
}

/** One page of `items` as MLflow pages a search: `max_results` within its limit, an opaque token. */
export function page<T>(
  res: ServerResponse,
  params: Record<string, unknown>,
  items: readonly T[],
  limit: { default: number; max: number },
  key: string,
): void {
  const max = params['max_results'] === undefined ? limit.default : Number(params['max_results']);
  if (!Number.isInteger(max) || max < 1 || max > limit.max) {
    return mlflowError(
      res,
      400,
      'INVALID_PARAMETER_VALUE',
      `Invalid value ${String(params['max_results'])} for parameter 'max_results' supplied: it must be at most ${limit.max}`,
    );
  }
  const offset = decodeToken(params['page_token']);
  if (offset === null) return mlflowError(res, 400, 'INVALID_PARAMETER_VALUE', 'Invalid page token, could not base64-decode');
  const slice = items.slice(offset, offset + max);
  const next = offset + max < items.length ? encodeToken(offset + max) : undefined;
  mlflowJson(res, 200, { ...(slice.length ? { [key]: slice } : {}), ...(next ? { next_page_token: next } : {}) });
}
