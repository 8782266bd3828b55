// The GitHub REST client: Octokit with the throttling and retry plugins rather than hand-written
// HTTP, because GitHub's limits have rules of their own (retry-after on secondary limits,
// x-ratelimit-reset on primary ones, pacing of content-creating requests) that the plugins follow
// and keep up to date. This module adds the pacing knob, the waits the user is told about, and one
// clear line per failure — with the token redacted from every message.
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import { DEFAULT_PACING, type Pacing } from './pacing';
import { DEFAULT_API_URL } from './token';

export interface ClientOptions {
  token: string;
  apiUrl?: string;
  pacing?: Pacing;
  /** Longest rate-limit wait accepted before giving up (and queueing the push). */
  maxWaitSeconds?: number;
  /** Told of each rate-limit wait, so the user knows why nothing happens. */
  onWait?: (message: string) => void;
}

// Annotated: the plugins add nothing this code calls, and the inferred type cannot be emitted.
const GitHub: typeof Octokit = Octokit.plugin(throttling, retry);
export type GitHubClient = Octokit;

/**
 * Writes one at a time, `ms` apart: a Bottleneck group, as the throttling plugin builds its own,
 * so that its fixed 1 s / 3 s write pacing becomes configurable (tests run with none). The same
 * Bottleneck the plugin uses.
 */
const pacedGroup = (ms: number) => new Bottleneck.Group({ maxConcurrent: 1, minTime: ms });

/** Octokit logs nothing of its own: progress and errors are ours to word (and to redact). */
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export function createGitHubClient(options: ClientOptions): GitHubClient {
  const pacing = options.pacing ?? DEFAULT_PACING;
  const maxWait = options.maxWaitSeconds ?? 15 * 60;
  const wait =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string } & Record<string, unknown>, _octokit: unknown, retryCount: number) => {
      if (retryCount >= 3 || retryAfter > maxWait) return false;
      const path = request.url.replace(/\{(\w+)\}/g, (m, name: string) => String(request[name] ?? m));
      options.onWait?.(`GitHub ${kind}: waiting ${retryAfter} s before retrying ${request.method} ${path}`);
      return true;
    };
  return new GitHub({
    auth: options.token,
    baseUrl: (options.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, ''),
    userAgent: 'audit-workbench',
    log: silent,
    throttle: {
      onRateLimit: wait('rate limit reached (x-ratelimit-reset)'),
      onSecondaryRateLimit: wait('secondary rate limit (retry-after)'),
      write: pacedGroup(pacing.writeMs),
      notifications: pacedGroup(pacing.createMs),
    },
    retry: { retries: 2 },
  });
}

// ---- failures -----------------------------------------------------------------------------------

/** GitHub could not be reached or asks to come back later: the push is queued, not failed. */
export class GitHubUnavailable extends Error {
  override name = 'GitHubUnavailable';
}

interface HttpFailure {
  status: number;
  message: string;
  response?: { headers: Record<string, string | undefined>; data: unknown };
  cause?: unknown;
}

const isHttpFailure = (e: unknown): e is HttpFailure => e instanceof Error && typeof (e as { status?: unknown }).status === 'number';

const NETWORK_CODES = /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR_\w+)$/;

/** The system error code behind a failed fetch (`ECONNREFUSED` …), walking the cause chain. */
function networkCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.test(code)) return code;
  }
  return undefined;
}

/** Replaces every occurrence of the token (should GitHub or a proxy ever echo it back). */
export function redact(text: string, token: string | undefined): string {
  return token ? text.split(token).join('[token redacted]') : text;
}

/** 422 details: `title: missing_field`, `labels: invalid (…)`. */
function rejectedFields(data: unknown): string {
  const errors = (data as { errors?: unknown })?.errors;
  if (!Array.isArray(errors) || !errors.length) return String((data as { message?: unknown })?.message ?? 'validation failed');
  return errors
    .map((e: { field?: string; code?: string; message?: string; resource?: string } | string) =>
      typeof e === 'string' ? e : `field "${e.field ?? e.resource ?? '?'}" ${e.code ?? 'invalid'}${e.message ? ` (${e.message})` : ''}`,
    )
    .join('; ');
}

/**
 * One line saying what went wrong while doing `doing` (e.g. `creating issue [ML-01] …`), or a
 * GitHubUnavailable when the push should be queued. Never includes the token.
 */
export function gitHubFailure(error: unknown, doing: string, ctx: { repo: string; token: string | undefined; tokenSource: string }): Error {
  const say = (text: string, Kind: new (message: string) => Error = Error) => new Kind(redact(text, ctx.token));
  const code = networkCode(error);
  if (code || (isHttpFailure(error) && !error.response && error.status === 500)) {
    return say(`GitHub is unreachable (${code ?? (error as Error).message}) while ${doing}`, GitHubUnavailable);
  }
  if (!isHttpFailure(error)) return say(`${doing}: ${error instanceof Error ? error.message : String(error)}`);
  const headers = error.response?.headers ?? {};
  const data = error.response?.data;
  const apiMessage = String((data as { message?: unknown })?.message ?? error.message).split(' - https://')[0]!;
  switch (error.status) {
    case 401:
      return say(
        `GitHub refused the token (401) while ${doing}: check ${ctx.tokenSource} — it may be missing a character, expired or revoked`,
      );
    case 403:
    case 429:
      if (headers['x-ratelimit-remaining'] === '0') {
        const reset = new Date(Number(headers['x-ratelimit-reset'] ?? 0) * 1000).toISOString().slice(11, 16);
        return say(`GitHub's rate limit is used up until ${reset} UTC (while ${doing})`, GitHubUnavailable);
      }
      if (/secondary rate limit/i.test(apiMessage))
        return say(`GitHub's secondary rate limit still applies after waiting (while ${doing})`, GitHubUnavailable);
      return say(
        `GitHub refused access (${error.status}) while ${doing}: the token from ${ctx.tokenSource} needs read and write access to the issues of ${ctx.repo} (${apiMessage})`,
      );
    case 404:
      return say(`GitHub has no repository ${ctx.repo}, or the token from ${ctx.tokenSource} cannot see it (404 while ${doing})`);
    case 410:
      return say(`Issues are disabled in ${ctx.repo} (410 while ${doing})`);
    case 422:
      return say(`GitHub rejected ${doing} (422): ${rejectedFields(data)}`);
    default:
      if (error.status >= 500) return say(`GitHub is unavailable (${error.status}: ${apiMessage}) while ${doing}`, GitHubUnavailable);
      return say(`GitHub answered ${error.status} while ${doing}: ${apiMessage}`);
  }
}
