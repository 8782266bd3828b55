// The browser shell's server: the renderer's static files and the API contract over HTTP, on
// 127.0.0.1 only, guarded by a random per-launch token. A request without the token, or sent by a
// page of another origin, is refused before any handler runs.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { TOKEN_HEADER } from '../../core/contract';
import { dispatch, type HandlerContext } from '../api/handlers';
import { CONTENT_SECURITY_POLICY } from './csp';

export { TOKEN_HEADER };
/** The placeholder in renderer/index.html that the server fills with the session token. */
const TOKEN_META = new RegExp(`<meta name="${TOKEN_HEADER}" content=""\\s*/?>`);
const MAX_BODY = 8 * 1024 * 1024;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

export interface ShellServer {
  url: string;
  token: string;
  close: () => Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function hasToken(req: IncomingMessage, token: string): boolean {
  const given = Buffer.from(String(req.headers[TOKEN_HEADER] ?? ''));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Serves `staticDir` (if any) and the API under /api/<channel>. Port 0 picks a free port. */
export async function startShellServer(
  options: { staticDir?: string; port?: number; context?: Partial<HandlerContext> } = {},
): Promise<ShellServer> {
  const token = randomBytes(24).toString('hex');
  let origin = '';
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // A page that rebinds its own domain name to 127.0.0.1 still sends its name as Host: refuse it.
    if (req.headers.host !== origin.slice('http://'.length))
      return send(res, 421, { error: { kind: 'failed', message: 'unexpected Host header' } });
    if (url.pathname.startsWith('/api/')) {
      // Another page in the user's browser must never drive the workbench.
      if (req.headers.origin !== undefined && req.headers.origin !== origin)
        return send(res, 403, { error: { kind: 'failed', message: 'requests from another origin are refused' } });
      if (!hasToken(req, token)) return send(res, 401, { error: { kind: 'failed', message: 'missing or wrong session token' } });
      if (req.method !== 'POST') return send(res, 405, { error: { kind: 'failed', message: 'use POST' } });
      const text = await readBody(req);
      if (text === null)
        return send(res, 413, { error: { kind: 'invalid-request', message: `request larger than ${MAX_BODY / 2 ** 20} MB` } });
      let body: unknown;
      try {
        body = text.trim() === '' ? {} : JSON.parse(text);
      } catch {
        return send(res, 400, { error: { kind: 'invalid-request', message: 'the request body is not JSON' } });
      }
      const result = await dispatch(decodeURIComponent(url.pathname.slice('/api/'.length)), body, {
        ...options.context,
        transport: 'http',
      });
      const status =
        // A valid request whose operation was refused (a missing folder, a parameter given in clear) is 422, not a server fault.
        'data' in result ? 200 : result.error.kind === 'unknown-channel' ? 404 : result.error.kind === 'invalid-request' ? 400 : 422;
      return send(res, status, result);
    }
    if (!options.staticDir || req.method !== 'GET') return send(res, 404, { error: { kind: 'failed', message: 'not found' } });
    const root = normalize(options.staticDir + sep);
    const file = normalize(join(root, url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname)));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile())
      return send(res, 404, { error: { kind: 'failed', message: 'not found' } });
    const isPage = extname(file) === '.html';
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': isPage ? 'no-store' : 'max-age=3600',
      // Same policy as the Electron window: nothing from another origin, no inline script.
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    });
    // The page learns the session token from a meta tag only this origin can read.
    if (isPage) res.end(readFileSync(file, 'utf8').replace(TOKEN_META, `<meta name="${TOKEN_HEADER}" content="${token}">`));
    else createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    token,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
