// The controls overview in Chromium: the counts shown are core's, a pillar runs after one approval
// of its whole list (evidence first, then the checks), with progress and a summary, the states and
// workbook.json follow; a failing cell does not stop the others; Cancel stops a run of all; a check
// opens its cell in the notebook.
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { controlsOverview, CONTROL_STATES } from '../../core/controls/overview';
import { validateWorkbook } from '../../core/workbook/file-format';
import type { Workbook } from '../../core/workbook/schema';
import { appOnFixture } from '../helpers/app-fixture';
import { chromiumAvailable, RESULTS, waitForText } from '../helpers/browser-shell';

const run = chromiumAvailable() ? describe : describe.skip;
const REPO = fileURLToPath(new URL('../../fixtures/deployment/repo', import.meta.url));
/** Pillar 6's checks start never run (their captures dropped), so that its run visibly changes them. */
const UNRUN = ['raw-consumption', 'artifact-hash-parity'];

/** The counts of the summary cards, by state. */
async function shownCounts(page: Page): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const s of CONTROL_STATES) counts[s] = Number(await page.locator(`.control-summary [data-state="${s}"] .count`).innerText());
  return counts;
}

run('controls overview', { timeout: 300_000 }, () => {
  const fixture = appOnFixture();
  let page: Page;
  let onDisk: () => Promise<Workbook>;

  it('shows every check by state, runs a pillar after one approval, and jumps to a check', async () => {
    const opened = await fixture.open(async (dir, home) => {
      // The shell cells read a copy of the fixture deployment's code, so pillar 6 runs offline.
      await cp(REPO, join(home, 'helix'), { recursive: true });
      const file = join(dir, 'workbook.json');
      const wb = JSON.parse(await readFile(file, 'utf8')) as Workbook;
      wb.parameters.find((p) => p.name === 'REPO_DIR')!.value = join(home, 'helix');
      for (const cell of wb.pillars.flatMap((p) => p.cells)) if (UNRUN.includes(cell.id)) cell.captures = [];
      await writeFile(file, JSON.stringify(wb, null, 2));
    });
    page = opened.page;
    const dir = opened.dir;
    onDisk = async () => validateWorkbook(JSON.parse(await readFile(join(dir, 'workbook.json'), 'utf8')), 'workbook.json');
    const stateOf = (cell: string) => page.locator(`tr[data-check="${cell}"]`).getAttribute('data-state');

    // The rail lists the view; Alt+7 opens it.
    await page.getByRole('button', { name: 'Controls overview' }).waitFor();
    await page.keyboard.press('Alt+7');
    await page.getByRole('heading', { name: 'Controls', exact: true }).waitFor();
    const before = controlsOverview(await onDisk());
    expect(before.totals).toEqual({ ok: 1, alarm: 9, error: 0, skip: 2, manual: 0 });
    expect(await shownCounts(page)).toEqual(before.totals);
    expect(await page.locator('tr[data-check]').count()).toBe(before.count);
    expect(await stateOf('raw-consumption')).toBe('skip');
    await waitForText(page.locator('tr[data-check="runs-without-identity"]'), 'runs ← recent-runs');

    // Run pillar 6: one approval listing every command, evidence before the checks that read it.
    await page.getByRole('button', { name: 'Run pillar 6' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run pillar 6: 6 cells?' });
    await dialog.waitFor();
    const listed = await dialog.locator('.bulk-list > li > .mono').allInnerTexts();
    expect(listed).toEqual([
      'consumption-paths',
      'alias-consumption',
      'backtest-hashes',
      'live-hashes',
      'raw-consumption',
      'artifact-hash-parity',
    ]);
    await waitForText(dialog, 'did not come from this machine');
    await waitForText(dialog, 'sha256sum artifacts/live/model.pkl');
    await page.screenshot({ path: join(RESULTS, 'controls-approval.png') });
    await dialog.getByRole('button', { name: 'Run 6 cells' }).click();
    await waitForText(page.getByRole('status', { name: 'Bulk run' }), 'Run of pillar 6 finished: 6 captured');
    await expect.poll(() => stateOf('raw-consumption'), { timeout: 60_000 }).toBe('alarm');
    expect(await stateOf('artifact-hash-parity')).toBe('alarm');
    await expect
      .poll(
        async () =>
          (await onDisk()).pillars
            .flatMap((p) => p.cells)
            .filter((c) => UNRUN.includes(c.id))
            .map((c) => c.captures.at(-1)?.checkStatus),
        { timeout: 60_000 },
      )
      .toEqual(['alarm', 'alarm']);
    const after = controlsOverview(await onDisk());
    expect(after.totals).toEqual({ ok: 1, alarm: 11, error: 0, skip: 0, manual: 0 });
    await expect.poll(() => shownCounts(page), { timeout: 60_000 }).toEqual(after.totals);
    await page.screenshot({ path: join(RESULTS, 'controls.png'), fullPage: false });

    // A check opens its cell in the notebook.
    await page
      .locator('tr[data-check="raw-consumption"]')
      .getByRole('button', { name: 'Production code loading models from raw runs:/ or storage paths' })
      .click();
    await page.locator('article[aria-label="cell raw-consumption"]').waitFor();
    await expect.poll(() => page.locator('#cell-raw-consumption:focus').count()).toBe(1);
  });

  it('goes on past a cell that fails, and stops a run of all on Cancel', async () => {
    await page.keyboard.press('Alt+7');
    // Pillar 1 holds kubectl cells, which have no cluster here: they fail, the others still run.
    await page.getByRole('button', { name: 'Run pillar 1' }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^Run \d+ cells?$/ })
      .click();
    const panel = page.getByRole('status', { name: 'Bulk run' });
    await waitForText(panel, 'Run of pillar 1 finished: 2 captured, 2 errors');
    await waitForText(panel, 'env-config: error');
    // The check after the failed cells still ran: its new capture is on disk.
    await expect
      .poll(async () => (await onDisk()).pillars[0]!.cells.find((c) => c.id === 'several-tracking-uris')!.captures.length, {
        timeout: 60_000,
      })
      .toBe(2);
    await page.screenshot({ path: join(RESULTS, 'controls-errors.png') });
    await panel.getByRole('button', { name: 'Close' }).click();

    // Run all, cancelled while its first cell runs: nothing after it starts.
    await page.getByRole('button', { name: 'Run all' }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^Run \d+ cells$/ })
      .click();
    await waitForText(panel, 'Running all pillars: 1 of');
    await page.screenshot({ path: join(RESULTS, 'controls-running.png') });
    await panel.getByRole('button', { name: 'Cancel' }).click();
    await waitForText(panel, 'Run of all pillars finished');
    await waitForText(panel, /\d+ cancelled/);
  });
});
