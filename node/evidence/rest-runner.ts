// rest cells: one HTTP request (and its pages), with `${PARAM}` substitution, authentication from a
// secret reference bound to the host it belongs to (never sent to another origin, redirects
// included), MLflow `next_page_token` and `Link` pagination up to a cap, a timeout and a size cap.
import { requestHeaders } from '../../core/evidence/command-text';
import { isJson } from '../../core/evidence/parse';
import type { Cell } from '../../core/workbook/schema';
import { megabytes } from './errors';
import { topLevelString } from '../../core/evidence/pages';
import type { PagedOutput } from '../../core/evidence/capture';
import { PagedCapture } from './paged-capture';
import { describeRef, isoNow, recordedCommand, resolveForDisplay, resolveForRun, type RunContext, type RunnerResult } from './context';

type RestCell = Extract<Cell, { kind: 'rest' }>;

export const MAX_PAGES = 1000;
/** Requests of one `forEach` cell (one per row), pages included. */
export const MAX_REQUESTS = 10_000;
const MAX_REDIRECTS = 5;

class RestError extends Error {}

interface Page {
  /** The values of the `forEach` row this page was requested for. */
  request?: ReadonlyMap<string, string>;
  status: number;
  url: string;
  contentType: string;
  body: Buffer;
  link: string | null;
}

const text = (page: Page) => page.body.toString('utf8');

