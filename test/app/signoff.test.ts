// Review and sign-off in Chromium: a gap signed off by its preparer (the workbook's auditor) and a
// reviewer (named at the field, refused empty), a review note added and resolved, then an edit of the
// gap flags "edited after review" and Undo clears it — each checked in workbook.json on disk.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gapReviewState } from '../../core/review';
import { parseWorkbook } from '../../core/workbook/file-format';
import { appOnFixture } from '../helpers/app-fixture';
import { chromiumAvailable, RESULTS, waitForText } from '../helpers/browser-shell';

const run = chromiumAvailable() ? describe : describe.skip;

run('review and sign-off', { timeout: 240_000 }, () => {
  const fixture = appOnFixture();

  it('signs a gap off as preparer and reviewer, resolves a note, flags an edit after review and undoes it', async () => {
    const { page, dir } = await fixture.open();
    const onDisk = async () => parseWorkbook(await readFile(join(dir, 'workbook.json'), 'utf8'));
    const gapOnDisk = async () => (await onDisk()).gaps.find((g) => g.id === 'GAP-03')!;
    const auditor = (await onDisk()).auditor;

    await page.getByRole('button', { name: /6\. Consume via alias/ }).click();
    await page.getByRole('row', { name: /GAP-03/ }).click();
    const editor = page.getByRole('complementary', { name: 'gap GAP-03' });
    const panel = editor.getByRole('region', { name: 'review of GAP-03' });
    await panel.waitFor();

    // The reviewer's name is asked for, and refused empty at the field.
    await panel.getByRole('button', { name: 'Sign off as reviewer' }).click();
    await waitForText(panel.getByRole('alert'), "The reviewer's name is needed to sign off.");
    expect(await panel.getByLabel("Reviewer's name").getAttribute('aria-invalid')).toBe('true');

    // The preparer is the workbook's auditor unless changed.
    expect(await panel.getByLabel("Preparer's name").inputValue()).toBe(auditor);
    await panel.getByRole('button', { name: 'Sign off as preparer' }).click();
    await expect.poll(async () => (await gapOnDisk()).review?.preparer?.by, { timeout: 60_000 }).toBe(auditor);
    await panel.getByLabel("Reviewer's name").fill('R. Reviewer');
    await panel.getByRole('button', { name: 'Sign off as reviewer' }).click();
    await expect.poll(async () => (await gapOnDisk()).review?.reviewer?.by, { timeout: 60_000 }).toBe('R. Reviewer');
    await waitForText(panel.getByTestId('reviewer-sign-off'), 'R. Reviewer');
    expect((await gapOnDisk()).review!.reviewer!.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    // A review note, by the reviewer, resolved.
    await panel.getByRole('button', { name: 'Add note' }).click();
    await waitForText(panel.getByRole('alert'), 'Write the note first.');
    await panel.getByLabel('New review note').fill('Which live artifact was hashed?');
    expect(await panel.getByLabel('Note by').inputValue()).toBe('R. Reviewer');
    await panel.getByRole('button', { name: 'Add note' }).click();
    await expect
      .poll(async () => (await gapOnDisk()).review?.notes.map((n) => [n.id, n.text, n.author, n.state]), { timeout: 60_000 })
      .toEqual([['RN-1', 'Which live artifact was hashed?', 'R. Reviewer', 'open']]);
    await panel.getByRole('button', { name: 'Resolve RN-1' }).click();
    await expect.poll(async () => (await gapOnDisk()).review?.notes[0]?.state, { timeout: 60_000 }).toBe('resolved');
    await panel.getByRole('button', { name: 'Reopen RN-1' }).waitFor();
    expect(await panel.getByText('edited after review').count()).toBe(0);

    // An edit after the sign-offs: flagged in the panel, derived the same way from the file.
    const title = (await gapOnDisk()).title;
    await editor.getByLabel('Title').fill('Live serves an artifact that was never backtested');
    await waitForText(panel, 'edited after review');
    await expect.poll(async () => gapReviewState(await gapOnDisk()).isEditedAfterReview, { timeout: 60_000 }).toBe(true);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(RESULTS, 'signoff.png') });

    // Undo of the edit brings the signed content back: the sign-offs hold again.
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await gapOnDisk()).title, { timeout: 60_000 }).toBe(title);
    await expect.poll(() => editor.getByText('edited after review').count(), { timeout: 60_000 }).toBe(0);
    const gap = await gapOnDisk();
    expect(gapReviewState(gap)).toMatchObject({ isEditedAfterReview: false, openNotes: 0, resolvedNotes: 1 });
    expect([gap.review?.preparer?.by, gap.review?.reviewer?.by]).toEqual([auditor, 'R. Reviewer']);

    // The pillar is signed off in its notebook, apart from its gaps.
    const pillarPanel = page.getByRole('region', { name: 'review of pillar 6' });
    await pillarPanel.getByRole('button', { name: 'Sign off as preparer' }).click();
    await expect
      .poll(async () => (await onDisk()).pillars.find((p) => p.number === 6)!.review?.preparer?.by, { timeout: 60_000 })
      .toBe(auditor);
    await waitForText(pillarPanel.getByTestId('preparer-sign-off'), auditor);
    await pillarPanel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(RESULTS, 'signoff-pillar.png') });

    // The committee's delta from v1 lists the sign-offs given since.
    await page.getByRole('button', { name: 'Versions & committee' }).click();
    const changes = page.getByRole('region', { name: 'review changes' });
    await waitForText(changes, /GAP-03 — .*reviewer\s+added/);
    await waitForText(changes, /Pillar 6 — .*preparer\s+added/);
    await waitForText(changes, 'note RN-1 added, resolved');
    await changes.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(RESULTS, 'signoff-delta.png') });
    await page.getByRole('button', { name: 'Verdicts' }).click();
    await waitForText(page.getByRole('row', { name: /^6\. Consume via alias/ }), '✓ prepared');
    await page.screenshot({ path: join(RESULTS, 'signoff-verdicts.png') });
  });
});
