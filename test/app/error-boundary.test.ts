// One view's failure never blanks the window: a workbook the renderer cannot draw in one view (here
// a weight the scoring refuses, as a workbook from a newer or broken writer could carry) fails that
// view only, said in its place; the top bar, the rail and the other views keep working, and nothing
// is written. The response of `workbook:open` is altered on its way to the page (Playwright's
// route), since the server itself never lets such a workbook through.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appOnFixture } from '../helpers/app-fixture';
import { chromiumAvailable, RESULTS, waitForText } from '../helpers/browser-shell';

const run = chromiumAvailable() ? describe : describe.skip;

run('a failing view', { timeout: 240_000 }, () => {
  const fixture = appOnFixture();

  it('is said in its place while the rest of the window works', async () => {
    const { page, dir } = await fixture.open();
    const before = await readFile(join(dir, 'workbook.json'), 'utf8');
    await page.route('**/api/workbook:open', async (route) => {
      // The window may open the workbook again as it closes (it polls the file): that request may die with it.
      const response = await route.fetch().catch(() => null);
      if (!response) return;
      const body = (await response.json()) as { data: { workbook: { weights: { pnl: number } } } };
      body.data.workbook.weights.pnl = -1;
      await route.fulfill({ response, json: body }).catch(() => undefined);
    });
    // Opening shows the first pillar once the workbook is loaded: from another view, that is the sign.
    await page.getByRole('button', { name: /Parameters & weights/ }).click();
    await waitForText(page.locator('.workspace h1'), 'Parameters');
    await page.getByRole('button', { name: 'Open…' }).click();
    await page.getByRole('dialog').getByLabel('Workbook folder').fill(dir);
    await page.getByRole('dialog').getByRole('button', { name: 'Open' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    // The first pillar lists its gaps with their composite: it cannot be drawn, and says so.
    const failed = page.locator('.workspace .view-failed');
    await waitForText(failed, 'Could not show this pillar');

    await page.getByRole('button', { name: /Backlog & top risks/ }).click();
    await waitForText(failed, 'Could not show the backlog');
    await waitForText(failed, 'weight pnl must be a number ≥ 0, got -1');
    await page.screenshot({ path: join(RESULTS, 'view-failed.png') });
    // The window around it works: the top bar, the rail, another view.
    await waitForText(page.locator('.topbar'), 'Helix Capital');
    await page.getByRole('button', { name: /8\. Data & Model Lineage/ }).click();
    await waitForText(page.locator('.workspace h1'), 'Pillar 8');
    expect(await page.locator('.view-failed').count()).toBe(0);
    await page.getByRole('button', { name: /Parameters & weights/ }).click();
    await waitForText(page.locator('.workspace h1'), 'Parameters');
    // Nothing was written by the failure.
    expect(await readFile(join(dir, 'workbook.json'), 'utf8')).toBe(before);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
  });
});
