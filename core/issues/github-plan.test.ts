import { describe, expect, it } from 'vitest';
import { makeWorkbook } from '../../test/helpers/workbooks';
import type { Workbook } from '../workbook/schema';
import type { IssueDraft } from './drafts';
import {
  describeResult,
  describeStep,
  labelSpec,
  markedKeys,
  planPush,
  umbrellaStep,
  type PlanInput,
  type RemoteIssue,
} from './github-plan';
import { withIssueLink } from './github-state';

const REPO = 'acme/platform';
const REPORT = 'test-audit-v1-draft.md';

/** T-01 Critical pillar 1 effort S, T-02 Major pillar 2, T-03 and T-04 Minor, T-05 Proposed. */
const workbook = (changes: Partial<Record<string, object>> = {}): Workbook =>
  makeWorkbook({}, [
    { severity: 'Critical', effort: 'S', ...changes['T-01'] },
    { severity: 'Major', pillar: 2, ...changes['T-02'] },
    { severity: 'Minor', ...changes['T-03'] },
    { severity: 'Minor', pillar: 3, ...changes['T-04'] },
    { severity: 'Major', status: 'Proposed', ...changes['T-05'] },
  ]);

/** The issues GitHub holds after a faithful first push of `wb`: numbered 1… in step order, umbrella last. */
function pushed(wb: Workbook): RemoteIssue[] {
  const remoteOf = (d: IssueDraft, number: number): RemoteIssue => ({
    number,
    title: d.title,
    body: d.body,
    state: d.state,
    labels: [...d.labels],
    url: '',
  });
  const created = planPush(input(wb, [])).steps.filter((s) => s.action === 'create' && s.key !== 'umbrella');
  const numbers = new Map(created.map((s, i) => [s.key, i + 1]));
  const umbrella = umbrellaStep(input(wb, []), numbers, undefined).draft;
  return [...created.map((s, i) => remoteOf(s.draft, i + 1)), remoteOf(umbrella, created.length + 1)];
}

const input = (wb: Workbook, remote: RemoteIssue[], more: Partial<PlanInput> = {}): PlanInput => ({
  workbook: wb,
  reportFile: REPORT,
  repo: REPO,
  remote,
  existingLabels: [],
  reopen: false,
  ...more,
});

const actions = (wb: Workbook, remote: RemoteIssue[], more: Partial<PlanInput> = {}) =>
  planPush(input(wb, remote, more)).steps.map(
    (s) => `${s.key} ${s.action}${s.number ? ` #${s.number}` : ''}${s.changes.length ? ` ${s.changes.join('+')}` : ''}`,
  );

