// An accessibility scan (axe-core, WCAG 2.1 A and AA) of every view and state an auditor meets in
// Chromium: each pillar's notebook with its cells, every view of the rail, the gap editor, the
// evidence explorer, the dialogs (New audit, Open, Publish, a run's confirmation), the trust banner,
// and a new audit as it opens (its readiness check, a pillar not assessed). No violation of impact
// serious or critical is allowed; a failure lists each with its rule, what it asks and where.
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { AxeResults, ImpactValue, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { appOnFixture } from '../helpers/app-fixture';
import { chromiumAvailable, RESULTS, waitForText } from '../helpers/browser-shell';
import { tempDir } from '../helpers/workbooks';

const run = chromiumAvailable() ? describe : describe.skip;

const AXE_SOURCE = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const RUN_OPTIONS: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  resultTypes: ['violations'],
};

const BLOCKING: ImpactValue[] = ['serious', 'critical'];

/**
 * Findings inside a third party's own DOM that the app cannot change from outside: one rule on one
 * selector each, with the reason. Nothing else is ever left out.
 */
const EXCEPTIONS: { rule: string; within: string; why: string }[] = [];

interface Finding {
  state: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
  /** How many more places than those listed. */
  more: number;
}

/**
 * Runs axe-core on the page as it is now. The app's CSP forbids inline scripts, so axe is not added
 * as a <script> tag: Playwright evaluates its source through the DevTools protocol, which a page's
 * CSP does not govern, and the policy stays as the app sends it.
 */
async function scan(page: Page, state: string): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(await AXE_SOURCE);
  const found = await page.evaluate(
    async ({ options, exceptions }) => {
      const g = globalThis as unknown as {
        axe: { run(context: unknown, options: unknown): Promise<AxeResults> };
        document: { querySelector(s: string): { closest(s: string): unknown } | null; documentElement: unknown };
      };
      const results = await g.axe.run(g.document.documentElement, options);
      return results.violations.flatMap((v) => {
        const nodes = v.nodes.filter((n) => {
          const selector = n.target.at(-1);
          const element = typeof selector === 'string' ? g.document.querySelector(selector) : null;
          return !exceptions.some((x) => x.rule === v.id && element?.closest(x.within));
        });
        if (nodes.length === 0) return [];
        return [
          {
            id: v.id,
            impact: v.impact ?? 'unknown',
            help: v.help,
            // Where, and why there: for a contrast, each place has its own colours.
            targets: nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').split('\n').at(-1)!.trim()}`),
            more: nodes.length - Math.min(nodes.length, 5),
          },
        ];
      });
    },
    { options: RUN_OPTIONS, exceptions: EXCEPTIONS },
  );
  return found.map((f) => ({ ...f, state }));
}

/** One entry per rule and place, with every state it was seen in: the same fault is said once. */
function describeFindings(findings: Finding[]): string {
  const byPlace = new Map<string, Finding & { states: string[] }>();
  for (const f of findings) {
    const key = `${f.id} ${f.targets.join(' ')}`;
    const seen = byPlace.get(key);
    if (seen) seen.states.push(f.state);
    else byPlace.set(key, { ...f, states: [f.state] });
  }
  return [...byPlace.values()]
    .map(
      (f) =>
        `${f.id} (${f.impact}): ${f.help}\n  in ${f.states.join('; ')}\n  at ${f.targets.join('\n     ')}${f.more ? `\n     and ${f.more} more` : ''}`,
    )
    .join('\n\n');
}