/** A fetch failure as one sentence: DNS, refused, TLS, timeout. */
function describeFetchError(error: unknown, url: URL, timeoutMs: number): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code ?? '';
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError') return `no response from ${url.host} within ${Math.round(timeoutMs / 1000)} s`;
  if (name === 'AbortError') return 'request cancelled';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot resolve host ${url.hostname} (DNS)`;
  if (code === 'ECONNREFUSED') return `connection refused by ${url.host}`;
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return `connection to ${url.host} was closed before the response ended`;
  if (/CERT|TLS|SSL|SELF_SIGNED/i.test(code) || /certificate|TLS|SSL/i.test(cause?.message ?? '')) {
    return `TLS error with ${url.host}: ${cause?.message ?? code}`;
  }
  return `request to ${url.host} failed: ${cause?.message ?? (error as Error).message}`;
}

/** Reads a body up to `maxBytes`, refusing (not buffering) anything larger. */
async function readCapped(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new RestError(`response of ${megabytes(declared)} exceeds the ${megabytes(maxBytes)} cap; narrow the request`);
  }
  const reader = response.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel();
      throw new RestError(`response exceeds the ${megabytes(maxBytes)} cap; narrow the request`);
    }
    chunks.push(value);
  }
  const bytes = Buffer.concat(chunks);
  if (bytes.subarray(0, 8192).includes(0)) throw new RestError('the response is binary; evidence must be text');
  return bytes;
}

/** MLflow's error JSON (`error_code`, `message`) as text, when the body is one. */
function mlflowError(text: string): string | null {
  try {
    const body = JSON.parse(text) as { error_code?: string; message?: string };
    if (body.error_code || body.message) return [body.error_code, body.message].filter(Boolean).join(': ');
  } catch {
    /* not JSON */
  }
  return null;
}

function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m) return m[1]!;
  }
  return null;
}

export async function runRest(cell: RestCell, ctx: RunContext, fetchImpl: typeof fetch = fetch): Promise<RunnerResult> {
  const startedAt = isoNow(ctx);
  const started = performance.now();
  const rows = ctx.forEachRows ?? [new Map<string, string>()];
  const rowContext = (row: ReadonlyMap<string, string>): RunContext =>
    row.size ? { ...ctx, bindings: new Map([...(ctx.bindings ?? []), ...row]) } : ctx;
  let origin = '';
  try {
    // The origin the credentials belong to (a `forEach` cell with no row sends nothing).
    if (rows[0]) origin = new URL(resolveForRun(cell.url, rowContext(rows[0]))).origin;
  } catch (error) {
    return {
      ok: false,
      error: error instanceof TypeError ? `not a valid URL: ${resolveForDisplay(cell.url, ctx)}` : (error as Error).message,
    };
  }
  const authParam = cell.auth ? ctx.parameters.find((p) => p.name === cell.auth!.parameter) : undefined;
  const secret = cell.auth ? ctx.secrets.get(cell.auth.parameter) : undefined;
  // A stock MLflow server has no authentication: an optional token that is unset means no credentials.
  if (cell.auth && secret === undefined && authParam?.required) {
    return { ok: false, error: `secret parameter ${cell.auth.parameter} is required (${describeRef(authParam)})` };
  }
  const withoutCredentials = cell.auth !== undefined && secret === undefined;

  /** One request, following redirects by hand so the secret never leaves its origin. */
  const request = async (url: URL, body: string | undefined, baseHeaders: Record<string, string>): Promise<Page> => {
    let current = url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const headers: Record<string, string> = { ...baseHeaders };
      if (secret !== undefined && cell.auth && current.origin === origin) headers['Authorization'] = `${cell.auth.scheme} ${secret}`;
      const signals = [AbortSignal.timeout(ctx.limits.timeoutMs), ...(ctx.signal ? [ctx.signal] : [])];
      let response: Response;
      try {
        response = await fetchImpl(current, {
          method: cell.method,
          headers,
          ...(body !== undefined && cell.method !== 'GET' && cell.method !== 'HEAD' ? { body } : {}),
          redirect: 'manual',
          signal: AbortSignal.any(signals),
        });
      } catch (error) {
        throw new RestError(describeFetchError(error, current, ctx.limits.timeoutMs));
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        current = new URL(location, current);
        continue;
      }
      let received: Buffer;
      try {
        received = await readCapped(response, ctx.limits.maxOutputBytes);
      } catch (error) {
        if (error instanceof RestError) throw error;
        throw new RestError(describeFetchError(error, current, ctx.limits.timeoutMs));
      }
      return {
        status: response.status,
        url: current.toString(),
        contentType: response.headers.get('content-type') ?? '',
        body: received,
        link: response.headers.get('link'),
      };
    }
    throw new RestError(`more than ${MAX_REDIRECTS} redirects from ${url.host}`);
  };

  /** Every page of one request (one row of a `forEach`, or the cell's only request). */
  const fetchAll = async (rctx: RunContext, row?: ReadonlyMap<string, string>) => {
    const baseHeaders = Object.fromEntries(requestHeaders(cell).map((h) => [h.name, resolveForRun(h.value, rctx)]));
    const baseBody = cell.body === undefined ? undefined : resolveForRun(cell.body, rctx);
    let url = new URL(resolveForRun(cell.url, rctx));
    let body = baseBody;
    for (let n = 0; n < MAX_PAGES; n++) {
      if (pages.length >= MAX_REQUESTS) throw new RestError(`more than ${MAX_REQUESTS} requests; narrow the request`);
      const page = { ...(await request(url, body, baseHeaders)), ...(row ? { request: row } : {}) };
      // Pages that are not JSON (a CSV or text API paged by Link headers) are kept whole, as before.
      if (sink && pages.length === 0 && !/json/i.test(page.contentType) && !/^\s*[[{]/.test(page.body.subarray(0, 64).toString('utf8'))) {
        await sink.abort();
        sink = null;
      }
      // A streamed page goes to the capture; only what the http_responses table needs stays here.
      pages.push(sink ? { ...page, body: Buffer.alloc(0) } : page);
      const accepted = page.status < 400 || (cell.acceptStatus ?? []).includes(page.status);
      if (!accepted) {
        const detail = mlflowError(text(page));
        throw new RestError(`HTTP ${page.status} from ${new URL(page.url).host}${detail ? `: ${detail}` : ''}`);
      }
      let parsed: unknown;
      if (sink) {
        // The token is read from the bytes, so that the next page is requested while this one is cleaned.
        if (cell.pagination === 'mlflow') parsed = { next_page_token: topLevelString(page.body, 'next_page_token') ?? undefined };
        await sink.addPage(page.body);
      } else if ((/json/i.test(page.contentType) || /^\s*[[{]/.test(text(page))) && text(page).trim() !== '') {
        try {
          parsed = JSON.parse(text(page));
        } catch {
          throw new RestError(`the response of ${new URL(page.url).host} is not valid JSON (truncated or malformed)`);
        }
      }
      if (cell.pagination === 'mlflow') {
        const token = (parsed as { next_page_token?: string } | undefined)?.next_page_token;
        if (!token) break;
        if (cell.method === 'GET') {
          url = new URL(url);
          url.searchParams.set('page_token', token);
        } else body = JSON.stringify({ ...(baseBody ? JSON.parse(baseBody) : {}), page_token: token });
      } else if (cell.pagination === 'link') {
        const next = nextLink(page.link);
        if (!next) break;
        url = new URL(next, page.url);
      } else break;
      if (n === MAX_PAGES - 1) throw new RestError(`more than ${MAX_PAGES} pages; narrow the request`);
    }
  };

  const pages: Page[] = [];
  // A paginated response is captured as it streams in (a `forEach` one keeps each page with its row, whole).
  const streaming = cell.pagination !== 'none' && !cell.forEach;
  let sink: PagedCapture | null = null;
  let paged: PagedOutput | undefined;
  try {
    if (streaming)
      sink = new PagedCapture({
        dir: ctx.workbookDir,
        cellId: cell.id,
        write: ctx.record !== false,
        partBytes: ctx.limits.partBytes,
        ...(cell.captures.at(-1) ? { previousHash: cell.captures.at(-1)!.hash } : {}),
        tokenKey: cell.pagination === 'mlflow' ? 'next_page_token' : null,
        secrets: [...ctx.secrets.values()],
      });
    for (const row of rows) await fetchAll(rowContext(row), cell.forEach ? row : undefined);
    paged = await sink?.finish();
  } catch (error) {
    await sink?.abort();
    return { ok: false, error: (error as Error).message };
  }

  const json = (text: string) => (text.trim() === '' ? 'null' : isJson(text) ? text : JSON.stringify(text));
  // A forEach capture keeps with each page the values it was requested with (a metric history does not name its run).
  const output = paged
    ? ''
    : cell.forEach
      ? `[${pages.map((p) => `{"request":${JSON.stringify(Object.fromEntries(p.request ?? []))},"response":${json(text(p))}}`).join(',\n')}]`
      : pages.length === 1
        ? text(pages[0]!)
        : `[${pages.map((p) => json(text(p))).join(',\n')}]`;
  return {
    ok: true,
    output: {
      command: recordedCommand(cell, ctx, { requests: pages.length, withoutCredentials }),
      output,
      ...(paged ? { paged } : {}),
      startedAt,
      durationMs: Math.round(performance.now() - started),
      exitStatus: pages.at(-1)?.status ?? null,
      toolVersion: `node fetch (undici), Node ${process.versions.node}`,
      responses: pages.map((p, i) => ({ page: i + 1, status: p.status, url: p.url })),
      ...(withoutCredentials ? { notes: [`sent without credentials: ${cell.auth!.parameter} is not set`] } : {}),
      secrets: [...ctx.secrets.values()],
    },
  };
}
