// The evidence explorer in Chromium: a query runs, runs again, and runs after an edit has made the
// explorer load the same evidence again — a blob handed to DuckDB's worker must stay in the page's cache.
import { describe, it } from 'vitest';
import { appOnFixture } from '../helpers/app-fixture';
import { chromiumAvailable, waitForText } from '../helpers/browser-shell';

const run = chromiumAvailable() ? describe : describe.skip;

run('the evidence explorer', { timeout: 240_000 }, () => {
  const fixture = appOnFixture();

  it('runs a query over the evidence, again, and in another pillar', async () => {
    const { page } = await fixture.open();
    await page.getByRole('button', { name: /2\. / }).first().click();
    await page.getByRole('button', { name: 'Explore the evidence with SQL…' }).click();
    const status = page.locator('.explorer [role=status]');
    await page.locator('.explorer').getByRole('button', { name: 'Run query' }).click();
    await waitForText(status, /\d+ row\(s\) in \d+ ms · \d+ evidence tables loaded/);
    await page.locator('.explorer').getByRole('button', { name: 'Run query' }).click();
    await waitForText(status, /\d+ row\(s\) in \d+ ms/);
    // An edit makes a new workbook: the explorer loads the evidence again, from the blobs it read before.
    await page.getByLabel('State observed').fill('Seen on the staging cluster.');
    await page.locator('.explorer').getByRole('button', { name: 'Run query' }).click();
    await waitForText(status, /\d+ row\(s\) in \d+ ms · \d+ evidence tables loaded/);
    await page.getByRole('button', { name: /5\. / }).first().click();
    await page.locator('.explorer').getByRole('button', { name: 'Run query' }).click();
    await waitForText(status, /\d+ row\(s\) in \d+ ms · \d+ evidence tables loaded/);
  });
});
