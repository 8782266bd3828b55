// Review and sign-off on the demo workbook: sign-offs and notes are edits with inverses, "edited
// after review" follows the content (and clears when an Undo brings the signed content back), and
// the report and the delta say who signed what and what changed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../test/helpers/workbooks';
import { workbookDelta } from './delta';
import { renderDelta } from './report/delta-markdown';
import { renderReport } from './report/report';
import { gapReviewState, pillarReviewState, reviewTimestamp, type ReviewTarget } from './review';
import { applyEdit, describeEdit, invertEdit, type WorkbookEdit } from './workbook/edits';
import { parseWorkbook, stringifyWorkbook, validateWorkbook } from './workbook/file-format';
import type { Capture, Workbook } from './workbook/schema';

const text = readFileSync(join(FIXTURES, 'demo-helix-backbone', 'workbook.json'), 'utf8');
const demo = parseWorkbook(text);
const GAP: ReviewTarget = { gap: 'GAP-03' };
const PILLAR: ReviewTarget = { pillar: 5 };
const AT = '2026-12-07T09:15:00Z';

/** Applies edits in turn, each checked to leave a valid workbook; returns the workbook and the inverses. */
function run(wb: Workbook, ...edits: WorkbookEdit[]): { wb: Workbook; undo: WorkbookEdit[] } {
  const undo: WorkbookEdit[] = [];
  for (const edit of edits) {
    undo.unshift(invertEdit(wb, edit));
    wb = applyEdit(wb, edit);
    validateWorkbook(JSON.parse(JSON.stringify(wb)), 'edited');
  }
  return { wb, undo };
}
const undoAll = (wb: Workbook, undo: WorkbookEdit[]) => undo.reduce(applyEdit, wb);
const gap = (wb: Workbook) => wb.gaps.find((g) => g.id === 'GAP-03')!;
const pillar = (wb: Workbook) => wb.pillars.find((p) => p.number === 5)!;
const signOff = (target: ReviewTarget, role: 'preparer' | 'reviewer', by: string, at = AT): WorkbookEdit => ({
  kind: 'sign-off',
  target,
  role,
  by,
  at,
});