describe('planPush', () => {
  it('creates every issue and the labels the repository lacks on a first push, umbrella last', () => {
    const wb = workbook();
    const plan = planPush(input(wb, [], { existingLabels: ['AUDIT', 'bug'] }));
    expect(plan.steps.map((s) => `${s.key} ${s.action}`)).toEqual([
      'gap:T-01 create',
      'gap:T-02 create',
      'polish create',
      'umbrella create',
    ]);
    // Label names compare case-insensitively, as on GitHub.
    expect(plan.labels.map((l) => l.name).sort()).toEqual([
      'effort:S',
      'pillar:1',
      'pillar:2',
      'pillar:3',
      'severity:critical',
      'severity:major',
      'severity:minor',
    ]);
    expect(plan.steps.at(-1)!.draft.body).toContain('- [ ] [T-01] Gap 1\n- [ ] [T-02] Gap 2\n- [ ] Polish: 2 Minor gaps from Test audit');
  });

  it('leaves a faithful copy unchanged, found by marker even without stored numbers (a crash before the save)', () => {
    const wb = workbook();
    expect(actions(wb, pushed(wb))).toEqual([
      'gap:T-01 unchanged #1',
      'gap:T-02 unchanged #2',
      'polish unchanged #3',
      'umbrella unchanged #4',
    ]);
  });

  it('updates only what changed: title, body, labels — and keeps labels a person added', () => {
    const before = workbook();
    const remote = pushed(before);
    remote[1]!.labels.push('needs-design');
    const after = workbook({ 'T-01': { title: 'Gap one, renamed' }, 'T-02': { effort: 'L' } });
    const plan = planPush(input(after, remote));
    expect(plan.steps.map((s) => `${s.key} ${s.action} ${s.changes.join('+')}`)).toEqual([
      'gap:T-01 update title',
      'gap:T-02 update body+labels',
      'polish unchanged ',
      'umbrella update body',
    ]);
    expect(plan.steps[1]!.labels).toEqual(['audit', 'severity:major', 'pillar:2', 'effort:L', 'needs-design']);
    expect(plan.labels.map((l) => l.name)).toContain('effort:L');
  });

  it('closes the issue of a closed or fix-verified gap and ticks it in the umbrella', () => {
    const wb = workbook();
    const remote = pushed(wb);
    const closed = workbook({
      'T-01': { status: 'Closed' },
      'T-02': { fixVerified: { capture: 'b'.repeat(64), at: '2026-05-02T10:00:00Z' } },
    });
    expect(actions(closed, remote)).toEqual([
      'gap:T-01 close #1 body+state',
      'gap:T-02 close #2 body+state',
      'polish unchanged #3',
      'umbrella update #4 body',
    ]);
    const umbrella = planPush(input(closed, remote)).steps.at(-1)!.draft.body;
    expect(umbrella).toContain('- [x] #1 [T-01] Gap 1\n- [x] #2 [T-02] Gap 2\n- [ ] #3 Polish');
    expect(umbrella).toContain('Progress: 2/3 closed.');
  });

  it('reopens an issue closed on GitHub only when asked to', () => {
    const wb = workbook();
    const remote = pushed(wb).map((i) => (i.number === 2 ? { ...i, state: 'closed' as const } : i));
    const plain = planPush(input(wb, remote)).steps[1]!;
    expect(plain).toMatchObject({ action: 'unchanged', note: expect.stringContaining('--reopen') });
    expect(planPush(input(wb, remote, { reopen: true })).steps[1]).toMatchObject({ action: 'reopen', changes: ['state'] });
  });

  it('does not create an issue for a gap closed before its first push', () => {
    const wb = workbook({ 'T-02': { status: 'Closed' } });
    const plan = planPush(input(wb, []));
    expect(plan.steps[1]).toMatchObject({ key: 'gap:T-02', action: 'skip' });
    expect(plan.steps.at(-1)!.draft.body).toContain('- [x] [T-02] Gap 2');
  });

  it('uses a stored number when the body lost its marker, but never an issue marked for another draft', () => {
    let wb = workbook();
    const remote = pushed(wb);
    remote[0]!.body = 'rewritten by hand';
    wb = withIssueLink(wb, 'gap:T-01', ['T-01'], { repo: REPO, number: 1 });
    // T-02's stored number points at the polish issue (3): the marker says otherwise, so T-02 keeps #2.
    wb = withIssueLink(wb, 'gap:T-02', ['T-02'], { repo: REPO, number: 3 });
    expect(actions(wb, remote).slice(0, 2)).toEqual(['gap:T-01 update #1 body', 'gap:T-02 unchanged #2']);
    // A number stored for another repository means nothing here.
    const other = withIssueLink(workbook(), 'gap:T-01', ['T-01'], { repo: 'acme/other', number: 1 });
    expect(actions(other, remote.slice(1))[0]).toBe('gap:T-01 create');
  });

  it('keeps one issue per marker (the stored one, else the oldest) and reports the others', () => {
    const wb = withIssueLink(workbook(), 'gap:T-01', ['T-01'], { repo: REPO, number: 9 });
    const remote = pushed(wb);
    const copies = [7, 9].map((number) => ({ ...remote[0]!, number }));
    const plan = planPush(input(wb, [...remote, ...copies]));
    expect(plan.steps[0]!.number).toBe(9);
    expect(plan.duplicates).toEqual([
      { key: 'gap:T-01', number: 1, kept: 9 },
      { key: 'gap:T-01', number: 7, kept: 9 },
    ]);
  });

  it('lists issues whose draft is gone (gap deleted or now Minor) and leaves them alone', () => {
    const wb = workbook();
    const remote = pushed(wb);
    const fewer = { ...wb, gaps: wb.gaps.filter((g) => g.id !== 'T-02') };
    const plan = planPush(input(fewer, remote));
    expect(plan.orphans).toEqual([{ key: 'gap:T-02', number: 2, title: '[T-02] Gap 2' }]);
    expect(plan.steps.map((s) => s.key)).not.toContain('gap:T-02');
  });

  it('ignores markers of other workbooks in the same repository', () => {
    expect(markedKeys('<!-- audit-workbench:other:gap:T-01 -->\n<!-- audit-workbench:test-workbook:polish -->', 'test-workbook')).toEqual([
      'polish',
    ]);
    const wb = workbook();
    const foreign = pushed(wb).map((i) => ({ ...i, body: i.body.replace('test-workbook', 'another-workbook') }));
    expect(actions(wb, foreign).every((a) => a.endsWith('create'))).toBe(true);
  });
});

describe('labels and lines', () => {
  it('colours severity labels by severity, also with custom labels such as P0/P1/P2', () => {
    const wb = makeWorkbook({ severityLabels: { Critical: 'P0', Major: 'P1', Minor: 'P2' } });
    expect(labelSpec(wb, 'severity:p0')).toEqual({ name: 'severity:p0', color: 'b60205', description: 'Audit gap severity: P0' });
    expect(labelSpec(wb, 'pillar:2')).toMatchObject({ color: '1d76db', description: 'Audit pillar 2: Registry' });
    expect(labelSpec(wb, 'effort:XS').description).toBe('Estimated effort: XS');
  });

  it('describes steps and the whole push in one line each', () => {
    const step = {
      key: 'gap:T-01',
      title: '[T-01] Gap 1',
      action: 'update' as const,
      number: 12,
      changes: ['body' as const, 'labels' as const],
    };
    expect(describeStep(step, true)).toBe('updated #12 [T-01] Gap 1 (body, labels)');
    expect(describeStep({ ...step, action: 'create', number: undefined as never, changes: [] }, false)).toBe('create [T-01] Gap 1');
    const result = {
      repo: REPO,
      status: 'dry-run' as const,
      labels: ['audit'],
      issues: [step, { ...step, action: 'close' as const }],
      orphans: [{ key: 'gap:T-09', number: 3, title: 'x' }],
      duplicates: [],
    };
    expect(describeResult(result)).toBe(
      'Dry run for acme/platform: 0 to create, 1 to update, 1 to close, 1 label(s) to create; left alone: #3 (gap:T-09) no longer matches a gap; nothing was changed.',
    );
  });
});