run('accessibility of every view (axe-core, WCAG 2.1 A/AA)', { timeout: 300_000 }, () => {
  const fixture = appOnFixture();
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('has no serious or critical violation in any view, panel or dialog', async () => {
    const { page } = await fixture.open();
    await mkdir(join(RESULTS, 'accessibility'), { recursive: true });
    const findings: Finding[] = [];
    const check = async (state: string) => {
      findings.push(...(await scan(page, state)));
      // What was scanned, to look at (test-results/accessibility/).
      await page.screenshot({ path: join(RESULTS, 'accessibility', `${state.replace(/[^\w]+/g, '-').toLowerCase()}.png`) });
    };
    const rail = page.getByRole('navigation', { name: 'Pillars and views' });
    const dialog = page.getByRole('dialog');

    // As opened: the first pillar, and the banner of a workbook that did not come from this machine.
    await waitForText(page.getByRole('alert').filter({ hasText: 'did not come from this machine' }), 'Trust this workbook');
    await check('trust banner');

    // Each pillar's notebook with its cells (their editors, results and charts).
    const pillars = await rail.locator('ol.pillars > li > button').count();
    expect(pillars).toBeGreaterThan(0);
    for (let i = 0; i < pillars; i++) {
      const button = rail.locator('ol.pillars > li > button').nth(i);
      const name = (await button.locator('.pillar-name').innerText()).trim();
      await button.click();
      await waitForText(page.locator('.workspace h1'), name.replace(/^\d+\.\s*/, ''));
      await page.locator('.workspace article').first().waitFor();
      await check(`notebook: ${name}`);
    }

    // A run's confirmation: the exact request, asked first because the workbook is not trusted.
    await rail.getByRole('button', { name: /5\. Tag-driven governance/ }).click();
    await page.locator('article[aria-label="cell recent-runs"]').getByRole('button', { name: 'Re-run' }).click();
    await waitForText(dialog, 'did not come from this machine');
    await check('dialog: confirm a run');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The evidence explorer, with a result.
    await page.getByRole('button', { name: 'Explore the evidence with SQL…' }).click();
    await page.locator('.explorer').getByRole('button', { name: 'Run query' }).click();
    await waitForText(page.locator('.explorer [role=status]'), /row\(s\) in/);
    await page.locator('.explorer [role=table], .explorer table').first().waitFor();
    await check('evidence explorer');
    await page.getByRole('button', { name: 'Hide the evidence explorer' }).click();

    // The gap editor beside the notebook.
    await page.locator('.pillar-gaps tr', { hasText: 'GAP-01' }).click();
    await page.getByRole('complementary', { name: 'gap GAP-01' }).waitFor();
    await check('gap editor');
    await page.getByRole('button', { name: 'Close the gap editor' }).click();

    // The views of the rail.
    const views: { button: RegExp; ready: () => Promise<void> }[] = [
      { button: /Backlog & top risks/, ready: () => page.locator('.workspace table').first().waitFor() },
      { button: /Risk matrix/, ready: () => page.locator('.matrix .recharts-symbols').first().waitFor() },
      { button: /Verdicts/, ready: () => page.getByLabel('verdict of pillar 5').waitFor() },
      { button: /Parameters & weights/, ready: () => waitForText(page.locator('.workspace h1'), 'Parameters') },
      { button: /Report preview/, ready: () => waitForText(page.locator('.report'), 'GAP-01') },
      { button: /Versions & committee/, ready: () => page.locator('.delta-body').waitFor() },
      { button: /Controls/, ready: () => waitForText(page.locator('.workspace'), 'Run all') },
    ];
    for (const view of views) {
      await rail.getByRole('button', { name: view.button }).click();
      await view.ready();
      await check(`view: ${view.button.source.replace(/\\/g, '')}`);
    }

    // The dialogs of the top bar.
    await page.getByRole('button', { name: 'New audit…' }).click();
    const newAudit = page.getByRole('dialog', { name: 'New audit' });
    await newAudit.waitFor();
    await check('dialog: New audit');
    await newAudit.getByRole('button', { name: 'Cancel' }).click();
    await newAudit.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Open…' }).click();
    await dialog.getByLabel('Workbook folder').waitFor();
    await check('dialog: Open');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Publish…' }).click();
    await dialog.getByLabel('Changelog message').waitFor();
    await check('dialog: Publish');
    // Refused at the field: the dialog with its message.
    await dialog.getByRole('button', { name: /^Publish v/ }).click();
    await waitForText(dialog.getByRole('alert'), 'publish needs a changelog message');
    await check('dialog: Publish, refused');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // A new audit as it opens: the readiness check, then a pillar not assessed yet, its cells never run.
    const audits = await tempDir('aw-audits-');
    cleanups.push(audits.cleanup);
    await page.getByRole('button', { name: 'New audit…' }).click();
    await newAudit.getByLabel('Template').selectOption('mlflow-runs');
    await newAudit.getByLabel('Folder of the new workbook').fill(join(audits.dir, 'fresh'));
    await newAudit.getByLabel('parameter MLFLOW_TRACKING_URI').fill('http://127.0.0.1:9');
    await newAudit.getByLabel('parameter REPO_DIR').fill(audits.dir);
    await check('dialog: New audit, filled');
    await newAudit.getByRole('button', { name: 'Create' }).click();
    await newAudit.waitFor({ state: 'detached' });
    await waitForText(page.locator('table.doctor'), 'experiments');
    await check('new audit: readiness check');
    await rail.locator('ol.pillars > li > button').first().click();
    await page.locator('.workspace article').first().waitFor();
    await check('new audit: a pillar not assessed');

    const blocking = findings.filter((f) => BLOCKING.includes(f.impact as ImpactValue));
    const minor = findings.filter((f) => !BLOCKING.includes(f.impact as ImpactValue));
    if (minor.length) console.log(`axe: minor or moderate findings (not blocking):\n${describeFindings(minor)}`);
    expect(blocking.length, `axe found serious or critical violations:\n\n${describeFindings(blocking)}\n`).toBe(0);
  });
});
