// A capture flattened into hundreds of columns (a paginated REST page, say) in the result grid:
// only the columns in view are in the page, and scrolling right brings the last one.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addCell } from '../../core/cells';
import type { Cell } from '../../core/workbook/schema';
import { loadWorkbook, saveWorkbook } from '../../core/workbook/store';
import { importCapture } from '../../node/evidence/engine';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { chromiumAvailable, openApp, waitForText, type OpenApp } from '../helpers/browser-shell';
import { pollFor } from '../helpers/poll';
import { copyFixture, tempDir } from '../helpers/workbooks';

const run = chromiumAvailable() ? describe : describe.skip;
const COLUMNS = 400;
const ROWS = 300;

run('a wide result table', { timeout: 120_000 }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  let app: OpenApp | undefined;
  afterAll(async () => {
    await app?.close();
    for (const c of cleanups) await c();
  });

  it('keeps only the columns in view in the page, and scrolls to the last', async () => {
    const demo = await copyFixture('demo-helix-backbone');
    const home = await tempDir('aw-home-');
    cleanups.push(demo.cleanup, home.cleanup);
    const header = Array.from({ length: COLUMNS }, (_, c) => `column_${c}`).join(',');
    const rows = Array.from({ length: ROWS }, (_, r) => Array.from({ length: COLUMNS }, (_, c) => `r${r}c${c}`).join(','));
    const csv = join(home.dir, 'wide.csv');
    await writeFile(csv, `${[header, ...rows].join('\n')}\n`);
    const wb = await loadWorkbook(fs, demo.dir);
    const cell = { id: 'wide', title: 'Wide', kind: 'import', format: 'csv', sourceCommand: 'test', mutating: false, captures: [] };
    await saveWorkbook(fs, demo.dir, addCell(wb, 5, cell as unknown as Cell));
    await importCapture(demo.dir, 'wide', { file: csv, command: 'test' });

    app = await openApp(demo.dir, home.dir);
    await app.page.getByRole('button', { name: /5\. Tag-driven governance/ }).click();
    const grid = app.page.locator('article[aria-label="cell wide"] .grid-scroll');
    await waitForText(app.page.locator('article[aria-label="cell wide"] .grid-count'), `${ROWS} rows`);
    // The row number is the table's first column to assistive technology.
    expect(await grid.getAttribute('aria-colcount')).toBe(String(COLUMNS + 1));
    const headers = grid.locator('[role=columnheader]');
    const inPage = await headers.count();
    expect(inPage).toBeGreaterThan(3);
    expect(inPage).toBeLessThan(40);
    expect(await grid.locator('[role=row] span').count()).toBeLessThan(60 * 40);

    await grid.evaluate((el) => el.scrollTo({ left: el.scrollWidth, top: el.scrollHeight }));
    await pollFor(
      async () => ((await headers.allInnerTexts()).includes(`column_${COLUMNS - 1}`) ? true : undefined),
      60_000,
      'the last column',
    );
    await waitForText(grid, `r${ROWS - 1}c${COLUMNS - 1}`);
    expect(await headers.count()).toBeLessThan(40);
  });
});
