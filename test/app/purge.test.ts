// Purging a secret in the app, with no terminal: Parameters → "Purge a secret…" → the text typed
// hidden → the reason → the purge; afterwards the text is nowhere in the workbook folder and the
// working copy shown is the scrubbed one. In Chromium through the browser shell.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { fixedClock } from '../../core/ports';
import { chromiumAvailable, openApp, RESULTS, waitForText, watchPage, type OpenApp } from '../helpers/browser-shell';
import { evidenceWorkbook, tempDir } from '../helpers/workbooks';

const run = chromiumAvailable() ? describe : describe.skip;
const LEAKED = 'Wk7-opaque-session-cookie-93';

run('purge in the app', { timeout: 60_000 }, () => {
  let app: OpenApp;
  let page: Page;
  let seen: { errors: string[]; external: string[] };
  let dir: string;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    await mkdir(RESULTS, { recursive: true });
    const wb = await evidenceWorkbook([], [
      { id: 'session-log', kind: 'import', title: 'Session log', format: 'text', sourceCommand: 'kubectl logs deploy/mlflow' },
    ] as never);
    const home = await tempDir('aw-home-');
    cleanups.push(wb.cleanup, home.cleanup);
    const file = join(wb.dir, '../log.txt');
    await writeFile(file, `10:00 login ok session=${LEAKED}\n10:01 search runs\n`);
    const io = { out: () => undefined, err: () => undefined, clock: fixedClock('2026-12-06T10:00:00Z') };
    const command = `kubectl logs deploy/mlflow | grep session=${LEAKED}`;
    expect(await main(['import', wb.dir, '--cell', 'session-log', '--file', file, '--command', command], io)).toBe(0);
    expect(await main(['publish', wb.dir, '--message', 'first'], io)).toBe(0);
    dir = wb.dir;
    app = await openApp(dir, home.dir);
    page = app.page;
    seen = watchPage(page, app.shell.url);
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    for (const c of cleanups.reverse()) await c();
  });

  it('asks for the text hidden and for a reason, then removes it from the whole folder', async () => {
    const holding = async () => {
      const found: string[] = [];
      for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
        if (e.isFile() && (await readFile(join(e.parentPath, e.name))).includes(LEAKED)) found.push(e.name);
      }
      return found;
    };
    expect((await holding()).sort()).toEqual(expect.arrayContaining(['v1.json', 'workbook.json'])); // and the raw log, its table
    await page.getByRole('button', { name: /Parameters & weights/ }).click();
    await page.getByRole('button', { name: 'Purge a secret…' }).click();
    const first = page.getByRole('dialog', { name: 'Purge a secret from the evidence' });
    expect(await first.getByLabel('Text to purge').getAttribute('type')).toBe('password');
    await first.getByLabel('Text to purge').fill(LEAKED);
    await first.getByRole('button', { name: 'Next…' }).click();
    const second = page.getByRole('dialog', { name: 'Why is it purged?' });
    await second.getByLabel('Reason').fill('session cookie in a log');
    await page.screenshot({ path: join(RESULTS, 'purge-reason.png') });
    await second.getByRole('button', { name: 'Purge' }).click();
    await waitForText(page.locator('body'), /Purge 1: 2 blob\(s\) replaced by tombstones, 1 version\(s\) rewritten/);
    expect(await holding()).toEqual([]);
    expect(seen.errors).toEqual([]);
    expect(seen.external).toEqual([]);
  });
});
