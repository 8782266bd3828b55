// The browser shell's server under generated hostile requests: 1,200 raw HTTP requests (methods,
// paths with every encoding trick, Host and Content-Length duplicated, missing or lying, bodies
// empty, huge or cut, bytes that are not HTTP) sent over TCP. Every one is answered or its
// connection closed; none crashes the server, none gets the session token unless it passes every
// check; and a good request is answered afterwards.
import { mkdir, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShellServer, TOKEN_HEADER, type ShellServer } from '../../node/shell/server';
import { tempDir } from '../helpers/workbooks';

const REQUESTS = 1200;
let server: ShellServer;
let web: { dir: string; cleanup: () => Promise<void> };
const uncaught: unknown[] = [];
const record = (e: unknown) => uncaught.push(e);

beforeAll(async () => {
  web = await tempDir('aw-fuzz-');
  await writeFile(join(web.dir, 'index.html'), `<!doctype html><meta name="${TOKEN_HEADER}" content=""><title>AW</title>`);
  await mkdir(join(web.dir, 'assets'));
  await writeFile(join(web.dir, 'assets', 'app.js'), 'console.log(1)');
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
  server = await startShellServer({ staticDir: web.dir });
});
afterAll(async () => {
  process.off('uncaughtException', record);
  process.off('unhandledRejection', record);
  await server?.close();
  await web?.cleanup();
});

/** A seeded generator, so that a failure can be replayed. */
function random(seed: number) {
  let x = seed;
  const next = () => ((x = (x * 1103515245 + 12345) % 2147483648), x / 2147483648);
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'get', 'G\u0000ET', 'CONNECT', 'X'.repeat(300), ''];
const PATHS = [
  '/',
  '/index.html',
  '/%',
  '/%zz',
  '/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd',
  '/api/%E0%A4%A',
  '/api/%',
  '/../../etc/passwd',
  '/assets/..%2f..%2f..%2fetc%2fpasswd',
  '/assets/%2e%2e/%2e%2e/etc/passwd',
  '/index.html%00.js',
  '/api/app:info',
  '/api/workbook:open',
  '/api/nope',
  `/api/${'x'.repeat(20_000)}`,
  '//',
  '*',
  'http://evil.example/',
  '/api/app:info?x=%&y=%zz',
  '/\u00e9\u4e2d',
  '/assets/app.js',
  '/%2F%2F%2Fetc',
];

interface Sent {
  bytes: Buffer;
  goodHost: boolean;
}

function generate(i: number, port: number): Sent {
  const r = random(i + 1);
  const method = r.pick(METHODS);
  const path = r.pick(PATHS);
  const host = r.pick(['good', 'good', 'good', 'missing', 'twice', 'evil', 'other-port', 'empty']);
  const lines = [`${method} ${path} HTTP/1.1`];
  if (host === 'good' || host === 'twice') lines.push(`Host: 127.0.0.1:${port}`);
  if (host === 'twice') lines.push(r.pick([`Host: 127.0.0.1:${port}`, 'Host: evil.example']));
  if (host === 'evil') lines.push('Host: evil.example');
  if (host === 'other-port') lines.push(`Host: 127.0.0.1:${port + 1}`);
  if (host === 'empty') lines.push('Host:');
  const token = r.pick(['right', 'right', 'wrong', 'none']);
  if (token === 'right') lines.push(`${TOKEN_HEADER}: ${server.token}`);
  if (token === 'wrong') lines.push(`${TOKEN_HEADER}: ${'0'.repeat(48)}`);
  if (r.next() < 0.2) lines.push(r.pick(['Origin: http://evil.example', `Origin: http://127.0.0.1:${port}`, 'Origin: null']));
  if (r.next() < 0.1) lines.push(`X-Big: ${'a'.repeat(r.pick([100, 20_000, 70_000]))}`);
  const bodyKind = r.pick(['none', 'json', 'json', 'bad-json', 'cut', 'huge', 'chunked', 'chunked-bad']);
  let body = Buffer.alloc(0);
  if (bodyKind === 'json' || bodyKind === 'cut') body = Buffer.from(JSON.stringify({ dir: '/nonexistent', x: '\u0000'.repeat(3) }));
  if (bodyKind === 'bad-json') body = Buffer.from('{"dir": ');
  if (bodyKind === 'huge') body = Buffer.alloc(9 * 2 ** 20, 0x61);
  if (bodyKind === 'chunked' || bodyKind === 'chunked-bad') {
    lines.push('Transfer-Encoding: chunked');
    body = Buffer.from(bodyKind === 'chunked' ? '2\r\n{}\r\n0\r\n\r\n' : 'zz\r\n{}\r\n');
  } else {
    const lengthKind = r.pick(['true', 'true', 'longer', 'shorter', 'twice', 'negative', 'text', 'absent']);
    const length = body.length;
    if (lengthKind === 'true' || bodyKind === 'cut') lines.push(`Content-Length: ${bodyKind === 'cut' ? length + 500 : length}`);
    if (lengthKind === 'longer') lines.push(`Content-Length: ${length + 10}`);
    if (lengthKind === 'shorter') lines.push(`Content-Length: ${Math.max(0, length - 3)}`);
    if (lengthKind === 'twice') lines.push(`Content-Length: ${length}`, `Content-Length: ${length + 1}`);
    if (lengthKind === 'negative') lines.push('Content-Length: -5');
    if (lengthKind === 'text') lines.push('Content-Length: many');
  }
  const head =
    r.next() < 0.03 ? Buffer.from('\u0016\u0003\u0001 not http at all\r\n\r\n') : Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return { bytes: Buffer.concat([head, body]), goodHost: host === 'good' };
}

/** Sends raw bytes, half-closes, and resolves with what came back once the server closed the connection. */
function exchange(port: number, bytes: Buffer): Promise<{ response: string; hung: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    // Only a hang reaches this guard: every answered or refused request closes in milliseconds.
    const guard = setTimeout(() => {
      socket.destroy();
      resolve({ response: Buffer.concat(chunks).toString('latin1'), hung: true });
    }, 60_000);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(guard);
      resolve({ response: Buffer.concat(chunks).toString('latin1'), hung: false });
    });
    socket.write(bytes, () => socket.end());
  });
}

describe('the browser shell server under generated hostile requests', () => {
  it(`answers or closes each of ${REQUESTS} requests, leaks the token to none that fails a check, and still works`, async () => {
    const port = Number(new URL(server.url).port);
    const statuses = new Map<string, number>();
    const problems: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < REQUESTS) {
        const i = next++;
        const sent = generate(i, port);
        const { response, hung } = await exchange(port, sent.bytes);
        if (hung) problems.push(`request ${i}: no answer and the connection stayed open`);
        if (response.includes(server.token) && !sent.goodHost) problems.push(`request ${i}: the token was served despite a bad Host`);
        const status = /^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 'closed';
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 12 }, worker));
    expect(problems).toEqual([]);
    expect(uncaught).toEqual([]);
    // Refusals of every kind were exercised, and some requests were good ones.
    for (const status of ['200', '400', '401', '404', '413', '421']) expect(statuses.get(status) ?? 0, status).toBeGreaterThan(0);
    const good = await fetch(`${server.url}/api/app:info`, { method: 'POST', headers: { [TOKEN_HEADER]: server.token }, body: '{}' });
    expect(good.status).toBe(200);
    const index = await (await fetch(`${server.url}/`)).text();
    expect(index).toContain(server.token);
  }, 300_000);
});
