// Structural editing in Chromium: a gap written by hand (not from an alarm) and deleted again, cells
// moved and deleted, a cell that is a gap's evidence refused with the reason, and Undo after each —
// also after a run, which no longer clears the history (the run's capture stays).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Workbook } from '../../core/workbook/schema';
import { appOnFixture } from '../helpers/app-fixture';
import { chromiumAvailable, RESULTS, waitForText } from '../helpers/browser-shell';

const run = chromiumAvailable() ? describe : describe.skip;

run('structural editing', { timeout: 240_000 }, () => {
  const fixture = appOnFixture();

  it('adds and deletes gaps, moves and deletes cells, refuses to drop evidence, and undoes', async () => {
    const { page, dir } = await fixture.open();
    const onDisk = async () => JSON.parse(await readFile(join(dir, 'workbook.json'), 'utf8')) as Workbook;
    const cellsOf = async (pillar: number) => (await onDisk()).pillars.find((p) => p.number === pillar)!.cells.map((c) => c.id);

    // A gap by hand, in a pillar without one.
    await page.getByRole('button', { name: /8\. Data & Model Lineage/ }).click();
    await page.getByRole('button', { name: 'Add a gap…' }).click();
    await page.getByRole('button', { name: 'Add as Critical' }).click();
    await waitForText(page.getByRole('dialog').getByRole('alert'), 'a gap needs a title');
    await page.getByRole('dialog').getByLabel('Title').fill('Feature lineage is not recorded');
    await page.getByRole('button', { name: 'Add as Critical' }).click();
    const editor = page.getByRole('complementary', { name: 'gap GAP-12' });
    await editor.waitFor();
    await expect.poll(async () => (await onDisk()).gaps.find((g) => g.id === 'GAP-12')?.severity, { timeout: 60_000 }).toBe('Critical');
    // A waiver dated in the past is said to have lapsed, at the field.
    await editor.getByLabel('Status').selectOption('Accepted risk');
    await editor.getByLabel('justification').fill('Compensated by a weekly manual review');
    await editor.getByLabel('approver').fill('CRO');
    await editor.getByLabel('expires').fill('2019-01-01');
    await waitForText(editor.getByRole('alert'), 'This waiver expired on 2019-01-01');
    await editor.getByLabel('Status').selectOption('Open');
    // Duplicated: the copy opens in the editor, Open, without the original's waiver; Undo takes it away.
    await editor.getByRole('button', { name: 'Duplicate gap' }).click();
    const copyEditor = page.getByRole('complementary', { name: 'gap GAP-13' });
    await copyEditor.waitFor();
    await expect
      .poll(async () => (await onDisk()).gaps.find((g) => g.id === 'GAP-13')?.title, { timeout: 60_000 })
      .toBe('Feature lineage is not recorded (copy)');
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await onDisk()).gaps.some((g) => g.id === 'GAP-13'), { timeout: 60_000 }).toBe(false);
    await page.getByRole('button', { name: /8\. Data & Model Lineage/ }).click();
    // From the keyboard: the gap's id is a button in its row.
    await page
      .getByRole('row', { name: /GAP-12/ })
      .getByRole('button', { name: 'GAP-12', exact: true })
      .focus();
    await page.keyboard.press('Enter');
    await editor.getByRole('button', { name: 'Delete gap' }).click();
    await expect.poll(async () => (await onDisk()).gaps.some((g) => g.id === 'GAP-12'), { timeout: 60_000 }).toBe(false);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await onDisk()).gaps.some((g) => g.id === 'GAP-12'), { timeout: 60_000 }).toBe(true);

    // Gaps reordered in their pillar, and one moved to another pillar from its editor.
    const gapsOf = async (pillar: number) => (await onDisk()).gaps.filter((g) => g.pillar === pillar).map((g) => g.id);
    await page.getByRole('button', { name: /6\. Consume via alias/ }).click();
    const before6 = await gapsOf(6);
    await page.getByRole('button', { name: `Move ${before6[1]} up` }).click();
    await expect.poll(() => gapsOf(6), { timeout: 60_000 }).toEqual([before6[1], before6[0], ...before6.slice(2)]);
    await page
      .getByRole('row', { name: new RegExp(before6[0]!) })
      .getByRole('button', { name: before6[0]!, exact: true })
      .click();
    const moving = page.getByRole('complementary', { name: `gap ${before6[0]}` });
    await moving.getByLabel('Pillar').selectOption('8');
    await expect.poll(() => gapsOf(8), { timeout: 60_000 }).toContain(before6[0]);
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => gapsOf(6), { timeout: 60_000 }).toEqual(before6);
    await moving.getByRole('button', { name: 'Close the gap editor' }).click();

    // Cells: one moved up, one deleted and brought back, one refused (it is GAP-01's evidence).
    await page.getByRole('button', { name: /5\. Tag-driven governance/ }).click();
    await page.getByRole('button', { name: 'Move recent-runs up' }).click();
    await expect
      .poll(() => cellsOf(5), { timeout: 60_000 })
      .toEqual(['recent-runs', 'tag-emission-sites', 'runs-missing-lineage-tags', 'run-durations']);
    await page.getByRole('button', { name: 'Delete run-durations' }).click();
    await expect.poll(() => cellsOf(5), { timeout: 60_000 }).toEqual(['recent-runs', 'tag-emission-sites', 'runs-missing-lineage-tags']);
    expect(await page.locator('article[aria-label="cell run-durations"]').count()).toBe(0);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect
      .poll(() => cellsOf(5), { timeout: 60_000 })
      .toEqual(['recent-runs', 'tag-emission-sites', 'runs-missing-lineage-tags', 'run-durations']);
    await page.getByRole('button', { name: 'Delete runs-missing-lineage-tags' }).click();
    await waitForText(page.locator('.notices'), 'cell runs-missing-lineage-tags is the evidence of gap GAP-01');
    expect(await cellsOf(5)).toContain('runs-missing-lineage-tags');
    await page.screenshot({ path: join(RESULTS, 'structure.png') });

    // A run between an edit and its Undo: the edit is taken back, the run's capture stays.
    const captures = async () => (await onDisk()).pillars.flatMap((p) => p.cells).find((c) => c.id === 'run-durations')!.captures.length;
    const before = await captures();
    await page.getByRole('button', { name: 'Move run-durations up' }).click();
    await expect
      .poll(() => cellsOf(5), { timeout: 60_000 })
      .toEqual(['recent-runs', 'tag-emission-sites', 'run-durations', 'runs-missing-lineage-tags']);
    await page.locator('article[aria-label="cell run-durations"]').getByRole('button', { name: 'Re-run' }).click();
    await expect.poll(captures, { timeout: 60_000 }).toBe(before + 1);
    expect(await page.getByRole('button', { name: 'Undo' }).getAttribute('title')).toMatch(/^Undo move cell run-durations up\b/);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect
      .poll(() => cellsOf(5), { timeout: 60_000 })
      .toEqual(['recent-runs', 'tag-emission-sites', 'runs-missing-lineage-tags', 'run-durations']);
    expect(await captures()).toBe(before + 1);

    // Duplicated: a copy right after it, its definition without its evidence; Undo takes the copy away.
    await page.getByRole('button', { name: 'Duplicate run-durations' }).click();
    await expect
      .poll(() => cellsOf(5), { timeout: 60_000 })
      .toEqual(['recent-runs', 'tag-emission-sites', 'runs-missing-lineage-tags', 'run-durations', 'run-durations-copy']);
    const copy = (await onDisk()).pillars.flatMap((p) => p.cells).find((c) => c.id === 'run-durations-copy')!;
    expect(copy.captures).toEqual([]);
    expect(copy.title).toMatch(/ \(copy\)$/);
    await page.locator('article[aria-label="cell run-durations-copy"]').waitFor();
    await page.screenshot({ path: join(RESULTS, 'structure-duplicate.png') });
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect
      .poll(() => cellsOf(5), { timeout: 60_000 })
      .toEqual(['recent-runs', 'tag-emission-sites', 'runs-missing-lineage-tags', 'run-durations']);
  });
});
