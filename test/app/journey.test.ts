// The whole audit in the app, with no terminal step (issue 16): from an empty home folder, New
// audit… from the mlflow-backbone template pointed at the Helix fixture deployment's servers (the
// auditor and the parameters typed in the form, the MLflow token entered in the app and kept in
// the server's memory), the readiness check and the audit's scope, Run all with its one approval,
// a file dropped on an import cell, a query written with completion, a check whose alarm becomes
// a gap, a gap written by hand, scores, a waiver, verdicts, sign-off, Publish, the report and the
// child issues exported, and the issues pushed to a fake GitHub. Each important step is checked on
// disk, not only on the screen; a screenshot of every step goes to
// test-results/journey-NN-<step>.png, and the exported report to test-results/journey-report.md.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { controlsOverview } from '../../core/controls/overview';
import { compositeScore, formatComposite } from '../../core/scoring';
import { parseWorkbook } from '../../core/workbook/file-format';
import type { Cell, Workbook } from '../../core/workbook/schema';
import { chromiumAvailable, openApp, RESULTS, waitForText, watchPage, type OpenApp } from '../helpers/browser-shell';
import { startDeployment, type Deployment } from '../helpers/deployment';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github';
import { copyFixture, tempDir } from '../helpers/workbooks';

const run = chromiumAvailable() ? describe : describe.skip;
/** The MLflow token, typed into the app: it must never reach a file. */
const MLFLOW_TOKEN = 'helix-Tok3n-typed-in-the-journey';
const GITHUB_TOKEN = 'ghp_journey0123456789abcdefghijklmnopqrstu';
const AUDITOR = 'A. Auditor';
const SCOPE = 'The MLflow backbone of the Helix trading platform, production cluster';
/** What the auditor drops on the import cell: the CMDB's owners of the registered models. */
const OWNERS_CSV =
  'model,owner,data_source\nfraud-scorer,risk-ml,s3://helix-features/fraud\nchurn,,s3://helix-features/churn\npricer,quant-desk,\n';
/** A waiver that has not lapsed: a year from now. */
const EXPIRES = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
/** The parameters typed in the New audit form: the deployment's addresses and locations, no convention. */
const TYPED = [
  'MLFLOW_TRACKING_URI',
  'K8S_CONTEXT',
  'ARTIFACT_BUCKET',
  'S3_ENDPOINT_URL',
  'REPO_DIR',
  'BACKTEST_ARTIFACTS',
  'LIVE_ARTIFACTS',
];

/** Files under `dir` whose bytes hold `text`. */
async function filesHolding(dir: string, text: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    // A save's temporary file may be renamed away between the listing and the read.
    const bytes = entry.isFile() ? await readFile(path).catch(() => null) : null;
    if (bytes?.includes(text)) found.push(path);
  }
  return found;
}

