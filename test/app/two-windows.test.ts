// Two windows on one workbook (two tabs of the browser shell): the second to save over a state it
// never saw is refused — nothing written, the auditor told where it stands — and then chooses to
// load the saved workbook (its edits offered back) or to save its own over it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
});
