// End to end through the browser shell in Chromium, as an auditor would: open the demo, run a
// query cell and see its rows, create a gap from a check alarm, score it, set a verdict, publish
// v2, export the report and the issues — then assert on the files written. Screenshots of each
// main view go to test-results/.
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openApp, RESULTS, waitForText, waitForValue, watchPage, type OpenApp } from '../helpers/browser-shell';
import { copyFixture, tempDir } from '../helpers/workbooks';

const run = chromiumAvailable() ? describe : describe.skip;

run('browser shell, end to end in Chromium', { timeout: 60_000 }, () => {
  let app: OpenApp;
  let page: Page;
  let dir: string;
  let seen: { errors: string[]; external: string[] };
  const cleanups: (() => Promise<void>)[] = [];
  const onDisk = async () => JSON.parse(await readFile(join(dir, 'workbook.json'), 'utf8'));
  const shot = (name: string) => page.screenshot({ path: join(RESULTS, `${name}.png`) });
  const cell = (id: string) => page.locator(`article[aria-label="cell ${id}"]`);
  const saved = () => page.locator('.save-state.saved').waitFor({ timeout: 60_000 });

  beforeAll(async () => {
    await mkdir(RESULTS, { recursive: true });
    const fixture = await copyFixture('demo-helix-backbone');
    const home = await tempDir('aw-home-');
    cleanups.push(fixture.cleanup, home.cleanup);
    dir = fixture.dir;
    app = await openApp(dir, home.dir);
    page = app.page;
    seen = watchPage(page, app.shell.url);
    await page.reload(); // watched from the first request on
    await page.locator('[data-ready]').waitFor({ timeout: 60_000 });
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    for (const c of cleanups) await c();
  });

  it('opens the demo untrusted, running nothing, and asks before running an external cell', async () => {
    await page.getByText('did not come from this machine').waitFor({ state: 'visible' });
    await shot('notebook');
    const before = await onDisk();
    await page.getByRole('button', { name: /5\. Tag-driven governance/ }).click();
    // What stops a cell is said first, without a confirmation: the demo's codebase is not on this machine.
    await cell('tag-emission-sites').getByRole('button', { name: 'Re-run' }).click();
    await page.getByText(/tag-emission-sites cannot run: working folder .* does not exist/).waitFor({ state: 'visible' });
    expect(await page.getByRole('dialog').count()).toBe(0);
    await cell('recent-runs').getByRole('button', { name: 'Re-run' }).click();
    const dialog = page.getByRole('dialog');
    await waitForText(
      dialog,
      "curl -sS -X POST https://mlflow.helix.internal/api/2.0/mlflow/runs/search -H 'Content-Type: application/json'",
    );
    await waitForText(dialog, 'did not come from this machine');
    await waitForText(dialog, 'the request goes without credentials');
    await shot('trust-prompt');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await onDisk()).pillars).toEqual(before.pillars); // nothing ran
  });

  it('runs a query cell and shows its rows and chart', async () => {
    const query = cell('run-durations');
    await query.getByRole('button', { name: 'Re-run' }).click();
    await query.getByText('reproduced').waitFor({ state: 'visible', timeout: 60_000 });
    await waitForText(query.getByRole('table'), 'ftf-train-1');
    await query.getByText('6 rows').waitFor({ state: 'visible' });
    expect(await query.locator('.recharts-surface').count()).toBe(1);
    await query.getByLabel('Filter rows').fill('train-3');
    await query.getByText('1 of 6 rows').waitFor({ state: 'visible' });
    const captures = (await onDisk()).pillars
      .find((p: { number: number }) => p.number === 5)
      .cells.find((c: { id: string }) => c.id === 'run-durations').captures;
    expect(captures).toHaveLength(2);
    expect(captures[1].hash).toBe(captures[0].hash);
  });

  it('creates a gap from a check alarm, scores it, undoes and redoes', async () => {
    await page.getByLabel('Kind of the new cell').selectOption('check');
    await page.getByRole('button', { name: 'Add cell' }).click();
    const check = cell('check-1');
    await check.locator('.monaco-editor').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type("SELECT run_id, user_id FROM runs WHERE user_id LIKE 'svc-%'");
    await check.getByLabel('title of check-1').fill('Runs logged by a shared service account');
    await saved();
    await check.getByRole('button', { name: 'Run' }).click();
    await waitForText(check.getByRole('status'), 'alarm');
    await check.getByRole('button', { name: 'Create gap from alarm' }).click();
    const editor = page.getByRole('complementary', { name: /gap GAP-12/ });
    await editor.waitFor({ state: 'visible' });
    await editor.getByLabel('P&L impact').selectOption('High');
    await editor.getByLabel('Operational stability').selectOption('Med');
    await editor.getByLabel('Compliance exposure').selectOption('Low');
    // Demo weights 0.5 / 0.3 / 0.2: (3×0.5 + 2×0.3 + 1×0.2) / 1 = 2.30
    await waitForText(editor.getByTestId('composite'), '2.30');
    await editor.getByLabel('Effort').selectOption('S');
    await shot('gap-editor');
    await page.getByRole('button', { name: 'Undo' }).click();
    await waitForValue(editor.getByLabel('Effort'), '');
    await page.getByRole('button', { name: 'Redo' }).click();
    await waitForValue(editor.getByLabel('Effort'), 'S');
    // Typing is one undo step per field, not one per keystroke.
    const title = editor.getByLabel('Title');
    const proposed = await title.inputValue();
    await title.click();
    await page.keyboard.press('End');
    await page.keyboard.type(' (shared account)');
    await waitForValue(title, `${proposed} (shared account)`);
    await page.getByRole('button', { name: 'Undo' }).click();
    await waitForValue(title, proposed);
    await waitForValue(editor.getByLabel('Effort'), 'S');
    await saved();
    const gap = (await onDisk()).gaps.find((g: { id: string }) => g.id === 'GAP-12');
    expect(gap).toMatchObject({
      status: 'Open',
      pillar: 5,
      scores: { pnl: 'High', ops: 'Med', compliance: 'Low' },
      effort: 'S',
      closingCheck: 'check-1',
    });
    expect(gap.evidence[0]).toMatchObject({ cell: 'check-1', rows: '1–5', note: '5 violating row(s)' }); // one of the six runs has no user (GAP-06)
  });

  it('sets a verdict, shows the backlog, matrix and delta, publishes v2 and exports report and issues', async () => {
    await page.getByRole('button', { name: 'Verdicts' }).click();
    await page.getByLabel('verdict of pillar 5').selectOption('deviation-justified');
    await page.getByLabel('justification of pillar 5').fill('Service-account runs are triaged as GAP-12; lineage tags are being emitted.');
    await saved();
    await shot('verdicts');
    await page.getByRole('button', { name: 'Backlog & top risks' }).click();
    await waitForText(page.getByRole('table').last(), 'GAP-12');
    await shot('backlog');
    await page.getByRole('button', { name: 'Risk matrix' }).click();
    await page.locator('.matrix .recharts-symbols').first().waitFor({ state: 'visible' });
    await shot('risk-matrix');
    await page.getByRole('button', { name: 'Versions & committee' }).click();
    await page.locator('.delta-pillar').filter({ hasText: 'GAP-12' }).waitFor({ state: 'visible' });
    await shot('delta');

    await page.getByRole('button', { name: 'Publish…' }).click();
    // Refused at the field, not by closing the dialog: the message says why, the dialog stays.
    await page.getByRole('button', { name: 'Publish v2' }).click();
    await waitForText(page.getByRole('dialog').getByRole('alert'), 'publish needs a changelog message');
    expect(await page.getByLabel('Changelog message').getAttribute('aria-invalid')).toBe('true');
    await shot('publish-refused');
    await page.getByLabel('Changelog message').fill('Second pass: service-account runs triaged');
    await page.getByRole('button', { name: 'Publish v2' }).click();
    await page.getByText(/Published v2/).waitFor({ state: 'visible', timeout: 60_000 });

    const out = await tempDir('aw-exports-');
    cleanups.push(out.cleanup);
    await page.getByRole('button', { name: 'Export report…' }).first().click();
    // A file where a folder should be: said in the dialog, with the path, and corrected there.
    await page.getByLabel('Output file').fill(join(dir, 'workbook.json', 'report.md'));
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await waitForText(page.getByRole('dialog').getByRole('alert'), /workbook\.json/);
    await page.getByLabel('Output file').fill(join(out.dir, 'report.md'));
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByText(`Report written to ${join(out.dir, 'report.md')}`).waitFor({ state: 'visible', timeout: 60_000 });
    // The same report as one HTML page and as a PDF, written by the shell's server; the proposed
    // name follows the format.
    for (const [button, ext] of [
      ['HTML', 'html'],
      ['PDF', 'pdf'],
    ] as const) {
      await page.getByRole('button', { name: 'Export report…' }).first().click();
      const proposed = await page.getByLabel('Output file').inputValue();
      await page.getByRole('button', { name: button, exact: true }).click();
      const written = proposed.replace(/\.md$/, `.${ext}`);
      await page.getByText(`Report written to ${written}`).waitFor({ state: 'visible', timeout: 90_000 });
      expect((await readFile(written)).subarray(0, 5).toString()).toBe(ext === 'pdf' ? '%PDF-' : '<!DOC');
    }
    await page.getByRole('button', { name: 'Export issues…' }).first().click();
    await page.getByLabel('Output folder').fill(join(out.dir, 'issues'));
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByText(new RegExp(`issue files written to ${join(out.dir, 'issues')}$`)).waitFor({ state: 'visible', timeout: 60_000 });

    await page.getByRole('button', { name: 'Report preview' }).click();
    await waitForText(page.locator('.report'), 'Runs logged by a shared service account');
    await shot('report-preview');
    // GitHub's alerts as GitHub shows them: a titled box, not the raw marker.
    await waitForText(page.locator('.report blockquote.alert-caution .alert-title'), 'Caution');
    expect(await page.locator('.report').innerText()).not.toContain('[!CAUTION]');

    const wb = await onDisk();
    expect(wb.versions.map((v: { number: number }) => v.number)).toEqual([1, 2]);
    expect(wb.pillars.find((p: { number: number }) => p.number === 5).verdict).toEqual({
      status: 'deviation-justified',
      justification: 'Service-account runs are triaged as GAP-12; lineage tags are being emitted.',
    });
    const report = await readFile(join(out.dir, 'report.md'), 'utf8');
    expect(report).toContain('| Version | v2 (published');
    expect(report).toMatch(/GAP-12.*Runs logged by a shared service account/);
    expect(report).toContain('Second pass: service-account runs triaged');
    const issues = JSON.parse(await readFile(join(out.dir, 'issues', 'issues.json'), 'utf8'));
    expect(JSON.stringify(issues)).toContain('GAP-12');
    expect((await readdir(join(out.dir, 'issues'))).length).toBeGreaterThan(3);
  });

  it('gives the commands by their keys, as the menu and the buttons do', async () => {
    await page.locator('body').click({ position: { x: 5, y: 890 } }); // out of any field
    await page.keyboard.press('Alt+1');
    await page.locator('.rail button.active', { hasText: 'Backlog & top risks' }).waitFor({ state: 'visible' });
    await page.keyboard.press('Alt+3');
    await page.locator('.rail button.active', { hasText: 'Verdicts' }).waitFor({ state: 'visible' });
    await page.keyboard.press('Control+Shift+P');
    await page.getByRole('dialog').getByText('Publish v3').first().waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+N');
    const newAudit = page.getByRole('dialog', { name: 'New audit' });
    await newAudit.waitFor({ state: 'visible' });
    await newAudit.getByRole('button', { name: 'Cancel' }).click();
    await newAudit.waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: 'Publish…' }).getAttribute('title')).toBe('Ctrl+Shift+P');
  });

  it('refuses a weight below zero at the field, says why, and the views still render', async () => {
    await page.getByRole('button', { name: 'Parameters & weights' }).click();
    const weight = page.getByRole('main').getByLabel('P&L impact');
    const before = await weight.inputValue();
    await weight.fill('-1');
    await waitForText(page.locator('.notices'), 'Not changed: weight pnl must be a number ≥ 0, got -1.');
    await waitForValue(weight, before);
    await page.getByRole('button', { name: 'Backlog & top risks' }).click();
    await waitForText(page.getByRole('main'), 'GAP-12');
    expect((await onDisk()).weights.pnl).toBe(Number(before));
  });

  it('made no request outside the shell and logged no error', () => {
    expect(seen.external).toEqual([]);
    // The two refusals provoked above (an empty changelog message, a file for a folder) are answered
    // 422, which Chromium logs; nothing else.
    const refusals = seen.errors.filter((e) => e.includes('status of 422'));
    expect(refusals).toHaveLength(2);
    expect(seen.errors.filter((e) => !refusals.includes(e))).toEqual([]);
  });
});
