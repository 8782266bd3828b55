// Starting an audit in the app, with no terminal: New audit… → a template with its pillars and its
// parameters' defaults shown → a refusal said at the form → the workbook created and opened → the
// Parameters view's readiness check (doctor) against the Orbit deployment, a stock MLflow. In
// Chromium through the browser shell; screenshots in test-results/.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openApp, RESULTS, waitForText, watchPage, type OpenApp } from '../helpers/browser-shell';
import { startDeployment, type Deployment } from '../helpers/deployment';
import { copyFixture, tempDir } from '../helpers/workbooks';

const run = chromiumAvailable() ? describe : describe.skip;

run('new audit in the app', { timeout: 60_000 }, () => {
  let app: OpenApp;
  let page: Page;
  let deployment: Deployment;
  let seen: { errors: string[]; external: string[] };
  let target: string;
  const cleanups: (() => Promise<void>)[] = [];
  const shot = (name: string) => page.screenshot({ path: join(RESULTS, `${name}.png`) });

  beforeAll(async () => {
    await mkdir(RESULTS, { recursive: true });
    deployment = await startDeployment('orbit');
    cleanups.push(deployment.stop);
    const fixture = await copyFixture('demo-helix-backbone');
    const home = await tempDir('aw-home-');
    const audits = await tempDir('aw-audits-');
    cleanups.push(fixture.cleanup, home.cleanup, audits.cleanup);
    target = join(audits.dir, 'orbit-runs');
    // The shell's environment is the auditor's: the backend URI and the kubeconfig, no MLflow token.
    app = await openApp(fixture.dir, home.dir, { AW_FIXTURE_BACKEND_STORE_URI: deployment.env['AW_FIXTURE_BACKEND_STORE_URI']! });
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
    expect(await dialog.getByLabel('parameter MLFLOW_TRACKING_TOKEN').inputValue()).toBe('env:MLFLOW_TRACKING_TOKEN');
    await shot('new-audit');
  });

  it('says at the form what is refused, writes nothing, then creates and opens the workbook', async () => {
    const dialog = page.getByRole('dialog', { name: 'New audit' });
    await dialog.getByLabel('Folder of the new workbook').fill(target);
    await dialog.getByLabel('parameter MLFLOW_TRACKING_URI').fill(deployment.params['MLFLOW_TRACKING_URI']!);
    await dialog.getByLabel('parameter REPO_DIR').fill(deployment.params['REPO_DIR']!);
    await dialog.getByLabel('parameter MLFLOW_TRACKING_TOKEN').fill('tok-in-clear');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await waitForText(dialog.getByRole('alert'), 'is a secret: give a reference');
    expect(existsSync(target)).toBe(false);
    await dialog.getByLabel('parameter MLFLOW_TRACKING_TOKEN').fill('env:ORBIT_TOKEN');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitForText(page.locator('.topbar'), target);
    await waitForText(page.locator('.topbar'), 'MLflow runs audit');
    expect(existsSync(join(target, 'workbook.json'))).toBe(true);
  });

  it('checks, before any run, which cells can run here and why the others cannot', async () => {
    await page.getByRole('button', { name: /Parameters & weights/ }).click();
    await page.getByRole('button', { name: 'Check readiness' }).click();
    const table = page.locator('table.doctor');
    await waitForText(table, 'runs');
    const rows = await table.locator('tbody tr').allInnerTexts();
    const state = (cell: string) => rows.find((r) => r.startsWith(`${cell}\t`))?.split('\t')[2];
    expect(state('experiments')).toBe('ready');
    expect(state('tracking-uris')).toBe('ready');
    expect(state('audit-trail-mlflow')).toBe('left out');
    expect(rows.find((r) => r.startsWith('experiments\t'))).toContain(
      'MLFLOW_TRACKING_TOKEN is not set: the request goes without credentials',
    );
    await shot('doctor');
    // The one refusal asked for above, which Chromium logs as a failed request; nothing else.
    expect(seen.errors).toEqual(['Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);
    expect(seen.external).toEqual([]);
  });
});
