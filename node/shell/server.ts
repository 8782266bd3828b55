// The browser shell's server: the renderer's static files and the API contract over HTTP, on
// 127.0.0.1 only, guarded by a random per-launch token. A request without the token, or sent by a
// page of another origin, is refused before any handler runs.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { TOKEN_HEADER, type ErrorKind } from '../../core/contract';
import { dispatch, type HandlerContext } from '../api/handlers';
import { CONTENT_SECURITY_POLICY } from './csp';
import { memorySecretStore } from './memory-secrets';

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

/** A valid request whose operation was refused (a missing folder, a parameter given in clear) is 422, not a server fault. */
const STATUS_OF: Record<ErrorKind, number> = { 'unknown-channel': 404, 'invalid-request': 400, conflict: 409, failed: 422 };

/** Thrown for a request the server refuses: answered with its status, never a crash. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly kind: 'failed' | 'invalid-request' = 'failed',
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown, close = false): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    // A refused request may still be sending its body: answer, then close, instead of reading it.
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(JSON.stringify(body));
}

function hasToken(req: IncomingMessage, token: string): boolean {
  const given = Buffer.from(String(req.headers[TOKEN_HEADER] ?? ''));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The body, at most MAX_BODY bytes, checked against Content-Length before and while it streams. */
async function readBody(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  const tooLarge = () => new Refusal(413, `request larger than ${MAX_BODY / 2 ** 20} MB`, 'invalid-request');
  if (declared > MAX_BODY) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A path component decoded, or a 400 for a malformed percent-encoding (`/%`, `/%zz`, `/%E0%A4%A`). */
function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw new Refusal(400, 'malformed percent-encoding in the URL', 'invalid-request');
  }
}

/** Exactly one Host header, naming this server: a page rebinding its own name to 127.0.0.1 still sends that name. */
function checkHost(req: IncomingMessage, host: string): void {
  const hosts = req.rawHeaders.filter((_v, i) => i % 2 === 0 && req.rawHeaders[i]!.toLowerCase() === 'host');
  if (hosts.length !== 1 || req.headers.host !== host) throw new Refusal(421, 'unexpected Host header');
}

/** Serves `staticDir` (if any) and the API under /api/<channel>. Port 0 picks a free port. */
export async function startShellServer(
  options: { staticDir?: string; port?: number; context?: Partial<HandlerContext> } = {},
): Promise<ShellServer> {
  const token = randomBytes(24).toString('hex');
  let origin = '';
  // Secrets entered in the page are kept for this server's life only, unless the caller brings a keychain.
  const context: Partial<HandlerContext> = { keychain: memorySecretStore(), ...options.context };

  async function api(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    // Another page in the user's browser must never drive the workbench.
    if (req.headers.origin !== undefined && req.headers.origin !== origin)
      throw new Refusal(403, 'requests from another origin are refused');
    if (!hasToken(req, token)) throw new Refusal(401, 'missing or wrong session token');
    if (req.method !== 'POST') throw new Refusal(405, 'use POST');
    const channel = decodePath(pathname.slice('/api/'.length));
    const text = await readBody(req);
    let body: unknown;
    try {
      body = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      throw new Refusal(400, 'the request body is not JSON', 'invalid-request');
    }
    const result = await dispatch(channel, body, { ...context, transport: 'http' });
    const status = 'data' in result ? 200 : STATUS_OF[result.error.kind];
    send(res, status, result);
  }

  function page(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    if (!options.staticDir || (req.method !== 'GET' && req.method !== 'HEAD')) throw new Refusal(404, 'not found');
    const root = normalize(options.staticDir + sep);
    const file = normalize(join(root, pathname === '/' ? 'index.html' : decodePath(pathname)));
    if (!file.startsWith(root) || file.includes('\0') || !existsSync(file) || !statSync(file).isFile()) throw new Refusal(404, 'not found');
    const isPage = extname(file) === '.html';
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': isPage ? 'no-store' : 'max-age=3600',
      // Same policy as the Electron window: nothing from another origin, no inline script.
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') return void res.end();
    // The page learns the session token from a meta tag only this origin can read.
    if (isPage) res.end(readFileSync(file, 'utf8').replace(TOKEN_META, `<meta name="${TOKEN_HEADER}" content="${token}">`));
    else
      createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res);
  }

  const server = createServer((req, res) => {
    // Every request is guarded: whatever it holds, it is answered (or its connection dropped), never a crash.
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      checkHost(req, origin.slice('http://'.length));
      if (url.pathname.startsWith('/api/')) await api(req, res, url.pathname);
      else page(req, res, url.pathname);
    })().catch((error: unknown) => {
      if (error instanceof Refusal) return send(res, error.status, { error: { kind: error.kind, message: error.message } }, !req.complete);
      // A client that went away mid-body ('aborted') needs no answer; anything else is our fault, said without details.
      if (req.destroyed || (error as NodeJS.ErrnoException).code === 'ECONNRESET' || (error as Error).message === 'aborted')
        return res.destroy();
      send(res, 500, { error: { kind: 'failed', message: 'internal error' } }, true);
    });
  });
  // A request that is not HTTP at all (a bad request line, a header overflow): 400, and the socket closed.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
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
