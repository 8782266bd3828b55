// The result grid's own tools in Chromium: a header click sorts (ascending, descending, back to the
// capture's order, empty values last), CSV holds the rows as shown — filtered and sorted — with a
// formula-looking value made inert, and Copy puts the same rows on the clipboard, tab-separated.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addCell } from '../../core/cells';
import type { Cell } from '../../core/workbook/schema';
import { loadWorkbook, saveWorkbook } from '../../core/workbook/store';
import { importCapture } from '../../node/evidence/engine';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { appOnFixture } from '../helpers/app-fixture';
import { chromiumAvailable, waitForText } from '../helpers/browser-shell';

const run = chromiumAvailable() ? describe : describe.skip;

run('the grid’s sort, CSV and copy', { timeout: 240_000 }, () => {
  const fixture = appOnFixture();

  it('sorts by a header, and exports and copies the rows as shown', async () => {
    const { page } = await fixture.open(async (dir, home) => {
      const csv = join(home, 'models.csv');
      await writeCsv(csv, ['name,versions', 'churn,3', 'fraud,12', 'sales,', '"=HYPERLINK(""http://x"")",1']);
      const cell = { id: 'models', title: 'Models', kind: 'import', format: 'csv', sourceCommand: 'export', mutating: false, captures: [] };
      await saveWorkbook(fs, dir, addCell(await loadWorkbook(fs, dir), 5, cell as unknown as Cell));
      await importCapture(dir, 'models', { file: csv, command: 'export' });
    });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('button', { name: /5\. Tag-driven governance/ }).click();
    const grid = page.locator('article[aria-label="cell models"] .grid');
    await waitForText(grid.locator('.grid-count'), '4 rows');
    const firstColumn = async () => (await grid.locator('[role=row].grid-row').allInnerTexts()).map((t) => t.split('\n')[1]);
    const header = grid.getByRole('columnheader', { name: /versions/ });

    await header.click();
    await expect.poll(firstColumn).toEqual(['=HYPERLINK("http://x")', 'churn', 'fraud', 'sales']);
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    await header.click();
    await expect.poll(firstColumn).toEqual(['fraud', 'churn', '=HYPERLINK("http://x")', 'sales']);

    await grid.getByLabel('Filter rows').fill('r');
    await waitForText(grid.locator('.grid-count'), '3 of 4 rows');
    const [download] = await Promise.all([page.waitForEvent('download'), grid.getByRole('button', { name: 'CSV' }).click()]);
    const file = await readFile((await download.path())!, 'utf8');
    expect(file).toBe('name,versions\r\nfraud,12\r\nchurn,3\r\n"\'=HYPERLINK(""http://x"")",1\r\n');

    await grid.getByRole('button', { name: 'Copy' }).click();
    await expect
      .poll(() => page.evaluate('navigator.clipboard.readText()'))
      .toBe('name\tversions\nfraud\t12\nchurn\t3\n=HYPERLINK("http://x")\t1\n');

    await header.click(); // back to the capture's order
    await expect.poll(firstColumn).toEqual(['churn', 'fraud', '=HYPERLINK("http://x")']);
  });
});

async function writeCsv(path: string, lines: string[]): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(path, `${lines.join('\n')}\n`);
}
