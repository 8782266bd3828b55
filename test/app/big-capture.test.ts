// A capture too big to carry into the window, in Chromium: 60,000 runs captured page by page from a
// server that answers as MLflow does. The cell's grid pages through the rows from the Node side
// (never the whole table), filtered and sorted over all of them there, every table of the capture can be picked, the drift since the previous
// capture is computed on the Node side by key, and the explorer queries where the evidence lies.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addCell } from '../../core/cells';
import type { Cell } from '../../core/workbook/schema';
import { loadWorkbook, saveWorkbook } from '../../core/workbook/store';
import { runCells } from '../../node/evidence/engine';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { appOnFixture } from '../helpers/app-fixture';
import { chromiumAvailable, RESULTS, waitForText } from '../helpers/browser-shell';
import { mlflowRun, runsSearchCell } from '../helpers/mlflow-runs';
import { startMlflowServer } from '../helpers/mlflow-server';

const run = chromiumAvailable() ? describe : describe.skip;
const RUNS = 60_000;

run('a capture of 60,000 runs in the app', { timeout: 240_000 }, () => {
  const fixture = appOnFixture();

  it('pages through the rows, picks a table, shows the drift and queries on the Node side', async () => {
    const { page } = await fixture.open(async (dir) => {
      const runs = Array.from({ length: RUNS }, (_, n) => mlflowRun(n, { id: (k) => `run-${String(k).padStart(6, '0')}` }));
      const server = await startMlflowServer({ experiments: [], runs: runs as never, registeredModels: [], modelVersions: [] });
      try {
        const cell = { ...runsSearchCell(server.url, 5000), mutating: false, captures: [] };
        await saveWorkbook(fs, dir, addCell(await loadWorkbook(fs, dir), 5, cell as unknown as Cell));
        expect((await runCells(dir, { cell: 'all-runs' }))[0]!.status).toBe('captured');
        (runs[41_999]!.info as { status: string }).status = 'FAILED';
        const [again] = await runCells(dir, { cell: 'all-runs' });
        expect(again!.status === 'captured' && again!.recorded.comparison.status).toBe('drifted');
      } finally {
        await server.close();
      }
    });
    await page.getByRole('button', { name: /5\. Tag-driven governance/ }).click();
    const cell = page.locator('article[aria-label="cell all-runs"]');
    const pager = cell.getByRole('group', { name: 'pages of rows' });
    await waitForText(pager, 'rows 1–5,000 of 60,000');
    const firstId = async () => (await cell.locator('[role=row].grid-row').first().innerText()).split('\n')[1];
    await expect.poll(firstId).toBe('run-000000');
    await cell.screenshot({ path: join(RESULTS, 'big-capture-1-first-page.png') });

    await pager.getByRole('button', { name: 'next rows' }).click();
    await waitForText(pager, 'rows 5,001–10,000 of 60,000');
    await expect.poll(firstId).toBe('run-005000');
    await pager.getByRole('button', { name: 'previous rows' }).click();
    await expect.poll(firstId).toBe('run-000000');

    // Filtered and sorted over every row, on the Node side; the pages follow the view.
    const filter = cell.getByLabel('Filter rows');
    await filter.fill('run-04199');
    await waitForText(cell.locator('.grid-count'), '10 of 60,000 rows');
    await waitForText(pager, 'rows 1–10 of 10');
    await expect.poll(firstId).toBe('run-041990');
    await filter.fill('');
    await waitForText(pager, 'rows 1–5,000 of 60,000');
    const runId = cell.getByRole('columnheader', { name: /^run_id/ });
    await runId.click();
    await runId.click(); // descending
    await expect.poll(firstId).toBe('run-059999');
    await pager.getByRole('button', { name: 'next rows' }).click();
    await expect.poll(firstId).toBe('run-054999');
    await runId.click(); // back to the capture's order
    await expect.poll(firstId).toBe('run-000000');

    // Every table of the capture; the tags' table is paged as well.
    const picker = cell.getByLabel('table of the capture');
    expect(await picker.locator('option').allInnerTexts()).toEqual([
      'all_runs (60,000 rows)',
      'runs (60,000 rows)',
      'run_tags (60,000 rows)',
      'run_params (60,000 rows)',
      'run_metrics (60,000 rows)',
      'http_responses (12 rows)',
    ]);
    await picker.selectOption('http_responses');
    await expect.poll(() => pager.count()).toBe(0);
    await waitForText(cell.locator('.grid-count'), '12 rows');

    // The drift: one run changed, compared by key on the Node side.
    await cell.locator('details.drift summary').click();
    await waitForText(cell.locator('details.drift'), 'runs: +0 −0 ~1');
    await waitForText(cell.locator('details.drift'), 'run-041999: status FINISHED → FAILED');
    await cell.screenshot({ path: join(RESULTS, 'big-capture-2-drift.png') });

    // The explorer runs on the Node side for evidence this size.
    await page.getByRole('button', { name: 'Explore the evidence with SQL…' }).click();
    const editor = page.locator('.explorer .monaco-editor').first();
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('SELECT count(*) AS n FROM all_runs', { delay: 10 });
    // Exactly what was typed: the editor's text is not overwritten by a render that lags behind the keys.
    const typed = async () => (await page.locator('.explorer .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
    await expect.poll(typed).toBe('SELECT count(*) AS n FROM all_runs');
    if (await page.locator('.suggest-widget.visible').count()) await page.keyboard.press('Escape');
    await page.locator('.explorer').getByRole('button', { name: 'Run query' }).click();
    await waitForText(page.locator('.explorer [role=status]'), /1 row\(s\) in \d+ ms · \d+ evidence tables, on the Node side/);
    await expect.poll(async () => (await page.locator('.explorer [role=row].grid-row').first().innerText()).split('\n')[1]).toBe('60000');
    await page.screenshot({ path: join(RESULTS, 'big-capture-3-explorer.png') });
  });
});
