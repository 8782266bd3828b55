// The app:// protocol over real files: the renderer's files with the app's CSP, nothing outside
// the renderer folder, nothing but reads.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../node/shell/csp';
import { tempDir } from '../test/helpers/workbooks';
import { appProtocolResponse } from './app-protocol';

let tmp: { dir: string; cleanup: () => Promise<void> };
let root: string;
beforeAll(async () => {
  tmp = await tempDir('aw-app-protocol-');
  root = join(tmp.dir, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Audit Workbench</title>');
  await writeFile(join(root, 'assets', 'duckdb-eh.wasm'), new Uint8Array([0, 97, 115, 109]));
  await writeFile(join(tmp.dir, 'secret.txt'), 'outside');
});
afterAll(() => tmp?.cleanup());

const get = (url: string, method = 'GET') => appProtocolResponse(root, { url, method });

describe('app protocol', () => {
  it('serves the renderer with the CSP on every response', async () => {
    const page = await get('app://workbench/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'wasm-unsafe-eval'");
    // No eval but WebAssembly's, and no remote origin.
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/\s'unsafe-eval'/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*/);
    expect(await page.text()).toContain('<title>Audit Workbench</title>');
    expect((await get('app://workbench/')).status).toBe(200);
    const wasm = await get('app://workbench/assets/duckdb-eh.wasm');
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(new Uint8Array([0, 97, 115, 109]));
    const missing = await get('app://workbench/nope.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('serves nothing outside the renderer folder, for no other host, and only reads', async () => {
    for (const url of [
      'app://workbench/../secret.txt',
      'app://workbench/%2e%2e/secret.txt',
      'app://workbench/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://other/index.html',
    ]) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('outside');
    }
    expect((await get('app://workbench/index.html', 'POST')).status).toBe(405);
  });
});
