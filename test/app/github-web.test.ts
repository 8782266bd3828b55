// "The same from the app": the GitHub push dialog of the browser shell, in Chromium, against the
// fake GitHub of the push tests. A dry run lists what a push would create and changes nothing —
// neither the workbook nor GitHub. (The push itself is the same function the CLI tests exercise.)
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openApp, RESULTS, waitForText, type OpenApp } from '../helpers/browser-shell';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github';
import { copyFixture, tempDir } from '../helpers/workbooks';

const TOKEN = 'ghp_apptest0123456789abcdefghijklmnopqrstu';
const run = chromiumAvailable() ? describe : describe.skip;

run('GitHub push from the app', { timeout: 60_000 }, () => {
  let github: FakeGitHub;
  let app: OpenApp;
  let page: Page;
  let dir: string;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    github = await startFakeGitHub({ token: TOKEN });
    const fixture = await copyFixture('demo-helix-backbone');
    const home = await tempDir('aw-home-');
    cleanups.push(fixture.cleanup, home.cleanup);
    dir = fixture.dir;
    app = await openApp(dir, home.dir, { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url });
    page = app.page;
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await github?.close();
    for (const c of cleanups) await c();
  });

  it('shows the dry run of a first push and writes nothing anywhere', async () => {
    const before = await readFile(join(dir, 'workbook.json'), 'utf8');
    await page.getByRole('button', { name: 'Report preview' }).click();
    await page.getByRole('button', { name: 'Push to GitHub…' }).click();
    await page.getByLabel('Repository (owner/name)').fill(github.repo);
    await page.getByRole('button', { name: 'Dry run' }).click();
    const dialog = page.getByRole('dialog', { name: `Dry run on ${github.repo}` });
    await waitForText(dialog, 'create');
    await waitForText(dialog, 'Labels to create: audit');
    await page.screenshot({ path: join(RESULTS, 'github-dry-run.png') });
    const text = await dialog.innerText();
    const drafts = JSON.parse(before).gaps.filter((g: { severity: string }) => g.severity !== 'Minor').length;
    expect(text.match(/^create/gm)).toHaveLength(drafts + 1); // one per non-Minor gap, and the umbrella
    expect(text).not.toContain(TOKEN);
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(github.writes()).toEqual([]);
    expect(await readFile(join(dir, 'workbook.json'), 'utf8')).toBe(before);
  });
});
