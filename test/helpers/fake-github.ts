// A small GitHub on 127.0.0.1 with state: the REST endpoints `github push` uses (repository, labels,
// issues list / get / create / update), token checks, pagination by Link header, and hooks for the
// failures a real GitHub produces (rate limits, validation errors, a crash mid-push).
import type { ServerResponse } from 'node:http';
import { startServer, type Received, type TestServer } from './http-server';

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason: string | null;
  labels: string[];
  html_url: string;
}

export interface FakeGitHub {
  url: string;
  repo: string;
  issues: FakeIssue[];
  labels: { name: string; color: string; description: string }[];
  /** Every request, with the time it arrived (ms since epoch). */
  log: (Received & { at: number; status?: number })[];
  /**
   * Runs before the endpoints: return true when it answered the request itself. `creates` counts
   * POST /issues received so far, this one included.
   */
  intercept?: (req: Received, res: ServerResponse, creates: number) => boolean;
  /** Called after an issue was created, before the answer is sent; true drops the connection instead. */
  afterCreate?: (issue: FakeIssue, creates: number) => boolean | void;
  writes(): Received[];
  close(): Promise<void>;
}

const PAGE = 2; // small pages, so pagination is exercised

export async function startFakeGitHub(options: { token: string; repo?: string }): Promise<FakeGitHub> {
  const repo = options.repo ?? 'acme/platform';
  let creates = 0;
  const fake: FakeGitHub = {
    url: '',
    repo,
    issues: [],
    labels: [],
    log: [],
    writes: () => fake.log.filter((r) => r.method !== 'GET'),
    close: () => server.close(),
  };
  const base = `/repos/${repo}`;

  const handle = (req: Received, res: ServerResponse) => {
    const entry: FakeGitHub['log'][number] = { ...req, at: Date.now() };
    fake.log.push(entry);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url, 'http://fake');
    if (req.method === 'POST' && url.pathname === `${base}/issues`) creates++;
    if (fake.intercept?.(req, res, creates)) return;
    const auth = req.headers.authorization ?? '';
    if (auth !== `token ${options.token}` && auth !== `bearer ${options.token}`) {
      return send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    }
    if (!url.pathname.startsWith(base) || (url.pathname.length > base.length && url.pathname[base.length] !== '/')) {
      return send(404, { message: 'Not Found' });
    }
    const path = url.pathname.slice(base.length);
    const body = req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};
    const page = <T>(items: T[]) => {
      const n = Number(url.searchParams.get('page') ?? '1');
      const slice = items.slice((n - 1) * PAGE, n * PAGE);
      const headers: Record<string, string> = {};
      if (n * PAGE < items.length) {
        const next = new URL(`${fake.url}${url.pathname}${url.search}`);
        next.searchParams.set('page', String(n + 1));
        headers['link'] = `<${next.toString()}>; rel="next"`;
      }
      send(200, slice, headers);
    };
    const issueJson = (i: FakeIssue) => ({ ...i, labels: i.labels.map((name) => ({ name })) });

    if (req.method === 'GET' && path === '') return send(200, { full_name: repo, has_issues: true, permissions: { push: true } });
    if (req.method === 'GET' && path === '/labels') return page(fake.labels);
    if (req.method === 'POST' && path === '/labels') {
      const name = String(body['name'] ?? '');
      if (fake.labels.some((l) => l.name.toLowerCase() === name.toLowerCase())) {
        return send(422, { message: 'Validation Failed', errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] });
      }
      const label = { name, color: String(body['color'] ?? 'ededed'), description: String(body['description'] ?? '') };
      fake.labels.push(label);
      return send(201, label);
    }
    if (req.method === 'GET' && path === '/issues') {
      const wanted = url.searchParams.get('labels');
      const state = url.searchParams.get('state') ?? 'open';
      const issues = fake.issues
        .filter((i) => state === 'all' || i.state === state)
        .filter((i) => !wanted || wanted.split(',').every((w) => i.labels.includes(w)))
        .sort((a, b) => b.number - a.number);
      return page(issues.map(issueJson));
    }
    if (req.method === 'POST' && path === '/issues') {
      const title = String(body['title'] ?? '');
      if (!title.trim())
        return send(422, { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }] });
      const number = fake.issues.length + 1;
      const labels = (body['labels'] as string[] | undefined) ?? [];
      for (const name of labels)
        if (!fake.labels.some((l) => l.name === name)) fake.labels.push({ name, color: 'ededed', description: '' });
      const issue: FakeIssue = {
        number,
        title,
        body: String(body['body'] ?? ''),
        state: 'open',
        state_reason: null,
        labels,
        html_url: `https://github.example/${repo}/issues/${number}`,
      };
      fake.issues.push(issue);
      if (fake.afterCreate?.(issue, creates) === true) {
        entry.status = 0;
        res.socket?.destroy();
        return;
      }
      return send(201, issueJson(issue));
    }
    const one = /^\/issues\/(\d+)$/.exec(path);
    const issue = one ? fake.issues.find((i) => i.number === Number(one[1])) : undefined;
    if (one && !issue) return send(404, { message: 'Not Found' });
    if (issue && req.method === 'GET') return send(200, issueJson(issue));
    if (issue && req.method === 'PATCH') {
      if (typeof body['title'] === 'string') issue.title = body['title'];
      if (typeof body['body'] === 'string') issue.body = body['body'];
      if (Array.isArray(body['labels'])) issue.labels = body['labels'] as string[];
      if (body['state'] === 'open' || body['state'] === 'closed') {
        issue.state = body['state'];
        issue.state_reason = typeof body['state_reason'] === 'string' ? body['state_reason'] : null;
      }
      return send(200, issueJson(issue));
    }
    return send(404, { message: `Not Found: ${req.method} ${url.pathname}` });
  };

  const server: TestServer = await startServer(handle);
  fake.url = server.url;
  return fake;
}

/** GitHub's answer to too many content-creating requests: 403 with retry-after. */
export function secondaryRateLimit(res: ServerResponse, retryAfterSeconds: number): void {
  res.writeHead(403, { 'content-type': 'application/json', 'retry-after': String(retryAfterSeconds) });
  res.end(JSON.stringify({ message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }));
}

/** GitHub's answer when the hourly quota is used up: 403, remaining 0, reset at an epoch second. */
export function primaryRateLimit(res: ServerResponse, resetEpochSeconds: number): void {
  res.writeHead(403, {
    'content-type': 'application/json',
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(resetEpochSeconds),
  });
  res.end(JSON.stringify({ message: 'API rate limit exceeded for user ID 1.' }));
}
