// The browser shell's server: the API contract over HTTP on 127.0.0.1, refused without the token
// or from another origin, with every argument validated; static files without path traversal.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../core/contract';
import { dispatch } from '../../node/api/handlers';
import { startShellServer, TOKEN_HEADER, type ShellServer } from '../../node/shell/server';
import { copyFixture, tempDir } from '../helpers/workbooks';

let server: ShellServer;
let demo: { dir: string; cleanup: () => Promise<void> };
let web: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  demo = await copyFixture('demo-helix-backbone');
  web = await tempDir('aw-web-');
  await writeFile(join(web.dir, 'index.html'), '<!doctype html><title>Audit Workbench</title>');
  await mkdir(join(web.dir, 'assets'));
  await writeFile(join(web.dir, 'assets', 'app.js'), 'console.log(1)');
  server = await startShellServer({ staticDir: web.dir });
});
afterAll(async () => {
  await server?.close();
  await demo?.cleanup();
  await web?.cleanup();
});

type Body = { data?: unknown; error: { kind: string; message: string } };
const json = async (r: Response) => (await r.json()) as Body;
const call = (channel: string, body: unknown, headers: Record<string, string> = { [TOKEN_HEADER]: server.token }) =>
  fetch(`${server.url}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('browser shell server', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.token).toMatch(/^[0-9a-f]{48}$/);
  });

  it('answers the contract with the session token', async () => {
    const info = await call('app:info', {});
    expect(info.status).toBe(200);
    expect(await info.json()).toEqual({ data: { name: 'Audit Workbench', version: '0.1.0', transport: 'http', secrets: 'memory' } });
    const open = (await (await call('workbook:open', { dir: demo.dir })).json()) as { data: { workbook: { title: string } } };
    expect(open.data.workbook.title).toBe('Helix Capital — MLflow backbone audit');
    const query = (await (
      await call('query:run', { dir: demo.dir, sql: "SELECT count(*) AS n FROM runs WHERE coalesce(user_id, '') = ''" })
    ).json()) as { data: { result: { rows: unknown[][] }; tables: string[] } };
    expect(query.data.result.rows).toEqual([[1]]);
    expect(query.data.tables).toContain('run_tags');
  });

  it("keeps a secret entered in the page in this server's memory only: listed, usable, gone with the server", async () => {
    expect((await json(await call('secret:set', { name: 'mlflow-prod', value: 'tok-entered-in-page' }))).data).toEqual({
      name: 'mlflow-prod',
    });
    expect((await json(await call('secret:list', {}))).data).toEqual({ names: ['mlflow-prod'] });
    // Another server (the next launch) starts empty: the value was never written anywhere.
    const next = await startShellServer({});
    try {
      const listed = await fetch(`${next.url}/api/secret:list`, { method: 'POST', headers: { [TOKEN_HEADER]: next.token }, body: '{}' });
      expect(((await listed.json()) as Body).data).toEqual({ names: [] });
    } finally {
      await next.close();
    }
    expect((await json(await call('secret:delete', { name: 'mlflow-prod' }))).data).toEqual({ name: 'mlflow-prod', existed: true });
  });

  it('refuses requests without the token, with a wrong token, or from another origin', async () => {
    expect((await call('app:info', {}, {})).status).toBe(401);
    expect((await call('app:info', {}, { [TOKEN_HEADER]: 'f'.repeat(48) })).status).toBe(401);
    const foreign = await call('app:info', {}, { [TOKEN_HEADER]: server.token, origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect((await json(foreign)).error.message).toBe('requests from another origin are refused');
    expect((await call('app:info', {}, { [TOKEN_HEADER]: server.token, origin: server.url })).status).toBe(200);
  });

  it('rejects malformed requests with a message naming the field, and unknown channels', async () => {
    const notJson = await call('workbook:open', '{"dir": ');
    expect(notJson.status).toBe(400);
    const missing = await call('workbook:open', {});
    expect(missing.status).toBe(400);
    expect((await json(missing)).error).toEqual({
      kind: 'invalid-request',
      message: 'workbook:open: dir: Invalid input: expected string, received undefined',
    });
    const extra = await call('workbook:open', { dir: demo.dir, shell: 'rm -rf /' });
    expect(extra.status).toBe(400);
    expect((await json(extra)).error.message).toMatch(/^workbook:open: .*shell/);
    const unknown = await call('fs:delete', {});
    expect(unknown.status).toBe(404);
    const failed = await call('workbook:open', { dir: join(demo.dir, 'nope') });
    expect(failed.status).toBe(422);
    expect((await json(failed)).error.message).toMatch(/workbook\.json: not found: this folder is not a workbook$/);
  });

  it('serves the renderer files and nothing outside them', async () => {
    const index = await fetch(`${server.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await fetch(`${server.url}/assets/app.js`)).headers.get('content-type')).toBe('text/javascript');
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/assets/../../etc/passwd']) {
      expect((await fetch(`${server.url}${path}`)).status).toBe(404);
    }
  });

  it('validates every channel before its handler runs', async () => {
    for (const channel of CHANNELS.filter((c) => c !== 'app:info' && c !== 'template:list')) {
      const result = await dispatch(channel, { unexpected: true });
      expect('error' in result && result.error.kind).toBe('invalid-request');
    }
  });
});
