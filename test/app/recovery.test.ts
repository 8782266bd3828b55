// Nothing is lost in a crash: an edit that cannot be saved yet (a gap title emptied) is journaled
// at once; the shell is killed with SIGKILL and the browser closed; the next launch offers the
// unsaved changes back, the workbook on disk stayed intact meanwhile, and Restore brings the edit.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openApp, waitForText, waitForValue, type OpenApp } from '../helpers/browser-shell';
import { copyFixture, tempDir } from '../helpers/workbooks';
import { pollFor } from '../helpers/poll';
import { readRecovery } from '../../node/app-home';
import type { Workbook } from '../../core/workbook/schema';

const run = chromiumAvailable() ? describe : describe.skip;

run('crash recovery', { timeout: 120_000 }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  let app: OpenApp | undefined;
  afterAll(async () => {
    await app?.close();
    for (const c of cleanups) await c();
  });

  it('offers unsaved edits back after the app was killed, without touching the workbook', async () => {
    const fixture = await copyFixture('demo-helix-backbone');
    const home = await tempDir('aw-home-');
    cleanups.push(fixture.cleanup, home.cleanup);
    const gapTitle = async () =>
      JSON.parse(await readFile(join(fixture.dir, 'workbook.json'), 'utf8')).gaps.find((g: { id: string }) => g.id === 'GAP-01')
        .title as string;
    const original = await gapTitle();

    app = await openApp(fixture.dir, home.dir);
    await app.page.getByRole('button', { name: 'Backlog & top risks' }).click();
    await app.page.locator('tr', { hasText: 'GAP-01' }).last().click();
    const title = app.page.getByRole('complementary', { name: /gap GAP-01/ }).getByLabel('Title');
    await title.fill('');
    await waitForText(app.page.locator('.save-state'), 'Not saved: ');
    // Said whole, naming the gap and the field, not only in the top bar's clipped chip.
    await waitForText(app.page.getByRole('alert').filter({ hasText: 'correct it and it saves' }), '(GAP-01).title: must not be empty');
    // Killed once the journal holds the edit (it is written at once, not on the save's schedule).
    await pollFor(
      async () =>
        ((await readRecovery(home.dir, fixture.dir))?.workbook as Workbook | undefined)?.gaps.find((g) => g.id === 'GAP-01')?.title ===
          '' || undefined,
      60_000,
      'the emptied title in the recovery journal',
    );
    app.shell.child.kill('SIGKILL');
    await app.close();
    expect(await gapTitle()).toBe(original);

    app = await openApp(fixture.dir, home.dir);
    await waitForText(app.page.getByRole('alert').filter({ hasText: 'Unsaved changes' }), 'were kept');
    await app.page.getByRole('button', { name: 'Restore them' }).click();
    await app.page.getByRole('button', { name: 'Backlog & top risks' }).click();
    await app.page.locator('tr', { hasText: 'GAP-01' }).last().click();
    const restored = app.page.getByRole('complementary', { name: /gap GAP-01/ }).getByLabel('Title');
    await waitForValue(restored, '');
    await restored.fill('Runs miss mandatory lineage tags (recovered)');
    await app.page.locator('.save-state.saved').waitFor({ timeout: 60_000 });
    expect(await gapTitle()).toBe('Runs miss mandatory lineage tags (recovered)');
  });
});
