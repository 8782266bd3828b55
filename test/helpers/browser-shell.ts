// The browser shell as a user starts it (`node scripts/web.mjs <dir>`, a child process on
// 127.0.0.1) and Debian's Chromium driven by playwright-core. Both are stopped by `stop`.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const RESULTS = `${ROOT}test-results`;

export interface WebShell {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the shell on `dir` with its trust and recovery under `home`; resolves once it listens. */
export async function startWebShell(dir: string, home: string, env: Record<string, string> = {}, timeoutMs = 180_000): Promise<WebShell> {
  const child = spawn(process.execPath, ['scripts/web.mjs', dir], {
    cwd: ROOT,
    env: { ...process.env, ...env, AUDIT_WORKBENCH_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the browser shell did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the browser shell exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

export const chromiumAvailable = () => existsSync(CHROMIUM);

export function launchChromium(): Promise<Browser> {
  // No sandbox: CI runs as root in a container. No background networking: nothing leaves 127.0.0.1.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
  });
}

/** Records what a page must never do: errors, and requests anywhere but the shell. */
export function watchPage(page: Page, origin: string): { errors: string[]; external: string[] } {
  const seen = { errors: [] as string[], external: [] as string[] };
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && seen.errors.push(m.text()));
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) seen.external.push(r.url());
  });
  return seen;
}

/** Waits (bounded) until the locator's text contains `text`; fails with the text last seen. */
export async function waitForText(locator: Locator, text: string | RegExp, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = (await locator.allInnerTexts().catch(() => [])).join('\n');
    if (typeof text === 'string' ? last.includes(text) : text.test(last)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`text ${String(text)} did not appear within ${timeoutMs} ms; last seen:\n${last.slice(0, 2000)}`);
}

/** Waits (bounded) until the form control holds `value`. */
export async function waitForValue(locator: Locator, value: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await locator.inputValue();
    if (last === value) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`value "${value}" expected, got "${last}"`);
}

export interface OpenApp {
  shell: WebShell;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** The browser shell on `dir` and a Chromium page showing it, ready for use. */
export async function openApp(dir: string, home: string, env: Record<string, string> = {}): Promise<OpenApp> {
  const shell = await startWebShell(dir, home, env);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  // Playwright's 30 s for a click is within reach of a loaded 2-core machine; a hang is not.
  page.setDefaultTimeout(60_000);
  await page.goto(`${shell.url}/`);
  await page.locator('[data-ready]').waitFor({ timeout: 60_000 });
  return {
    shell,
    browser,
    page,
    close: async () => {
      await browser.close();
      await shell.stop();
    },
  };
}
