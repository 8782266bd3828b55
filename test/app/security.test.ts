// Hostile content renders inert: Markdown notes, a pillar's principle, a gap title, a report
// section and captured output carrying <script>, <img onerror>, javascript: links and <iframe>
// are shown as text in Chromium, and nothing of them runs.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCell } from '../../core/cells';
import type { Cell } from '../../core/workbook/schema';
import { loadWorkbook, saveWorkbook } from '../../core/workbook/store';
import { importCapture } from '../../node/evidence/engine';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { chromiumAvailable, openApp, waitForText, type OpenApp } from '../helpers/browser-shell';
import { copyFixture, tempDir } from '../helpers/workbooks';

const PAYLOAD = [
  '<script>window.__xss = "script"</script>',
  '<img src=x onerror="window.__xss = \'img\'">',
  "[click me](javascript:window.__xss='link')",
  '<iframe src="javascript:window.__xss=\'iframe\'"></iframe>',
  '<a href="javascript:window.__xss=\'anchor\'">raw anchor</a>',
  // GitHub's alert syntax with markup after the marker: not an alert, and the markup stays text.
  '> [!NOTE] <img src=x onerror="window.__xss = \'alert title\'">',
  '> [!WARNING]\n> <img src=x onerror="window.__xss = \'alert body\'">',
].join('\n\n');

const run = chromiumAvailable() ? describe : describe.skip;

run('hostile content in the app', { timeout: 60_000 }, () => {
  let app: OpenApp;
  let page: Page;
  const dialogs: string[] = [];
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const fixture = await copyFixture('demo-helix-backbone');
    const home = await tempDir('aw-home-');
    cleanups.push(fixture.cleanup, home.cleanup);
    const dir = fixture.dir;
    const wb = await loadWorkbook(fs, dir);
    const note = {
      id: 'hostile-note',
      title: 'Pasted notes',
      kind: 'note',
      markdown: PAYLOAD,
      mutating: false,
      captures: [],
    } as unknown as Cell;
    const pasted = {
      id: 'pasted-page',
      title: 'Pasted page',
      kind: 'import',
      format: 'text',
      sourceCommand: 'curl -s https://intranet/page',
      mutating: false,
      captures: [],
    } as unknown as Cell;
    await saveWorkbook(fs, dir, {
      ...addCell(addCell(wb, 5, note), 5, pasted),
      sections: [...wb.sections, { id: 'hostile', title: 'Hostile section', position: 'intro', markdown: PAYLOAD }],
      pillars: addCell(addCell(wb, 5, note), 5, pasted).pillars.map((p) => (p.number === 5 ? { ...p, principle: PAYLOAD } : p)),
      gaps: wb.gaps.map((g) => (g.id === 'GAP-01' ? { ...g, title: 'Tags <img src=x onerror="window.__xss=\'gap\'">' } : g)),
    });
    const capture = join(home.dir, 'page.html');
    await writeFile(capture, '<script>window.__xss="capture"</script>\n<img src=x onerror="window.__xss=\'capture-img\'">\n');
    await importCapture(dir, 'pasted-page', { file: capture, command: 'curl -s https://intranet/page' });
    app = await openApp(dir, home.dir);
    page = app.page;
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    for (const c of cleanups) await c();
  });

  // Nothing to wait for: with no script, iframe or img element in the page, no handler can fire later.
  const inert = async () => {
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(await page.locator('main iframe, main script, main img, aside img').count()).toBe(0);
    expect(await page.locator('a[href^="javascript"], a[href^="JAVASCRIPT"]').count()).toBe(0);
  };

  it('in the notebook: principle, note cell, gap list and captured output', async () => {
    await page.getByRole('button', { name: /5\. Tag-driven governance/ }).click();
    await waitForText(page.locator('.principle'), '<script>window.__xss = "script"</script>');
    await waitForText(page.locator('article[aria-label="cell hostile-note"]'), '<iframe src=');
    await waitForText(page.locator('article[aria-label="cell pasted-page"]'), '<script>window.__xss="capture"</script>');
    await waitForText(page.locator('.pillar-gaps'), 'Tags <img src=x onerror=');
    await inert();
  });

  it('in the gap editor and the report preview', async () => {
    await page.locator('.pillar-gaps tr', { hasText: 'GAP-01' }).click();
    await waitForText(page.locator('aside.gap-editor .mono').first(), 'GAP-01');
    await page.getByRole('button', { name: 'Report preview' }).click();
    await waitForText(page.locator('.report'), 'Hostile section');
    await waitForText(page.locator('.report'), '<img src=x onerror=');
    await inert();
  });
});
