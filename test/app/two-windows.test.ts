// Two windows on one workbook (two tabs of the browser shell): the second to save over a state it
// never saw is refused — nothing written, the auditor told where it stands — and then chooses to
// load the saved workbook (its edits offered back), to save its own over it, or to merge the two
// (three-way, core/merge.ts; a field changed on both sides is asked). A change made on disk by
// someone else (a git pull) is shown within seconds when nothing is unsaved. Each window polls the
// file's revision; where a test needs a window not to have noticed yet, its polls are held back.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringifyWorkbook } from '../../core/workbook/file-format';
import type { Workbook } from '../../core/workbook/schema';
import { appOnFixture } from '../helpers/app-fixture';
import { chromiumAvailable, RESULTS, waitForText } from '../helpers/browser-shell';

const run = chromiumAvailable() ? describe : describe.skip;

run('two windows on one workbook', { timeout: 240_000 }, () => {
  const fixture = appOnFixture();

  it('refuses the stale window’s save, keeps its edits, and lets its auditor choose', async () => {
    const app = await fixture.open();
    // The pillar on screen when a window opens: its "state observed" is the field both windows edit.
    const observed = async () => {
      const wb = JSON.parse(await readFile(join(app.dir, 'workbook.json'), 'utf8')) as { pillars: { stateObserved: string }[] };
      return wb.pillars.map((p) => p.stateObserved);
    };
    const before = await observed();
    const first = app.page;
    const second = await app.browser.newPage({ viewport: { width: 1440, height: 900 } });
    second.setDefaultTimeout(60_000);
    // Each window saves before noticing the other's save: their polls of the file are held back.
    await first.route('**/api/workbook:revision', (route) => route.abort());
    await second.route('**/api/workbook:revision', (route) => route.abort());
    await second.goto(first.url());
    await second.locator('[data-ready]').waitFor();

    const field = (page: typeof first) => page.getByLabel('State observed');
    await field(first).fill('Written in the first window');
    await first.locator('.save-state.saved').waitFor();
    expect(await observed()).toContain('Written in the first window');

    await field(second).fill('Written in the second window');
    const conflict = second.getByRole('alert').filter({ hasText: 'changed since this window last loaded or saved it' });
    await waitForText(conflict, 'Your edits stay on screen');
    await waitForText(second.locator('.save-state'), 'Not saved: changed elsewhere');
    await second.screenshot({ path: join(RESULTS, 'two-windows-conflict.png') });
    expect(await observed()).toContain('Written in the first window');
    expect(await observed()).not.toContain('Written in the second window');

    // Load the saved workbook: the first window's scope, and the second's edits offered back.
    await conflict.getByRole('button', { name: 'Load the saved workbook' }).click();
    await expect.poll(() => field(second).inputValue(), { timeout: 60_000 }).toBe('Written in the first window');
    await second.getByRole('alert').filter({ hasText: 'were kept' }).getByRole('button', { name: 'Restore them' }).click();
    await expect.poll(() => field(second).inputValue(), { timeout: 60_000 }).toBe('Written in the second window');
    await second.locator('.save-state.saved').waitFor();
    expect(await observed()).toContain('Written in the second window');

    // Now the first window is the stale one: it may save its own over the other's, when its auditor says so.
    await field(first).fill('The first window insists');
    const stale = first.getByRole('alert').filter({ hasText: 'changed since this window last loaded or saved it' });
    await stale.getByRole('button', { name: 'Save mine over it' }).click();
    await first.locator('.save-state.saved').waitFor();
    expect(await observed()).toContain('The first window insists');
    // Every other pillar's note is as it was: one field changed, nothing else lost or scrambled.
    expect((await observed()).filter((text, i) => text !== before[i])).toEqual(['The first window insists']);
  });

  it('merges edits of different fields, asks about a field changed on both sides, and shows a change made on disk', async () => {
    const app = await fixture.open();
    const onDisk = async () => JSON.parse(await readFile(join(app.dir, 'workbook.json'), 'utf8')) as Workbook;
    const first = app.page;
    const second = await app.browser.newPage({ viewport: { width: 1440, height: 900 } });
    second.setDefaultTimeout(60_000);
    await second.route('**/api/workbook:revision', (route) => route.abort());
    await second.goto(first.url());
    await second.locator('[data-ready]').waitFor();
    const conflictIn = (page: typeof first) =>
      page.getByRole('alert').filter({ hasText: 'changed since this window last loaded or saved it' });

    // Different fields: both kept.
    await first.getByLabel('State observed').fill('Seen in the first window');
    await first.locator('.save-state.saved').waitFor();
    await second.getByRole('button', { name: /Parameters & weights/ }).click();
    await second.getByLabel('value of MLFLOW_TRACKING_URI').fill('https://mlflow.helix.example');
    await conflictIn(second).getByRole('button', { name: 'Merge with it' }).click();
    await second.locator('.save-state.saved').waitFor();
    await expect
      .poll(async () => (await onDisk()).parameters.find((p) => p.name === 'MLFLOW_TRACKING_URI')?.value)
      .toBe('https://mlflow.helix.example');
    expect((await onDisk()).pillars.map((p) => p.stateObserved)).toContain('Seen in the first window');

    // The same field on both sides: asked, with both values shown; theirs taken. The first window
    // edits once it has taken in the merge saved by the second (else it, too, would meet a conflict).
    await first.getByRole('button', { name: /Parameters & weights/ }).click();
    await expect
      .poll(() => first.getByLabel('value of MLFLOW_TRACKING_URI').inputValue(), { timeout: 60_000 })
      .toBe('https://mlflow.helix.example');
    await first.getByLabel('value of MLFLOW_TRACKING_URI').fill('https://first.example');
    await first.locator('.save-state.saved').waitFor();
    await second.getByLabel('value of MLFLOW_TRACKING_URI').fill('https://second.example');
    await conflictIn(second).getByRole('button', { name: 'Merge with it' }).click();
    const dialog = second.getByRole('dialog');
    await waitForText(dialog, '1 field was changed here and elsewhere');
    await waitForText(dialog, 'here: https://second.example');
    await waitForText(dialog, 'elsewhere: https://first.example');
    await second.screenshot({ path: join(RESULTS, 'two-windows-merge.png') });
    await dialog.getByRole('button', { name: 'Take theirs for these' }).click();
    await second.locator('.save-state.saved').waitFor();
    await expect.poll(() => second.getByLabel('value of MLFLOW_TRACKING_URI').inputValue()).toBe('https://first.example');
    expect((await onDisk()).parameters.find((p) => p.name === 'MLFLOW_TRACKING_URI')?.value).toBe('https://first.example');

    // A change made on disk (as a git pull makes it), nothing unsaved in the first window: shown within seconds.
    const pulled = await onDisk();
    pulled.parameters = pulled.parameters.map((p) => (p.name === 'MLFLOW_TRACKING_URI' ? { ...p, value: 'https://pulled.example' } : p));
    await writeFile(join(app.dir, 'workbook.json'), stringifyWorkbook(pulled));
    await expect
      .poll(() => first.getByLabel('value of MLFLOW_TRACKING_URI').inputValue(), { timeout: 60_000 })
      .toBe('https://pulled.example');
    await waitForText(first.locator('.notices'), 'workbook.json changed on disk');
    await first.locator('.save-state.saved').waitFor();
  });
});
