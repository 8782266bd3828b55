// The desktop app end to end with Playwright's Electron driver: it opens a copy of the demo
// workbook given on the command line, shows its title, keeps Node out of the page, exposes only
// the contract bridge, and lets no navigation or window out. It needs the Electron binary, which
// cannot be downloaded here: without it the test is skipped with one line saying why.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../core/contract';
import { electronBinary } from '../../scripts/electron-available.mjs';
import { copyFixture, tempDir } from '../helpers/workbooks';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const binary = electronBinary();
const SKIP_REASON = 'the Electron binary is not installed (optional dependency; its download is blocked on this machine)';

/** The page's globals the test touches (this test project has no DOM types). */
type PageGlobals = {
  auditWorkbench: { api: Record<string, (r: unknown) => Promise<{ data?: Record<string, unknown> }>> };
  location: { href: string };
  open(url: string): unknown;
};

describe('desktop app (Electron)', () => {
  if (!binary) {
    console.log(`test/app/electron.test.ts skipped: ${SKIP_REASON}`);
    it.skip(`runs the demo workbook in Electron — skipped: ${SKIP_REASON}`, () => undefined);
    return;
  }

  let app: ElectronApplication;
  let page: Page;
  let demo: { dir: string; cleanup: () => Promise<void> };
  let home: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/renderer/index.html'))) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    execFileSync(process.execPath, [join(ROOT, 'scripts/build-electron.mjs')], { cwd: ROOT, stdio: 'inherit' });
    demo = await copyFixture('demo-helix-backbone');
    home = await tempDir('aw-electron-home-');
    app = await _electron.launch({
      executablePath: binary,
      args: [join(ROOT, 'dist/electron/main.cjs'), demo.dir],
      env: { ...process.env, AUDIT_WORKBENCH_HOME: home.dir } as Record<string, string>,
    });
    // Record what the app would ask the user, instead of showing a dialog nobody will answer.
    await app.evaluate(({ dialog }) => {
      const asked: string[] = [];
      (globalThis as { asked?: string[] }).asked = asked;
      dialog.showMessageBox = (async (...args: unknown[]) => {
        const options = args.at(-1) as { detail?: string; message: string };
        asked.push(options.detail ?? options.message);
        return { response: 1, checkboxChecked: false };
      }) as typeof dialog.showMessageBox;
    });
    page = await app.firstWindow();
    await page.waitForSelector('[data-ready="true"]', { timeout: 60_000 });
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await demo?.cleanup();
    await home?.cleanup();
  });

  it('opens the workbook given on the command line and shows its title', async () => {
    expect(await page.locator('.topbar .title strong').textContent()).toBe('Helix Capital — MLflow backbone audit');
    expect(page.url()).toBe('app://workbench/index.html');
  });

  it('keeps Node out of the page and exposes only the contract bridge', async () => {
    expect(
      await page.evaluate(() =>
        ['require', 'process', 'module', 'Buffer'].map((name) => typeof (globalThis as Record<string, unknown>)[name]),
      ),
    ).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
    expect(await page.evaluate(() => Object.keys((globalThis as unknown as PageGlobals).auditWorkbench).sort())).toEqual([
      'api',
      'onMenuCommand',
    ]);
    expect(await page.evaluate(() => Object.keys((globalThis as unknown as PageGlobals).auditWorkbench.api).sort())).toEqual(
      [...CHANNELS].sort(),
    );
    // Where entered secrets go depends on the machine's keychain (absent without a Secret Service on Linux).
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).auditWorkbench.api['app:info']!({}))).toMatchObject({
      data: { name: 'Audit Workbench', version: '0.1.0', transport: 'electron' },
    });
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const p = BrowserWindow.getAllWindows()[0]!.webContents.getLastWebPreferences();
      return (
        p && { contextIsolation: p.contextIsolation, sandbox: p.sandbox, nodeIntegration: p.nodeIntegration, webSecurity: p.webSecurity }
      );
    });
    expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    const csp = await page.evaluate(async () => (await fetch('/index.html')).headers.get('content-security-policy'));
    expect(csp).toContain("default-src 'self'");
  });

  it('blocks navigation and new windows; an https link only after asking, anything else never', async () => {
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.href = 'https://example.com/';
    });
    await expect.poll(() => app.evaluate(() => (globalThis as { asked?: string[] }).asked)).toEqual(['https://example.com/']);
    expect(page.url()).toBe('app://workbench/index.html');
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).open('https://example.com/popup') === null)).toBe(true);
    await expect.poll(() => app.evaluate(() => (globalThis as { asked?: string[] }).asked?.length)).toBe(2);
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.href = 'http://example.com/';
    });
    await page.evaluate(() => void (globalThis as unknown as PageGlobals).open('javascript:alert(1)'));
    expect(app.windows()).toHaveLength(1);
    expect(page.url()).toBe('app://workbench/index.html');
    expect(await app.evaluate(() => (globalThis as { asked?: string[] }).asked?.length)).toBe(2);
  });

  it('writes the report of the opened workbook through the bridge', async () => {
    const path = await page.evaluate(
      async (dir) => (await (globalThis as unknown as PageGlobals).auditWorkbench.api['report:export']!({ dir })).data?.['path'],
      demo.dir,
    );
    expect(typeof path === 'string' && existsSync(path)).toBe(true);
  });
});
