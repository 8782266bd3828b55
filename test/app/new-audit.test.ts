// Starting an audit in the app, with no terminal: New audit… → a template with its pillars and its
// parameters' defaults shown → a refusal said at the field and the form → a secret entered in the
// app (kept in the browser shell's memory, never written) → the workbook created and opened → the
// readiness check (doctor) shown at once against the Orbit deployment, a stock MLflow. In Chromium
// through the browser shell; screenshots in test-results/.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openApp, RESULTS, waitForText, watchPage, type OpenApp } from '../helpers/browser-shell';
import type { Workbook } from '../../core/workbook/schema';
import { startDeployment, type Deployment } from '../helpers/deployment';
import { copyFixture, tempDir } from '../helpers/workbooks';

const run = chromiumAvailable() ? describe : describe.skip;
const SECRET = 'orbit-Tok3n-entered-in-the-app';

/** Files under `dir` whose bytes hold `text`. */
async function filesHolding(dir: string, text: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && (await readFile(path)).includes(text)) found.push(path);
  }
  return found;
}

run('new audit in the app', { timeout: 60_000 }, () => {
  let app: OpenApp;
  let page: Page;
  let deployment: Deployment;
  let seen: { errors: string[]; external: string[] };
  let target: string;
  let home: string;
  const cleanups: (() => Promise<void>)[] = [];
  const shot = (name: string) => page.screenshot({ path: join(RESULTS, `${name}.png`) });

  beforeAll(async () => {
    await mkdir(RESULTS, { recursive: true });
    deployment = await startDeployment('orbit');
    cleanups.push(deployment.stop);
    const fixture = await copyFixture('demo-helix-backbone');
    const homeDir = await tempDir('aw-home-');
    const audits = await tempDir('aw-audits-');
    cleanups.push(fixture.cleanup, homeDir.cleanup, audits.cleanup);
    home = homeDir.dir;
    target = join(audits.dir, 'orbit-runs');
    // The shell's environment is the auditor's: the backend URI and the kubeconfig, no MLflow token.
    app = await openApp(fixture.dir, home, { AW_FIXTURE_BACKEND_STORE_URI: deployment.env['AW_FIXTURE_BACKEND_STORE_URI']! });
    page = app.page;
    seen = watchPage(page, app.shell.url);
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    for (const c of cleanups.reverse()) await c();
  });

  it('shows the templates with their pillars and the parameters with their defaults', async () => {
    await page.getByRole('button', { name: 'New audit…' }).click();
    const dialog = page.getByRole('dialog', { name: 'New audit' });
    await dialog.getByLabel('Template').waitFor({ state: 'visible' });
    await dialog.getByLabel('Template').selectOption('mlflow-runs');
    await waitForText(dialog, 'Pillars: 1. Tracking URI consistency');
    expect(await dialog.getByLabel('parameter CODE_PATHS').inputValue()).toBe('.');
    expect(await dialog.getByLabel('parameter TEST_PATHS').inputValue()).toBe('tests/, test/');
    expect(await dialog.getByLabel('where the secret MLFLOW_TRACKING_TOKEN comes from').inputValue()).toBe('env');
    expect(await dialog.getByLabel('environment variable of MLFLOW_TRACKING_TOKEN').inputValue()).toBe('MLFLOW_TRACKING_TOKEN');
    await shot('new-audit');
  });

  it('says at the field and the form what is refused, writes nothing, then creates and opens the workbook', async () => {
    const dialog = page.getByRole('dialog', { name: 'New audit' });
    await dialog.getByLabel('Folder of the new workbook').fill(target);
    await dialog.getByLabel('parameter MLFLOW_TRACKING_URI').fill(deployment.params['MLFLOW_TRACKING_URI']!);
    await dialog.getByLabel('parameter REPO_DIR').fill(deployment.params['REPO_DIR']!);
    // A token pasted where the variable's name goes is refused at the field, then at Create.
    await dialog.getByLabel('environment variable of MLFLOW_TRACKING_TOKEN').fill('tok-in-clear');
    await waitForText(dialog.locator('.secret-ref [role=alert]'), 'Give an environment variable name');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await waitForText(dialog.locator('p.error'), 'parameter MLFLOW_TRACKING_TOKEN: give an environment variable name');
    expect(existsSync(target)).toBe(false);
    // The token entered in the app instead: the workbook names the entry, the value stays in the server's memory.
    await dialog.getByLabel('where the secret MLFLOW_TRACKING_TOKEN comes from').selectOption('keychain');
    await dialog.getByLabel('keychain entry of MLFLOW_TRACKING_TOKEN').fill('orbit-token');
    expect(await dialog.getByLabel('secret value of MLFLOW_TRACKING_TOKEN').getAttribute('placeholder')).toContain("this server's memory");
    await dialog.getByLabel('secret value of MLFLOW_TRACKING_TOKEN').fill(SECRET);
    await dialog.getByLabel('Auditor of the audit').fill('R. Ortiz (platform DRI)');
    await shot('new-audit-secret');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitForText(page.locator('.topbar'), target);
    await waitForText(page.locator('.topbar'), 'MLflow runs audit');
    const wb = JSON.parse(await readFile(join(target, 'workbook.json'), 'utf8')) as Workbook;
    expect(wb.parameters.find((p) => p.name === 'MLFLOW_TRACKING_TOKEN')?.secret).toEqual({ keychain: 'orbit-token' });
    expect(wb.auditor).toBe('R. Ortiz (platform DRI)');
    expect(await filesHolding(target, SECRET)).toEqual([]);
    expect(await filesHolding(home, SECRET)).toEqual([]);
  });

  it('checks, before any run, which cells can run here and why the others cannot', async () => {
    // Shown at once after New audit, with no click: the Parameters view and its readiness check.
    const table = page.locator('table.doctor');
    await waitForText(table, 'runs');
    const rows = await table.locator('tbody tr').allInnerTexts();
    const state = (cell: string) => rows.find((r) => r.startsWith(`${cell}\t`))?.split('\t')[2];
    expect(state('experiments')).toBe('ready');
    expect(state('tracking-uris')).toBe('ready');
    expect(state('audit-trail-mlflow')).toBe('left out');
    // The token entered in the app is found: the request will carry credentials.
    expect(rows.find((r) => r.startsWith('experiments\t'))).not.toContain('MLFLOW_TRACKING_TOKEN is not set');
    await waitForText(page.locator('.secret'), 'set here');
    await shot('doctor');
    // What the audit is and who runs it is edited here too; an empty title is refused at the field.
    const about = page.getByRole('region', { name: 'The audit' });
    await about.getByLabel('Title').fill('');
    await waitForText(about.getByRole('alert'), 'An audit needs a title');
    await about.getByLabel('Title').fill('Orbit runs audit, Q4');
    await waitForText(page.locator('.topbar'), 'Orbit runs audit, Q4');
    await expect
      .poll(async () => (JSON.parse(await readFile(join(target, 'workbook.json'), 'utf8')) as Workbook).title, { timeout: 60_000 })
      .toBe('Orbit runs audit, Q4');
    expect(seen.errors).toEqual([]);
    expect(seen.external).toEqual([]);
  });
});