describe('sign-off edits', () => {
  it('sign a gap off as preparer and reviewer; Undo takes each back, down to the same bytes', () => {
    const { wb, undo } = run(demo, signOff(GAP, 'preparer', 'A. Auditor'), signOff(GAP, 'reviewer', ' R. Reviewer '));
    expect(gap(wb).review).toMatchObject({ preparer: { by: 'A. Auditor', at: AT }, reviewer: { by: 'R. Reviewer' }, notes: [] });
    expect(gapReviewState(gap(wb))).toMatchObject({ isEditedAfterReview: false, openNotes: 0 });
    expect(wb.gaps.filter((g) => g.id !== 'GAP-03')).toEqual(demo.gaps.filter((g) => g.id !== 'GAP-03'));
    expect(stringifyWorkbook(undoAll(wb, undo))).toBe(text);
    expect(describeEdit(signOff(GAP, 'reviewer', 'R'))).toBe('sign off GAP-03 as reviewer');
  });

  it('refuses a sign-off without a name, a note without text, and targets that are not there', () => {
    expect(() => applyEdit(demo, signOff(GAP, 'reviewer', '  '))).toThrow(/reviewer's name must not be empty/);
    expect(() => applyEdit(demo, { kind: 'add-review-note', target: GAP, text: '', author: 'R', at: AT })).toThrow(
      /review note must not be empty/,
    );
    expect(() => applyEdit(demo, signOff({ gap: 'GAP-99' }, 'preparer', 'A'))).toThrow(/no gap "GAP-99"/);
    expect(() => applyEdit(demo, signOff({ pillar: 42 }, 'preparer', 'A'))).toThrow(/no pillar 42/);
    expect(() => applyEdit(demo, { kind: 'withdraw-sign-off', target: GAP, role: 'reviewer' })).toThrow(/GAP-03 has no reviewer sign-off/);
    expect(() => applyEdit(demo, { kind: 'review-note', target: GAP, note: 'RN-1', state: 'resolved' })).toThrow(/no review note RN-1/);
  });

  it('review notes: added open with the next id, resolved, reopened, each undone in one step', () => {
    const added = run(
      demo,
      { kind: 'add-review-note', target: GAP, text: 'Which live artifact was hashed?', author: 'R. Reviewer', at: AT },
      { kind: 'add-review-note', target: GAP, text: 'Link the serving config', author: 'R. Reviewer', at: AT },
    );
    expect(gap(added.wb).review!.notes.map((n) => [n.id, n.state])).toEqual([
      ['RN-1', 'open'],
      ['RN-2', 'open'],
    ]);
    const resolved = run(added.wb, { kind: 'review-note', target: GAP, note: 'RN-1', state: 'resolved' });
    expect(gapReviewState(gap(resolved.wb))).toMatchObject({ openNotes: 1, resolvedNotes: 1 });
    expect(undoAll(resolved.wb, resolved.undo)).toEqual(added.wb);
    const reopened = run(resolved.wb, { kind: 'review-note', target: GAP, note: 'RN-1', state: 'open' });
    expect(gapReviewState(gap(reopened.wb)).openNotes).toBe(2);
    expect(describeEdit({ kind: 'review-note', target: GAP, note: 'RN-1', state: 'resolved' })).toBe('resolve review note RN-1 (GAP-03)');
    expect(stringifyWorkbook(undoAll(added.wb, added.undo))).toBe(text);
  });

  it('withdraw a sign-off; withdrawing the last part of a review removes the review', () => {
    const { wb } = run(demo, signOff(PILLAR, 'preparer', 'A'), { kind: 'withdraw-sign-off', target: PILLAR, role: 'preparer' });
    expect('review' in pillar(wb)).toBe(false);
    expect(stringifyWorkbook(wb)).toBe(text);
  });
});

describe('edited after review', () => {
  it('an edit of a signed gap marks it; undoing the edit clears it; signing again renews it', () => {
    const signed = run(demo, signOff(GAP, 'preparer', 'A'), signOff(GAP, 'reviewer', 'R')).wb;
    const edited = run(signed, { kind: 'gap', gap: 'GAP-03', patch: { title: 'Live artifact differs' } });
    const state = gapReviewState(gap(edited.wb));
    expect(state.isEditedAfterReview).toBe(true);
    expect([state.preparer!.isEditedAfter, state.reviewer!.isEditedAfter]).toEqual([true, true]);
    expect(gapReviewState(gap(undoAll(edited.wb, edited.undo))).isEditedAfterReview).toBe(false);
    // The same content by another path (typed back by hand) is the signed content again.
    const typedBack = run(edited.wb, { kind: 'gap', gap: 'GAP-03', patch: { title: gap(demo).title } }).wb;
    expect(gapReviewState(gap(typedBack)).isEditedAfterReview).toBe(false);
    const renewed = run(edited.wb, signOff(GAP, 'reviewer', 'R', '2026-12-07T10:00:00Z')).wb;
    expect(gapReviewState(gap(renewed))).toMatchObject({ reviewer: { isEditedAfter: false }, preparer: { isEditedAfter: true } });
  });

  it('survives a save and reload, trimmed names included, and ignores the GitHub link a push adds', () => {
    const typed = run(demo, { kind: 'gap', gap: 'GAP-03', patch: { title: `${gap(demo).title} ` } }, signOff(GAP, 'preparer', 'A')).wb;
    const reloaded = parseWorkbook(stringifyWorkbook(typed));
    expect(gapReviewState(gap(reloaded)).isEditedAfterReview).toBe(false);
    const pushed = run(reloaded, { kind: 'gap', gap: 'GAP-03', patch: { issue: { repo: 'helix/platform', number: 12 } } }).wb;
    expect(gapReviewState(gap(pushed)).isEditedAfterReview).toBe(false);
  });

  it('a pillar: its verdict and cells count, a reproduced capture does not, a drift does, its gaps do not', () => {
    const signed = run(demo, signOff(PILLAR, 'reviewer', 'R')).wb;
    const edited = (wb: Workbook) => pillarReviewState(pillar(wb)).isEditedAfterReview;
    expect(edited(run(signed, { kind: 'verdict', pillar: 5, patch: { justification: 'Changed' } }).wb)).toBe(true);
    expect(edited(run(signed, { kind: 'cell', pillar: 5, cell: 'recent-runs', patch: { title: 'Runs of the week' } }).wb)).toBe(true);
    expect(edited(run(signed, { kind: 'gap', gap: 'GAP-01', patch: { title: 'Lineage tags missing' } }).wb)).toBe(false);
    const rerun = (wb: Workbook, hash: string): Workbook => ({
      ...wb,
      pillars: wb.pillars.map((p) =>
        p.number !== 5
          ? p
          : {
              ...p,
              cells: p.cells.map((c) => {
                const last = c.captures.at(-1);
                if (c.id !== 'recent-runs' || !last) return c;
                return { ...c, captures: [...c.captures, { ...last, hash, startedAt: '2026-12-07T10:00:00Z' } as Capture] };
              }),
            },
      ),
    });
    const latest = pillar(signed)
      .cells.find((c) => c.id === 'recent-runs')!
      .captures.at(-1)!;
    expect(edited(rerun(signed, latest.hash))).toBe(false);
    expect(edited(rerun(signed, 'f'.repeat(64)))).toBe(true);
  });

  it('timestamps from the app clock are ISO UTC to the second', () => {
    expect(reviewTimestamp(new Date('2026-12-07T09:15:42.123Z'))).toBe('2026-12-07T09:15:42Z');
  });
});

describe('review in the report and the delta', () => {
  const reviewed = run(
    demo,
    signOff(PILLAR, 'preparer', 'A. Auditor', '2026-12-07T09:00:00Z'),
    signOff(PILLAR, 'reviewer', 'R. Reviewer', '2026-12-07T09:30:00Z'),
    signOff(GAP, 'preparer', 'A. Auditor', '2026-12-07T09:05:00Z'),
    signOff(GAP, 'reviewer', 'R. Reviewer', '2026-12-07T09:35:00Z'),
    { kind: 'add-review-note', target: GAP, text: 'Name the live artifact', author: 'R. Reviewer', at: '2026-12-07T09:36:00Z' },
    { kind: 'add-review-note', target: GAP, text: 'Add the hash command', author: 'R. Reviewer', at: '2026-12-07T09:37:00Z' },
    { kind: 'review-note', target: GAP, note: 'RN-2', state: 'resolved' },
    { kind: 'gap', gap: 'GAP-03', patch: { fix: 'Promote by alias only' } },
  ).wb;
  const state = { kind: 'draft', number: 2, after: 1 } as const;

  it('the report: per pillar and per gap who prepared and reviewed when, open notes, edited after review', () => {
    const report = renderReport({ workbook: reviewed, state });
    expect(report).toContain(
      '**Review**: prepared by **A. Auditor** on 2026-12-07 09:00 UTC · reviewed by **R. Reviewer** on 2026-12-07 09:30 UTC',
    );
    expect(report).toContain(
      '- **GAP-03**: prepared by **A. Auditor** on 2026-12-07 09:05 UTC (since edited) · reviewed by **R. Reviewer** on 2026-12-07 09:35 UTC (since edited) · 1 open review note (1 resolved) · **⚠️ edited after review**',
    );
    expect(report).toContain('## Review and sign-off');
    expect(report).toContain('1 of 8 pillars and 0 of 11 gaps reviewed and unchanged since; 1 edited after review; 1 open review note.');
    expect(report).toMatch(
      /\| Pillar 5 — Tag-driven governance \| A\. Auditor, 2026-12-07 09:00 UTC \| R\. Reviewer, 2026-12-07 09:30 UTC \| 0 \| ✅ reviewed \|/,
    );
    expect(report).toMatch(/\| GAP-01 — [^|]+ \| — \| — \| 0 \| ⬜ not signed off \|/);
    // A workbook whose review has not begun prints none of it.
    expect(renderReport({ workbook: demo, state })).not.toMatch(/Review|sign-off|sign off/);
  });

  it('the delta: sign-offs added, invalidated, re-signed and removed, notes added and resolved', () => {
    const before = run(demo, signOff(GAP, 'reviewer', 'R. Reviewer'), signOff(PILLAR, 'preparer', 'A. Auditor')).wb;
    const after = run(
      before,
      { kind: 'gap', gap: 'GAP-03', patch: { effort: 'XS' } },
      signOff(PILLAR, 'reviewer', 'R. Reviewer', '2026-12-07T11:00:00Z'),
      signOff(PILLAR, 'preparer', 'B. Auditor', '2026-12-07T11:00:00Z'),
      { kind: 'add-review-note', target: { pillar: 2 }, text: 'Is SQLite still used?', author: 'R. Reviewer', at: AT },
    ).wb;
    const delta = workbookDelta(before, after, 'v1', 'working copy');
    expect(delta.reviews.signOffs.map((s) => [s.item, s.role, s.change])).toEqual([
      ['Pillar 5', 'preparer', 're-signed'],
      ['Pillar 5', 'reviewer', 'added'],
      ['GAP-03', 'reviewer', 'invalidated'],
    ]);
    expect(delta.reviews.notes.map((n) => [n.item, n.change, n.note.text])).toEqual([['Pillar 2', 'added', 'Is SQLite still used?']]);
    // The review is its own section, not a field change of the gap.
    expect(delta.gaps.changed.find((g) => g.id === 'GAP-03')!.changes.map((c) => c.path)).toEqual(['effort']);
    const markdown = renderDelta(delta, after);
    expect(markdown).toContain('### Sign-offs');
    expect(markdown).toMatch(
      /\| GAP-03 — [^|]+ \| reviewer \| invalidated \(edited after review\) \| R\. Reviewer, 2026-12-07 09:15 UTC \|/,
    );
    expect(markdown).toContain('### Review notes');
    expect(markdown).toContain('| Pillar 2 — SQL metadata backend | Is SQLite still used? | added | R. Reviewer, 2026-12-07 09:15 UTC |');
    const withdrawn = workbookDelta(after, run(after, { kind: 'withdraw-sign-off', target: GAP, role: 'reviewer' }).wb, 'a', 'b');
    expect(withdrawn.reviews.signOffs.map((s) => [s.item, s.change])).toEqual([['GAP-03', 'removed']]);
    const resolved = workbookDelta(
      reviewed,
      run(reviewed, { kind: 'review-note', target: GAP, note: 'RN-1', state: 'resolved' }).wb,
      'a',
      'b',
    );
    expect(resolved.reviews.notes.map((n) => [n.note.id, n.change])).toEqual([['RN-1', 'resolved']]);
    // A note raised and settled between the two states reads so.
    expect(renderDelta(workbookDelta(demo, reviewed, 'v1', 'now'), reviewed)).toContain('| Add the hash command | added, resolved |');
  });

  it('the file: a reviewed workbook round-trips, the review written before the cells', () => {
    const saved = stringifyWorkbook(parseWorkbook(stringifyWorkbook(reviewed)));
    expect(parseWorkbook(saved)).toEqual(reviewed);
    const keys = Object.keys(pillar(parseWorkbook(saved)));
    expect(keys.slice(-2)).toEqual(['review', 'cells']);
  });
});