run('the audit journey in the app, from an empty home to the exported report', { timeout: 600_000 }, () => {
  let app: OpenApp;
  let page: Page;
  let deployment: Deployment;
  let github: FakeGitHub;
  let seen: { errors: string[]; external: string[] };
  let home: string;
  let dir: string;
  const cleanups: (() => Promise<void>)[] = [];
  let step = 0;
  /** The gap created from the check's alarm, and the one written by hand. */
  let fromAlarm = '';
  let byHand = '';
  const shot = (name: string) => page.screenshot({ path: join(RESULTS, `journey-${String(++step).padStart(2, '0')}-${name}.png`) });
  const onDisk = async (): Promise<Workbook> => parseWorkbook(await readFile(join(dir, 'workbook.json'), 'utf8'));
  const cellOnDisk = async (id: string): Promise<Cell | undefined> =>
    (await onDisk()).pillars.flatMap((p) => p.cells).find((c) => c.id === id);
  const gapOnDisk = async (id: string) => (await onDisk()).gaps.find((g) => g.id === id);

  beforeAll(async () => {
    await mkdir(RESULTS, { recursive: true });
    deployment = await startDeployment('helix');
    cleanups.push(deployment.stop);
    github = await startFakeGitHub({ token: GITHUB_TOKEN, repo: 'helix/platform' });
    cleanups.push(github.close);
    const homeDir = await tempDir('aw-journey-home-');
    const audits = await tempDir('aw-journey-audits-');
    // The workbook the shell opens at launch plays no part: the journey starts with New audit….
    const launch = await copyFixture('demo-helix-backbone');
    cleanups.push(homeDir.cleanup, audits.cleanup, launch.cleanup);
    home = homeDir.dir;
    dir = join(audits.dir, 'helix-2026');
    expect(await readdir(home)).toEqual([]);
    // The auditor's machine: a kubeconfig, S3 credentials, the backend's URI in a variable, a GitHub
    // token as gh reads it. No MLflow token: that one is typed into the app.
    const env = deployment.env;
    app = await openApp(launch.dir, home, {
      KUBECONFIG: env['KUBECONFIG']!,
      AWS_ACCESS_KEY_ID: env['AWS_ACCESS_KEY_ID']!,
      AWS_SECRET_ACCESS_KEY: env['AWS_SECRET_ACCESS_KEY']!,
      AW_FIXTURE_BACKEND_STORE_URI: env['AW_FIXTURE_BACKEND_STORE_URI']!,
      GITHUB_TOKEN,
      GITHUB_API_URL: github.url,
    });
    page = app.page;
    seen = watchPage(page, app.shell.url);
  }, 300_000);

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail')
      await page?.screenshot({ path: join(RESULTS, `journey-failed-${String(step).padStart(2, '0')}.png`) });
  });

  afterAll(async () => {
    await app?.close();
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  it('creates the audit from a template, with the parameters and the token typed in the form', async () => {
    await page.getByRole('button', { name: 'New audit…' }).click();
    const dialog = page.getByRole('dialog', { name: 'New audit' });
    await dialog.getByLabel('Template').selectOption('mlflow-backbone');
    await waitForText(dialog, 'Pillars: 5. Tag-driven governance');
    await dialog.getByLabel('Folder of the new workbook').fill(dir);
    await dialog.getByLabel('Title of the audit').fill('Helix MLflow backbone audit 2026');
    await dialog.getByLabel('Auditor of the audit').fill(AUDITOR);
    for (const name of TYPED) await dialog.getByLabel(`parameter ${name}`).fill(deployment.params[name]!);
    // The token entered here (kept in the server's memory); the backend's URI from a variable.
    await dialog.getByLabel('where the secret MLFLOW_TRACKING_TOKEN comes from').selectOption('keychain');
    await dialog.getByLabel('keychain entry of MLFLOW_TRACKING_TOKEN').fill('helix-mlflow');
    await dialog.getByLabel('secret value of MLFLOW_TRACKING_TOKEN').fill(MLFLOW_TOKEN);
    await dialog.getByLabel('environment variable of BACKEND_STORE_URI').fill('AW_FIXTURE_BACKEND_STORE_URI');
    await dialog.getByLabel('secret value of MLFLOW_TRACKING_TOKEN').scrollIntoViewIfNeeded();
    await shot('new-audit');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 120_000 });
    await waitForText(page.locator('.topbar'), dir);
    await waitForText(page.locator('.topbar'), 'Helix MLflow backbone audit 2026');

    const wb = await onDisk();
    expect([wb.title, wb.auditor]).toEqual(['Helix MLflow backbone audit 2026', AUDITOR]);
    const param = (name: string) => wb.parameters.find((p) => p.name === name)!;
    for (const name of TYPED) expect([param(name).value ?? param(name).values?.join(',')]).toEqual([deployment.params[name]]);
    expect(param('MLFLOW_TRACKING_TOKEN').secret).toEqual({ keychain: 'helix-mlflow' });
    expect(param('BACKEND_STORE_URI').secret).toEqual({ env: 'AW_FIXTURE_BACKEND_STORE_URI' });
    expect(await filesHolding(dir, MLFLOW_TOKEN)).toEqual([]);
    expect(await filesHolding(home, MLFLOW_TOKEN)).toEqual([]);
  });

  it('shows the readiness check before the first run', async () => {
    const table = page.locator('table.doctor');
    await waitForText(table, 'recent-runs', 120_000);
    await table.scrollIntoViewIfNeeded();
    const rows = await table.locator('tbody tr').allInnerTexts();
    const states = rows.map((r) => r.split('\t')[2]);
    // Every evidence cell can run here but the mutating write probe, which a bulk run leaves out.
    expect(rows.filter((r) => !r.includes('\tready\t')).map((r) => r.split('\t')[0])).toEqual([]);
    expect(states.length).toBeGreaterThan(20);
    await waitForText(page.locator('.secret'), 'set here');
    await shot('readiness');
    // The scope, said in the same view as the parameters.
    await page.getByRole('region', { name: 'The audit' }).getByLabel('Scope').fill(SCOPE);
    await expect.poll(async () => (await onDisk()).scope, { timeout: 60_000 }).toBe(SCOPE);
  });

  it('runs all after one approval, evidence before checks, and proposes the planted gaps', async () => {
    await page.getByRole('button', { name: 'Controls overview' }).click();
    await page.getByRole('heading', { name: 'Controls', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Run all' }).click();
    const dialog = page.getByRole('dialog', { name: /^Run all pillars: \d+ cells\?$/ });
    await dialog.waitFor();
    // Created on this machine: trusted, so nothing says it came from elsewhere.
    expect(await dialog.innerText()).not.toContain('did not come from this machine');
    await shot('run-all-approval');
    const count = Number(/: (\d+) cells/.exec((await dialog.getAttribute('aria-label'))!)![1]);
    await dialog.getByRole('button', { name: `Run ${count} cells` }).click();
    const panel = page.getByRole('status', { name: 'Bulk run' });
    await waitForText(panel, `Run of all pillars finished: ${count} captured`, 400_000);
    await shot('run-all-done');
    const wb = await onDisk();
    const overview = controlsOverview(wb);
    expect(overview.totals.error).toBe(0);
    // The one check left without evidence reads the mutating write probe, which a bulk run leaves out.
    const skipped = overview.pillars.flatMap((p) => p.checks).filter((c) => c.state === 'skip');
    expect(skipped.map((c) => c.cell)).toEqual(['unauthenticated-writes']);
    // Each alarm proposed its gap, waiting for the auditor's triage.
    expect(overview.totals.alarm).toBe(13);
    expect(wb.gaps).toHaveLength(13);
    expect(wb.gaps.every((g) => g.status === 'Proposed')).toBe(true);
    expect(await filesHolding(dir, MLFLOW_TOKEN)).toEqual([]);
  });

  it('imports a file dropped on an import cell, with its provenance', async () => {
    await page.getByRole('button', { name: /8\. Data & Model Lineage/ }).click();
    await page.getByRole('heading', { name: /^Pillar 8/ }).waitFor();
    await page.getByLabel('Kind of the new cell').selectOption('import');
    await page.getByRole('button', { name: 'Add cell' }).click();
    const cell = page.locator('article[aria-label="cell import-1"]');
    await cell.waitFor();
    await cell.getByLabel('title of import-1').fill('Owners of the registered models (CMDB export)');
    await cell.getByLabel('Captured elsewhere with').fill('cmdb export --class ml-model --format csv');
    await cell.getByLabel('at', { exact: true }).fill('Helix CMDB, 2026-12-07');
    // Dropped from the desktop onto the cell (a string run in the page: the tests have no DOM types).
    const transfer = await page.evaluateHandle(`(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([${JSON.stringify(OWNERS_CSV)}], 'model-owners.csv', { type: 'text/csv' }));
      return transfer;
    })()`);
    await cell.dispatchEvent('dragover', { dataTransfer: transfer });
    await cell.dispatchEvent('drop', { dataTransfer: transfer });
    await expect.poll(async () => (await cellOnDisk('import-1'))?.captures.length, { timeout: 60_000 }).toBe(1);
    const imported = (await cellOnDisk('import-1')) as Extract<Cell, { kind: 'import' }>;
    expect(imported.title).toBe('Owners of the registered models (CMDB export)');
    expect(imported.sourceCommand).toBe('cmdb export --class ml-model --format csv');
    expect(imported.sourceLocation).toBe('Helix CMDB, 2026-12-07');
    expect(imported.captures[0]!.source).toBe('imported from model-owners.csv (dropped in the app)');
    expect(imported.captures[0]!.tables.map((t) => [t.name, t.rows])).toEqual([['import_1', 3]]);
    await waitForText(cell.locator('.grid-count'), '3 rows');
    await cell.scrollIntoViewIfNeeded();
    await shot('import-dropped');
  });

  it('writes a query with completion of the evidence tables, and runs it', async () => {
    await page.getByLabel('Kind of the new cell').selectOption('query');
    await page.getByRole('button', { name: 'Add cell' }).click();
    const cell = page.locator('article[aria-label="cell query-1"]');
    await cell.waitFor();
    await cell.getByLabel('title of query-1').fill('Registered models per owner');
    const editor = cell.locator('.code-editor .monaco-editor');
    await editor.waitFor();
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('SELECT owner, count(*) AS models FROM impo', { delay: 10 });
    // The list opens as one types; Ctrl+Space asks for it where it has not.
    const widget = page.locator('.suggest-widget.visible');
    if (!(await widget.count())) await page.keyboard.press('Control+Space');
    await waitForText(widget.locator('.monaco-list-row.focused'), 'import_1');
    await shot('query-completion');
    await page.keyboard.press('Enter');
    await page.keyboard.type(' GROUP BY owner ORDER BY models DESC, owner', { delay: 10 });
    if (await widget.count()) await page.keyboard.press('Escape');
    const sql = 'SELECT owner, count(*) AS models FROM import_1 GROUP BY owner ORDER BY models DESC, owner';
    // Exactly what was typed and accepted, in the editor and in the file.
    expect((await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ')).toBe(sql);
    await expect.poll(async () => ((await cellOnDisk('query-1')) as { sql: string }).sql, { timeout: 60_000 }).toBe(sql);
    await cell.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(async () => (await cellOnDisk('query-1'))?.captures.at(-1)?.tables[0]?.rows, { timeout: 60_000 }).toBe(3);
    await waitForText(cell.locator('.grid-count'), '3 rows');
    await cell.scrollIntoViewIfNeeded();
    await shot('query-run');
  });

  it('adds a check whose alarm becomes a gap, and scores it', async () => {
    await page.getByLabel('Kind of the new cell').selectOption('check');
    await page.getByRole('button', { name: 'Add cell' }).click();
    const cell = page.locator('article[aria-label="cell check-1"]');
    await cell.waitFor();
    await cell.getByLabel('title of check-1').fill('Registered models without an owner');
    const editor = cell.locator('.code-editor .monaco-editor');
    await editor.waitFor();
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type("SELECT model FROM import_1 WHERE coalesce(owner, '') = ''", { delay: 10 });
    const widget = page.locator('.suggest-widget.visible');
    if (await widget.count()) await page.keyboard.press('Escape');
    const sql = "SELECT model FROM import_1 WHERE coalesce(owner, '') = ''";
    await expect.poll(async () => ((await cellOnDisk('check-1')) as { sql: string }).sql, { timeout: 60_000 }).toBe(sql);
    await cell.getByRole('button', { name: 'Run', exact: true }).click();
    const status = cell.locator('.check-status');
    await waitForText(status, 'Check: alarm');
    await waitForText(status, '1 violating row(s)');
    await waitForText(cell.locator('.grid-count'), /^1 row$/);
    await expect.poll(async () => (await cellOnDisk('check-1'))?.captures.at(-1)?.checkStatus, { timeout: 60_000 }).toBe('alarm');
    await cell.scrollIntoViewIfNeeded();
    await shot('check-alarm');

    await status.getByRole('button', { name: 'Create gap from alarm' }).click();
    const editorPanel = page.getByRole('complementary', { name: /^gap GAP-\d+$/ });
    await editorPanel.waitFor();
    const id = (await editorPanel.getAttribute('aria-label'))!.replace('gap ', '');
    await expect.poll(async () => (await gapOnDisk(id))?.status, { timeout: 60_000 }).toBe('Open');
    expect((await gapOnDisk(id))!.evidence.map((e) => [e.cell, e.rows])).toEqual([['check-1', '1']]);
    await editorPanel.getByLabel('P&L impact').selectOption('Med');
    await editorPanel.getByLabel('Operational stability').selectOption('Low');
    await editorPanel.getByLabel('Compliance exposure').selectOption('High');
    await editorPanel.getByLabel('Effort').selectOption('S');
    await editorPanel.getByLabel('Proposed fix').fill('Make the owner a required field of the registration pipeline');
    await expect
      .poll(async () => [(await gapOnDisk(id))?.scores, (await gapOnDisk(id))?.effort], { timeout: 60_000 })
      .toEqual([{ pnl: 'Med', ops: 'Low', compliance: 'High' }, 'S']);
    const wb = await onDisk();
    await waitForText(
      editorPanel.getByTestId('composite'),
      formatComposite(compositeScore(wb.gaps.find((g) => g.id === id)!.scores, wb.weights)),
    );
    // The notices stand beside the gap editor, not over its fields.
    const notices = (await page.locator('.notices').boundingBox())!;
    expect(notices.x + notices.width).toBeLessThanOrEqual((await editorPanel.boundingBox())!.x);
    await shot('gap-from-alarm');
    fromAlarm = id;
  });

  it('adds a gap by hand, scores it and accepts its risk with a waiver', async () => {
    await page.getByRole('button', { name: 'Add a gap…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a gap to pillar 8' });
    await dialog.getByLabel('Title').fill('Feature lineage is not recorded between training and serving');
    await dialog.getByRole('button', { name: 'Add as Major' }).click();
    const editorPanel = page.getByRole('complementary', { name: /^gap GAP-\d+$/ });
    await expect.poll(() => editorPanel.getAttribute('aria-label'), { timeout: 60_000 }).not.toBe(`gap ${fromAlarm}`);
    const id = (await editorPanel.getAttribute('aria-label'))!.replace('gap ', '');
    await editorPanel.getByLabel('Description').fill('No run records which feature-store snapshot trained it.');
    await editorPanel.getByLabel('P&L impact').selectOption('High');
    await editorPanel.getByLabel('Operational stability').selectOption('Med');
    await editorPanel.getByLabel('Compliance exposure').selectOption('High');
    await editorPanel.getByLabel('Effort').selectOption('L');
    await editorPanel.getByLabel('Status').selectOption('Accepted risk');
    await editorPanel.getByLabel('justification').fill('Compensated by a weekly manual lineage review');
    await editorPanel.getByLabel('approver').fill('Chief Risk Officer');
    await editorPanel.getByLabel('expires').fill(EXPIRES);
    await expect
      .poll(async () => (await gapOnDisk(id))?.waiver, { timeout: 60_000 })
      .toEqual({ justification: 'Compensated by a weekly manual lineage review', approver: 'Chief Risk Officer', expires: EXPIRES });
    const gap = (await gapOnDisk(id))!;
    expect([gap.title, gap.severity, gap.status, gap.effort, gap.scores]).toEqual([
      'Feature lineage is not recorded between training and serving',
      'Major',
      'Accepted risk',
      'L',
      { pnl: 'High', ops: 'Med', compliance: 'High' },
    ]);
    // A waiver that has not lapsed is not flagged.
    expect(await editorPanel.getByText('This waiver expired').count()).toBe(0);
    await shot('gap-by-hand-waiver');
    byHand = id;
  });

  it('sets the verdicts with their justification', async () => {
    await page.getByRole('button', { name: 'Close the gap editor' }).click();
    await page.getByRole('button', { name: 'Verdicts' }).click();
    await page.getByRole('heading', { name: 'Verdicts' }).waitFor();
    const verdicts: [number, string, string][] = [
      [8, 'non-compliant', 'Model owners are missing in the CMDB; feature lineage is waived until the lineage service ships'],
      [5, 'non-compliant', 'Runs miss the mandatory lineage tags'],
      [1, 'deviation-justified', 'Two tracking URIs, one of them a read replica'],
    ];
    for (const [pillar, status, justification] of verdicts) {
      await page.getByLabel(`verdict of pillar ${pillar}`).selectOption(status);
      await page.getByLabel(`justification of pillar ${pillar}`).fill(justification);
    }
    await expect
      .poll(
        async () => {
          const wb = await onDisk();
          return verdicts.map(([n]) => wb.pillars.find((p) => p.number === n)!.verdict);
        },
        { timeout: 60_000 },
      )
      .toEqual(verdicts.map(([, status, justification]) => ({ status, justification })));
    await shot('verdicts');
  });

  it('signs the gap and the pillar off as preparer and reviewer', async () => {
    await page.getByRole('button', { name: /8\. Data & Model Lineage/ }).click();
    const pillarPanel = page.getByRole('region', { name: 'review of pillar 8' });
    // The preparer is the workbook's auditor unless changed; the reviewer is named at the field.
    expect(await pillarPanel.getByLabel("Preparer's name").inputValue()).toBe(AUDITOR);
    await pillarPanel.getByRole('button', { name: 'Sign off as preparer' }).click();
    await pillarPanel.getByLabel("Reviewer's name").fill('R. Reviewer');
    await pillarPanel.getByRole('button', { name: 'Sign off as reviewer' }).click();
    await expect
      .poll(
        async () => {
          const review = (await onDisk()).pillars.find((p) => p.number === 8)!.review;
          return [review?.preparer?.by, review?.reviewer?.by];
        },
        { timeout: 60_000 },
      )
      .toEqual([AUDITOR, 'R. Reviewer']);
    await waitForText(pillarPanel.getByTestId('reviewer-sign-off'), 'R. Reviewer');
    await pillarPanel.scrollIntoViewIfNeeded();
    await shot('signoff-pillar');

    await page.getByRole('row', { name: new RegExp(byHand) }).click();
    const panel = page.getByRole('complementary', { name: `gap ${byHand}` }).getByRole('region', { name: `review of ${byHand}` });
    expect(await panel.getByLabel("Preparer's name").inputValue()).toBe(AUDITOR);
    await panel.getByRole('button', { name: 'Sign off as preparer' }).click();
    await panel.getByLabel("Reviewer's name").fill('R. Reviewer');
    await panel.getByRole('button', { name: 'Sign off as reviewer' }).click();
    await expect
      .poll(
        async () => {
          const review = (await gapOnDisk(byHand))!.review;
          return [review?.preparer?.by, review?.reviewer?.by];
        },
        { timeout: 60_000 },
      )
      .toEqual([AUDITOR, 'R. Reviewer']);
    await panel.scrollIntoViewIfNeeded();
    await shot('signoff-gap');
  });

  it('publishes v1', async () => {
    await page.getByRole('button', { name: 'Publish…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish v1' });
    await dialog.getByLabel('Changelog message').fill('First version for the committee');
    await shot('publish');
    await dialog.getByRole('button', { name: 'Publish v1' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 120_000 });
    await waitForText(page.locator('.topbar'), 'v1 published');
    const wb = await onDisk();
    expect(wb.versions.map((v) => v.number)).toEqual([1]);
    expect(existsSync(join(dir, 'versions', 'v1.json'))).toBe(true);
    expect(wb.changelog.at(-1)).toMatchObject({ version: 1, summary: 'First version for the committee' });
  });

  it('exports the report, which holds the gaps, scores, waiver, verdicts and sign-offs', async () => {
    await page.getByRole('button', { name: 'Export report…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export the report' });
    const file = await dialog.getByLabel('Output file').inputValue();
    expect(file).toBe(join(dir, 'exports', file.split('/').pop()!));
    expect(file).toMatch(/-v1\.md$/);
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await dialog.waitFor({ state: 'detached', timeout: 120_000 });
    await waitForText(page.locator('.notices'), `Report written to ${file}`);
    await shot('report-exported');
    const md = await readFile(file, 'utf8');
    // Kept beside the screenshots, to be read.
    await writeFile(join(RESULTS, 'journey-report.md'), md);
    const wb = await onDisk();
    const alarm = wb.gaps.find((g) => g.id === fromAlarm)!;
    const waived = wb.gaps.find((g) => g.id === byHand)!;
    expect(md).toContain('# Helix MLflow backbone audit 2026');
    expect(md).toContain(`| Auditor | ${AUDITOR} |`);
    expect(md).toContain(`| Scope | ${SCOPE} |`);
    expect(md).toContain(alarm.title);
    expect(md).toContain(waived.title);
    expect(md).toContain(`waiver by Chief Risk Officer until ${EXPIRES}: Compensated by a weekly manual lineage review`);
    expect(md).toContain(
      '**Verdict**: ❌ non-compliant — Model owners are missing in the CMDB; feature lineage is waived until the lineage service ships',
    );
    // The risk-adjusted scores table: each gap with its three scores and its composite.
    const scores = md.slice(md.indexOf('## Risk-adjusted scores'));
    const row = (id: string) =>
      scores
        .split('\n')
        .find((l) => l.startsWith(`| ${id} `))
        ?.split('|')
        .slice(1, -1)
        .map((c) => c.trim());
    const composite = (g: typeof alarm) => formatComposite(compositeScore(g.scores, wb.weights));
    expect(row(fromAlarm)).toEqual([fromAlarm, 'Major', 'Med', 'Low', 'High', composite(alarm), 'S']);
    expect(row(byHand)).toEqual([byHand, 'Major', 'High', 'Med', 'High', composite(waived), 'L']);
    // The evidence as it was gathered: the import's provenance, the query and the check as typed.
    expect(md).toContain('# run elsewhere (Helix CMDB, 2026-12-07); output imported');
    expect(md).toContain('SELECT owner, count(*) AS models FROM import_1 GROUP BY owner ORDER BY models DESC, owner');
    expect(md).toContain("SELECT model FROM import_1 WHERE coalesce(owner, '') = ''");
    // Who prepared and reviewed the pillar and the gap.
    const pillar8 = md.slice(md.indexOf('### Pillar 8'), md.indexOf('### ', md.indexOf('### Pillar 8') + 4));
    expect(pillar8).toMatch(/\*\*Review\*\*: .*A\. Auditor.*R\. Reviewer/);
    expect(pillar8).toMatch(new RegExp(`- \\*\\*${byHand}\\*\\*: .*A\\. Auditor.*R\\. Reviewer`));
  });

  it('exports the child issues and pushes them to GitHub', async () => {
    await page.getByRole('button', { name: 'Export issues…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export child issues' });
    const folder = await dialog.getByLabel('Output folder').inputValue();
    expect(folder).toBe(join(dir, 'exports', 'issues'));
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await dialog.waitFor({ state: 'detached', timeout: 120_000 });
    await waitForText(page.locator('.notices'), `issue files written to ${folder}`);
    // Only the gaps the auditor confirmed become issues: the proposed ones await triage.
    expect((await readdir(folder)).sort()).toEqual([`${byHand}.md`, `${fromAlarm}.md`, 'issues.json', 'umbrella.md'].sort());
    expect(await readFile(join(folder, `${byHand}.md`), 'utf8')).toContain(
      `**Waiver**: Compensated by a weekly manual lineage review — approved by Chief Risk Officer, expires ${EXPIRES}`,
    );

    await shot('issues-exported');

    await page.getByRole('button', { name: 'Report preview' }).click();
    await page.getByRole('button', { name: 'Push to GitHub…' }).click();
    const push = page.getByRole('dialog', { name: 'Push the issues to GitHub' });
    await push.getByLabel('Repository (owner/name)').fill(github.repo);
    await push.getByRole('button', { name: 'Push', exact: true }).click();
    const pushed = page.getByRole('dialog', { name: `Pushed to ${github.repo}` });
    await waitForText(pushed, `[${byHand}]`, 120_000);
    await shot('github-pushed');
    await pushed.getByRole('button', { name: 'Close' }).click();
    expect(github.issues.map((i) => i.title).sort()).toEqual(
      expect.arrayContaining([expect.stringContaining(`[${fromAlarm}]`), expect.stringContaining(`[${byHand}]`)]),
    );
    expect(github.issues).toHaveLength(3); // the two child issues and the umbrella
    await expect
      .poll(
        async () =>
          (await onDisk()).gaps
            .filter((g) => g.issue)
            .map((g) => [g.id, g.issue!.repo])
            .sort(),
        { timeout: 60_000 },
      )
      .toEqual(
        [
          [byHand, github.repo],
          [fromAlarm, github.repo],
        ].sort(),
      );
    expect(await filesHolding(dir, MLFLOW_TOKEN)).toEqual([]);
    expect(await filesHolding(dir, GITHUB_TOKEN)).toEqual([]);
    expect(await filesHolding(home, MLFLOW_TOKEN)).toEqual([]);
  });

  it('raised no page error and made no request beyond the app', () => {
    expect(seen.errors).toEqual([]);
    expect(seen.external).toEqual([]);
  });
});
