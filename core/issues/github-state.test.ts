import { describe, expect, it } from 'vitest';
import { makeWorkbook } from '../../test/helpers/workbooks';
import { parseWorkbook, stringifyWorkbook, validateWorkbook } from '../workbook/file-format';
import { versionState } from '../workbook/version-state';
import { auditContent, contentVersionState, storedIssueNumbers, withIssueLink, withoutPendingPush, withPendingPush } from './github-state';

const REPO = 'acme/platform';
const wb = makeWorkbook({}, [{ severity: 'Major' }, { severity: 'Minor' }, { severity: 'Minor' }]);

describe('GitHub bookkeeping in the workbook', () => {
  it('stores a gap issue on the gap, the polish issue on the workbook and its Minor gaps, the umbrella on the workbook', () => {
    let next = withIssueLink(wb, 'gap:T-01', ['T-01'], { repo: REPO, number: 4, url: 'https://github.com/acme/platform/issues/4' });
    next = withIssueLink(next, 'polish', ['T-02', 'T-03'], { repo: REPO, number: 5 });
    next = withIssueLink(next, 'umbrella', ['T-01', 'T-02', 'T-03'], { repo: REPO, number: 6 });
    expect(next.gaps.map((g) => g.issue?.number)).toEqual([4, 5, 5]);
    expect(next.github).toEqual({ polish: { repo: REPO, number: 5 }, umbrella: { repo: REPO, number: 6 } });
    expect([...storedIssueNumbers(next, 'ACME/Platform')]).toEqual([
      ['gap:T-01', 4],
      ['gap:T-02', 5],
      ['gap:T-03', 5],
      ['umbrella', 6],
      ['polish', 5],
    ]);
    expect(storedIssueNumbers(next, 'acme/other').size).toBe(0);
  });

  it('queues a push, keeps the first date while it waits, and clears it (and the empty object) on success', () => {
    const queued = withPendingPush(wb, REPO, new Date('2026-06-01T10:00:00Z'), 'GitHub is unreachable (ECONNREFUSED)');
    const again = withPendingPush(queued, REPO, new Date('2026-06-02T10:00:00Z'), 'GitHub is unreachable (ENOTFOUND)');
    expect(again.github?.pending).toEqual({ repo: REPO, since: '2026-06-01T10:00:00.000Z', reason: 'GitHub is unreachable (ENOTFOUND)' });
    expect(withoutPendingPush(again, 'acme/other')).toBe(again);
    const cleared = withoutPendingPush(again, REPO);
    expect('github' in cleared).toBe(false);
    expect(stringifyWorkbook(cleared)).toBe(stringifyWorkbook(wb));
  });

  it('round-trips a workbook holding links and a queue byte for byte, github right after gaps', () => {
    const full = withPendingPush(
      withIssueLink(wb, 'umbrella', [], { repo: REPO, number: 6 }),
      REPO,
      new Date('2026-06-01T10:00:00Z'),
      'offline',
    );
    // As saveWorkbook writes it: validated, so in the schema's key order.
    const text = stringifyWorkbook(validateWorkbook(JSON.parse(JSON.stringify(full)), 'test'));
    expect(stringifyWorkbook(parseWorkbook(text))).toBe(text);
    const keys = Object.keys(JSON.parse(text) as object);
    expect(keys.indexOf('github')).toBe(keys.indexOf('gaps') + 1);
    expect(() => parseWorkbook(text.replace('"reason": "offline"', '"reason": "offline", "token": "x"'))).toThrow(/github\.pending/);
  });

  it('does not count issue links as audit content: a published version stays published after a push', () => {
    const published = {
      ...wb,
      versions: [{ number: 1, publishedAt: '2026-05-01T00:00:00Z', message: 'v1', hash: 'c'.repeat(64) }],
    } as typeof wb;
    const snapshot = wb;
    const linked = withIssueLink(published, 'gap:T-01', ['T-01'], { repo: REPO, number: 4 });
    expect(versionState(linked, snapshot).kind).toBe('draft');
    expect(contentVersionState(linked, snapshot)).toMatchObject({ kind: 'published', number: 1 });
    expect(auditContent(linked).gaps[0]).not.toHaveProperty('issue');
  });
});
