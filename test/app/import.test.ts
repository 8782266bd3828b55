// Importing captured output in Chromium without a server path: pasted into a dialog, chosen with the
// file picker, dropped on the cell — each recorded with where it came from — and the provenance line
// (the command that produced the output, and where it ran) edited in place.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addCell } from '../../core/cells';
import type { Cell, Workbook } from '../../core/workbook/schema';
import { loadWorkbook, saveWorkbook } from '../../core/workbook/store';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { appOnFixture } from '../helpers/app-fixture';
import { chromiumAvailable, RESULTS, waitForText } from '../helpers/browser-shell';

const run = chromiumAvailable() ? describe : describe.skip;

run('import in the app', { timeout: 240_000 }, () => {
  const fixture = appOnFixture();

  it('imports pasted, chosen and dropped text, and edits the provenance', async () => {
    const cell = { id: 'pods', title: 'Pods', kind: 'import', format: 'auto', sourceCommand: 'kubectl get pods', mutating: false };
    const { page, dir } = await fixture.open(async (dir) => {
      const wb = await loadWorkbook(fs, dir);
      await saveWorkbook(fs, dir, addCell(wb, 5, { ...cell, captures: [] } as unknown as Cell));
    });
    const pods = async () =>
      (JSON.parse(await readFile(join(dir, 'workbook.json'), 'utf8')) as Workbook).pillars
        .flatMap((p) => p.cells)
        .find((c) => c.id === 'pods') as Extract<Cell, { kind: 'import' }>;

    await page.getByRole('button', { name: /5\. Tag-driven governance/ }).click();
    const article = page.locator('article[aria-label="cell pods"]');

    await article.getByLabel('Captured elsewhere with').fill('kubectl -n mlflow get pods -o json');
    await article.getByLabel('at', { exact: true }).fill('prod-eu cluster, 2026-12-01');
    await expect.poll(async () => (await pods()).sourceLocation, { timeout: 60_000 }).toBe('prod-eu cluster, 2026-12-01');
    expect((await pods()).sourceCommand).toBe('kubectl -n mlflow get pods -o json');

    // Pasted: nothing pasted is said in the dialog; then a capture, its secret redacted.
    await article.getByRole('button', { name: 'Paste…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Import' }).click();
    await waitForText(page.getByRole('dialog').getByRole('alert'), 'nothing pasted yet');
    await page.getByLabel('Captured output').fill('NAME READY STATUS\nmlflow-0 1/1 Running\nDB_PASSWORD=hunter2-very-secret\n');
    await page.getByRole('dialog').getByRole('button', { name: 'Import' }).click();
    await expect.poll(async () => (await pods()).captures.length, { timeout: 60_000 }).toBe(1);
    const pasted = (await pods()).captures[0]!;
    expect(pasted.source).toBe('imported from text pasted in the app');
    expect(pasted.command).toBe('kubectl -n mlflow get pods -o json');
    expect(await readFile(join(dir, 'evidence', pasted.hash), 'utf8')).not.toContain('hunter2-very-secret');

    // Chosen with the file picker.
    await article
      .getByLabel('file for pods')
      .setInputFiles({ name: 'pods.csv', mimeType: 'text/csv', buffer: Buffer.from('name,ready\nmlflow-0,1/1\n') });
    await expect.poll(async () => (await pods()).captures.length, { timeout: 60_000 }).toBe(2);
    expect((await pods()).captures[1]!.source).toBe('imported from pods.csv (chosen in the app)');

    // Dropped on the cell.
    // (A string, run in the page: the tests are compiled without the DOM's types.)
    const files = await page.evaluateHandle(`(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['name,ready\\nmlflow-0,1/1\\nmlflow-1,0/1\\n'], 'later.csv', { type: 'text/csv' }));
      return transfer;
    })()`);
    await article.dispatchEvent('drop', { dataTransfer: files });
    await expect.poll(async () => (await pods()).captures.length, { timeout: 60_000 }).toBe(3);
    expect((await pods()).captures[2]!.source).toBe('imported from later.csv (dropped in the app)');
    await waitForText(article.locator('.grid-count'), '2 rows');
    await article.screenshot({ path: join(RESULTS, 'import-cell.png') });
  });
});
