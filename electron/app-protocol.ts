// The app:// protocol's responses: the built renderer's files (dist/renderer) from the package,
// each with the app's Content-Security-Policy, nothing outside that folder. Written over the
// Fetch API's Request/Response, as protocol.handle expects, so it is tested without Electron.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../node/shell/csp';
import { isAppUrl } from './ipc-guard';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

const refuse = (status: number, text: string) =>
  new Response(text, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': CONTENT_SECURITY_POLICY },
  });

/** The response to one app:// request for a file under `root`. */
export async function appProtocolResponse(root: string, request: { url: string; method: string }): Promise<Response> {
  if (!isAppUrl(request.url)) return refuse(404, 'not found');
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'read-only');
  let path: string;
  try {
    path = decodeURIComponent(new URL(request.url).pathname);
  } catch {
    return refuse(400, 'bad path');
  }
  const base = normalize(root + sep);
  const file = normalize(join(base, path === '/' ? 'index.html' : path));
  if (!file.startsWith(base) || path.includes('\0')) return refuse(404, 'not found');
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return refuse(404, 'not found');
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: {
      'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    },
  });
}
