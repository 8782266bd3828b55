// Recent workbooks: each workbook opened is remembered in the app's home folder (not a throw-away
// demo copy, not a folder that has gone), and the Open dialog offers the others, newest first, to
// open with one click.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appOnFixture } from '../helpers/app-fixture';
import { chromiumAvailable, RESULTS, waitForText } from '../helpers/browser-shell';
import { copyFixture } from '../helpers/workbooks';

const run = chromiumAvailable() ? describe : describe.skip;

run('recent workbooks', { timeout: 240_000 }, () => {
  const fixture = appOnFixture();

  it('are offered by the Open dialog, newest first, and open with one click', async () => {
    const { page, dir, home } = await fixture.open();
    const other = await copyFixture('registry-audit-seed-001');
    const gone = await copyFixture('backbone-seed-000');
    try {
      const openTyped = async (folder: string) => {
        await page.getByRole('button', { name: 'Open…' }).click();
        await page.getByRole('dialog').getByLabel('Workbook folder').fill(folder);
        await page.getByRole('dialog').getByRole('button', { name: 'Open', exact: true }).click();
        await page.getByRole('dialog').waitFor({ state: 'detached' });
      };
      await openTyped(gone.dir);
      await waitForText(page.locator('.topbar'), gone.dir);
      await openTyped(other.dir);
      await waitForText(page.locator('.topbar'), other.dir);
      await gone.cleanup();

      await page.getByRole('button', { name: 'Open…' }).click();
      const recent = page.getByRole('dialog').getByRole('navigation', { name: 'Recent workbooks' });
      await waitForText(recent, dir);
      // The open one is not offered, nor the folder that is gone; the first one opened is.
      const offered = await recent.getByRole('button').allInnerTexts();
      expect(offered).toHaveLength(1);
      expect(offered[0]).toContain('Helix Capital');
      await page.screenshot({ path: join(RESULTS, 'recent-workbooks.png') });
      await recent.getByRole('button').first().click();
      await waitForText(page.locator('.topbar'), dir);
      const kept = JSON.parse(await readFile(join(home, 'recent.json'), 'utf8')) as { workbooks: { dir: string }[] };
      expect(kept.workbooks.map((w) => w.dir).slice(0, 2)).toEqual([dir, other.dir].map((d) => d.replace(/\/+$/, '')));
    } finally {
      await other.cleanup();
      await rm(gone.dir, { recursive: true, force: true });
    }
  });
});
