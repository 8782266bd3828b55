// Typing SQL into a query cell's editor in Chromium, as an auditor does: pauses long enough for the
// autosave between words keep the text and the cursor where they were (the saved workbook trims the
// text; the editor must not take that back mid-typing), the completion list shows its rows, and the
// keyboard leaves the editor with Tab, Shift+Tab and Escape without writing into it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appOnFixture } from '../helpers/app-fixture';
import { chromiumAvailable, RESULTS, waitForText } from '../helpers/browser-shell';

const run = chromiumAvailable() ? describe : describe.skip;

run('the code editor', { timeout: 240_000 }, () => {
  const fixture = appOnFixture();
  let app: Awaited<ReturnType<typeof fixture.open>> | undefined;

  it('keeps what is typed across autosaves, lists completions, and lets the keyboard out', async () => {
    app = await fixture.open();
    const { page, dir } = app;
    await page.getByRole('button', { name: /5\. Tag-driven governance/ }).click();
    const cell = page.locator('article[aria-label="cell run-durations"]');
    const editor = cell.locator('.code-editor .monaco-editor');
    await editor.waitFor();
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    const onDisk = async () =>
      (JSON.parse(await readFile(join(dir, 'workbook.json'), 'utf8')) as { pillars: { cells: { id: string; sql?: string }[] }[] }).pillars
        .flatMap((p) => p.cells)
        .find((c) => c.id === 'run-durations')!.sql;
    // Types, then pauses until the autosave has written the text (trimmed, as the file keeps it).
    const typeAndPause = async (keys: string, expected: string) => {
      await page.keyboard.type(keys, { delay: 10 });
      await expect.poll(onDisk, { timeout: 60_000 }).toBe(expected);
      if (await page.locator('.suggest-widget.visible').count()) await page.keyboard.press('Escape');
    };
    await typeAndPause('SELECT count(*) AS n ', 'SELECT count(*) AS n');
    await typeAndPause('FROM runs', 'SELECT count(*) AS n FROM runs');
    await page.keyboard.press('Enter');
    await typeAndPause('WHERE', 'SELECT count(*) AS n FROM runs\nWHERE');
    await typeAndPause(' n > 0', 'SELECT count(*) AS n FROM runs\nWHERE n > 0');

    // Completion: the list's rows carry the evidence tables' names.
    await page.keyboard.type(' AND EXISTS (SELECT 1 FROM ru', { delay: 10 });
    await page.keyboard.press('Control+Space');
    const suggestion = page.locator('.suggest-widget .monaco-list-row').first();
    await waitForText(suggestion, /\w+/);
    // Its label inside its row: the page's own layout classes must not reach the widget's parts.
    const row = (await suggestion.boundingBox())!;
    const label = (await suggestion.locator('.monaco-icon-label').boundingBox())!;
    expect(label.y + label.height).toBeLessThanOrEqual(row.y + row.height + 1);
    await page.screenshot({ path: join(RESULTS, 'code-editor-completion.png') });
    await page.keyboard.press('Escape');

    // Escape, Tab and Shift+Tab leave the editor and write nothing into it.
    const text = () => editor.evaluate((el) => el.closest('.code-editor')?.textContent ?? '');
    const focused = () => editor.evaluate((el) => el.contains(el.ownerDocument.activeElement));
    await page.keyboard.press('Escape');
    expect(await focused()).toBe(false);
    await editor.click();
    const before = await text();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe(false);
    await editor.click();
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe(false);
    expect(await text()).toBe(before);
  });

  it('keeps a space typed before a pause in a title too (the file trims it)', async () => {
    const { page, dir } = app!;
    await page.getByRole('button', { name: 'Backlog & top risks' }).click();
    await page.locator('tr', { hasText: 'GAP-01' }).last().click();
    const field = page.getByRole('complementary', { name: /gap GAP-01/ }).getByLabel('Title');
    await field.fill('');
    await field.pressSequentially('Lineage tags ', { delay: 10 });
    const title = async () =>
      (JSON.parse(await readFile(join(dir, 'workbook.json'), 'utf8')) as { gaps: { id: string; title: string }[] }).gaps.find(
        (g) => g.id === 'GAP-01',
      )!.title;
    await expect.poll(title, { timeout: 60_000 }).toBe('Lineage tags');
    await field.pressSequentially('missing', { delay: 10 });
    await expect.poll(title, { timeout: 60_000 }).toBe('Lineage tags missing');
  });
});
