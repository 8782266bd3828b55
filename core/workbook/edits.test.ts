// The auditor's edits as data, applied to the demo workbook: each changes what it names and only
// that, refuses a target that is not there, and undo groups typing in one field into one step.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/helpers/workbooks';
import { newCell } from '../cells';
import { acceptAlarm } from '../query/checks';
import { applyEdit, coalesceKey, describeEdit, invertEdit, type WorkbookEdit } from './edits';
import { parseWorkbook, validateWorkbook } from './file-format';
import type { CommitteeSession, Workbook } from './schema';

const demo = parseWorkbook(readFileSync(join(FIXTURES, 'demo-helix-backbone', 'workbook.json'), 'utf8'));

/** A deep-frozen copy: an edit that mutated its input would throw. */
function frozen<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

const apply = (edit: WorkbookEdit, wb: Workbook = frozen(structuredClone(demo))) => {
  const next = applyEdit(wb, edit);
  validateWorkbook(JSON.parse(JSON.stringify(next)), 'edited'); // still a valid workbook
  return next;
};
const gap = (wb: Workbook, id: string) => wb.gaps.find((g) => g.id === id)!;
const cellOf = (wb: Workbook, id: string) => wb.pillars.flatMap((p) => p.cells).find((c) => c.id === id)!;

describe('workbook edits', () => {
  it('add a gap by hand with the next free id, and delete it; a gap with an issue is closed, not deleted', () => {
    const added = apply({ kind: 'add-gap', pillar: 8, title: 'Lineage of features not recorded', severity: 'Major' });
    const created = added.gaps.at(-1)!;
    expect(created).toMatchObject({ id: 'GAP-12', pillar: 8, status: 'Open', severity: 'Major', scores: null, evidence: [] });
    expect(apply({ kind: 'delete-gap', gap: 'GAP-12' }, frozen(added)).gaps).toEqual(demo.gaps);
    const withIssue = frozen({
      ...demo,
      gaps: demo.gaps.map((g) => (g.id === 'GAP-03' ? { ...g, issue: { repo: 'helix/platform', number: 7 } } : g)),
    });
    expect(() => applyEdit(withIssue, { kind: 'delete-gap', gap: 'GAP-03' })).toThrow(/issue #7 on GitHub; close it/);
    expect(() => applyEdit(demo, { kind: 'add-gap', pillar: 42, title: 'x', severity: 'Minor' })).toThrow(/no pillar 42/);
  });

  it('duplicate a gap: right after it, the next free id, Open, what describes it but none of its life', () => {
    const original = frozen({
      ...demo,
      gaps: demo.gaps.map((g) =>
        g.id === 'GAP-03'
          ? {
              ...g,
              status: 'Accepted risk' as const,
              waiver: { justification: 'j', approver: 'CRO', expires: '2027-01-01' },
              issue: { repo: 'helix/platform', number: 7 },
            }
          : g,
      ),
    });
    const next = apply({ kind: 'duplicate-gap', gap: 'GAP-03' }, original);
    const at = next.gaps.findIndex((g) => g.id === 'GAP-03');
    const copy = next.gaps[at + 1]!;
    const source = gap(original, 'GAP-03');
    expect(copy).toMatchObject({
      id: 'GAP-12',
      title: `${source.title} (copy)`,
      status: 'Open',
      severity: source.severity,
      scores: source.scores,
    });
    expect(copy.evidence).toEqual(source.evidence);
    expect(copy).not.toHaveProperty('waiver');
    expect(copy).not.toHaveProperty('issue');
    expect(() => applyEdit(demo, { kind: 'duplicate-gap', gap: 'GAP-99' })).toThrow('no gap "GAP-99" in this workbook');
  });

  it('move a gap among its pillar’s gaps, the others staying where they are', () => {
    const pillarOf = (wb: Workbook, n: number) => wb.gaps.filter((g) => g.pillar === n).map((g) => g.id);
    const [first, second] = pillarOf(demo, 6);
    const moved = apply({ kind: 'move-gap', gap: second!, by: -1 });
    expect(pillarOf(moved, 6).slice(0, 2)).toEqual([second, first]);
    expect(moved.gaps.filter((g) => g.pillar !== 6)).toEqual(demo.gaps.filter((g) => g.pillar !== 6));
    expect(() => applyEdit(demo, { kind: 'move-gap', gap: first!, by: -1 })).toThrow(`gap ${first} is already the first of its pillar`);
  });

  it('delete a cell no gap or control names, refuse one that is evidence, and move cells within their pillar', () => {
    const deleted = apply({ kind: 'delete-cell', cell: 'run-durations' });
    expect(deleted.pillars.find((p) => p.number === 5)!.cells.map((c) => c.id)).toEqual([
      'tag-emission-sites',
      'recent-runs',
      'runs-missing-lineage-tags',
    ]);
    expect(() => applyEdit(demo, { kind: 'delete-cell', cell: 'runs-missing-lineage-tags' })).toThrow(/evidence of gap GAP-01/);
    const moved = apply({ kind: 'move-cell', cell: 'recent-runs', by: -1 });
    expect(moved.pillars.find((p) => p.number === 5)!.cells.map((c) => c.id)).toEqual([
      'recent-runs',
      'tag-emission-sites',
      'runs-missing-lineage-tags',
      'run-durations',
    ]);
    expect(() => applyEdit(demo, { kind: 'move-cell', cell: 'run-durations', by: 1 })).toThrow(/already the last/);
    expect(describeEdit({ kind: 'move-cell', cell: 'recent-runs', by: -1 })).toBe('move cell recent-runs up');
  });

  it('patch a gap, and only that gap; undefined removes an optional field', () => {
    const next = apply({ kind: 'gap', gap: 'GAP-02', patch: { title: 'Raw consumption of models', closingCheck: undefined } });
    expect(gap(next, 'GAP-02').title).toBe('Raw consumption of models');
    expect('closingCheck' in gap(next, 'GAP-02')).toBe(false);
    expect(next.gaps.filter((g) => g.id !== 'GAP-02')).toEqual(demo.gaps.filter((g) => g.id !== 'GAP-02'));
    expect(next.pillars).toEqual(demo.pillars);
  });

  it('patch a cell of a pillar, keeping its evidence', () => {
    const before = cellOf(demo, 'raw-consumption');
    const next = apply({ kind: 'cell', pillar: 6, cell: 'raw-consumption', patch: { title: 'Raw loads', sql: 'SELECT 1 WHERE false' } });
    const after = cellOf(next, 'raw-consumption');
    expect(after).toMatchObject({ title: 'Raw loads', sql: 'SELECT 1 WHERE false', kind: 'check' });
    expect(after.captures).toEqual(before.captures);
  });

  it('pillar text, verdict, parameter, weight and committee sessions', () => {
    let wb = apply({ kind: 'state-observed', pillar: 5, text: 'Tags are set by hand.' });
    wb = apply({ kind: 'verdict', pillar: 5, patch: { status: 'non-compliant' } }, wb);
    wb = apply({ kind: 'parameter', parameter: { ...demo.parameters.find((p) => p.name === 'K8S_NAMESPACE')!, value: 'ml-prod' } }, wb);
    wb = apply({ kind: 'weight', key: 'pnl', value: 2 }, wb);
    const session = {
      id: 'session-1',
      version: 1,
      date: '2026-12-07',
      experts: [],
      verdict: null,
      disputedPillars: [],
      recommendations: [],
      notes: '',
    };
    wb = apply({ kind: 'add-session', session }, wb);
    wb = apply({ kind: 'session', session: 'session-1', patch: { verdict: 'REVISE', disputedPillars: [5] } }, wb);
    const pillar = wb.pillars.find((p) => p.number === 5)!;
    expect(pillar.stateObserved).toBe('Tags are set by hand.');
    expect(pillar.verdict.status).toBe('non-compliant');
    expect(pillar.verdict.justification).toBe(demo.pillars.find((p) => p.number === 5)!.verdict.justification);
    expect(wb.parameters.find((p) => p.name === 'K8S_NAMESPACE')).toMatchObject({ value: 'ml-prod' });
    expect(wb.weights.pnl).toBe(2);
    expect(wb.committee).toEqual([{ ...session, verdict: 'REVISE', disputedPillars: [5] }]);
  });

  it('add a cell, and accept an alarm exactly as "Create gap from alarm" does', () => {
    const cell = newCell(demo, 'query');
    expect(cellOf(apply({ kind: 'add-cell', pillar: 2, cell }), cell.id)).toEqual(cell);
    expect(() => apply({ kind: 'add-cell', pillar: 2, cell: { ...cell, id: 'raw-consumption' as never } })).toThrow(
      'a cell "raw-consumption" exists already',
    );
    expect(apply({ kind: 'accept-alarm', cell: 'raw-consumption' })).toEqual(acceptAlarm(demo, 'raw-consumption').workbook);
  });

  it('refuses weights no composite can be computed with', () => {
    expect(() => apply({ kind: 'weight', key: 'pnl', value: -1 })).toThrow('weight pnl must be a number ≥ 0, got -1');
    expect(() => apply({ kind: 'weight', key: 'ops', value: Number.NaN })).toThrow('weight ops must be a number ≥ 0, got NaN');
    let wb = apply({ kind: 'weight', key: 'pnl', value: 0 });
    wb = apply({ kind: 'weight', key: 'ops', value: 0 }, wb);
    expect(() => apply({ kind: 'weight', key: 'compliance', value: 0 }, wb)).toThrow('at least one weight must be above zero');
  });

  it('refuses a target that is not there, naming it', () => {
    expect(() => apply({ kind: 'gap', gap: 'GAP-99', patch: { title: 'x' } })).toThrow('no gap "GAP-99" in this workbook');
    expect(() => apply({ kind: 'cell', pillar: 6, cell: 'nope', patch: { title: 'x' } })).toThrow('no cell "nope" in this workbook');
    expect(() => apply({ kind: 'verdict', pillar: 42, patch: { status: 'compliant' } })).toThrow('no pillar 42 in this workbook');
    expect(() => apply({ kind: 'parameter', parameter: { name: 'NOPE', value: '' } as never })).toThrow('no parameter NOPE');
    expect(() => apply({ kind: 'session', session: 'session-9', patch: {} })).toThrow('no committee session "session-9"');
  });

  it('names each edit for the undo menu, and groups typing in one field', () => {
    const title = (text: string): WorkbookEdit => ({ kind: 'gap', gap: 'GAP-01', patch: { title: text }, typing: 'title' });
    expect(describeEdit(title('a'))).toBe('edit title (GAP-01)');
    expect(coalesceKey(title('a'))).toBe(coalesceKey(title('ab')));
    expect(coalesceKey(title('a'))).not.toBe(coalesceKey({ kind: 'gap', gap: 'GAP-02', patch: { title: 'a' }, typing: 'title' }));
    expect(coalesceKey(title('a'))).not.toBe(coalesceKey({ kind: 'gap', gap: 'GAP-01', patch: { fix: 'a' }, typing: 'fix' }));
    // Two fields of one object (the waiver) are two steps; a choice from a list is never grouped.
    const waiver = (field: string): WorkbookEdit => ({
      kind: 'gap',
      gap: 'GAP-01',
      patch: { waiver: undefined },
      typing: `waiver.${field}`,
    });
    expect(coalesceKey(waiver('approver'))).not.toBe(coalesceKey(waiver('expires')));
    expect(coalesceKey({ kind: 'gap', gap: 'GAP-01', patch: { severity: 'Minor' } })).toBeNull();
    expect(coalesceKey({ kind: 'add-cell', pillar: 1, cell: newCell(demo, 'note') })).toBeNull();
    expect(coalesceKey({ kind: 'accept-alarm', cell: 'raw-consumption' })).toBeNull();
  });

  it('each edit has an inverse that takes it back, also after a run changed the workbook meanwhile', () => {
    const session = { id: 'c-2', version: 1, date: '2026-06-01', experts: [], verdict: null } as unknown as CommitteeSession;
    const edits: WorkbookEdit[] = [
      { kind: 'gap', gap: 'GAP-02', patch: { title: 'Raw consumption', closingCheck: undefined, effort: 'L' } },
      { kind: 'cell', pillar: 5, cell: 'run-durations', patch: { title: 'Durations', chart: undefined } },
      { kind: 'add-cell', pillar: 8, cell: newCell(demo, 'note') },
      { kind: 'delete-cell', cell: 'recent-runs' },
      { kind: 'move-cell', cell: 'recent-runs', by: 1 },
      { kind: 'add-gap', pillar: 8, title: 'By hand', severity: 'Minor' },
      { kind: 'duplicate-gap', gap: 'GAP-03' },
      { kind: 'move-gap', gap: 'GAP-03', by: -1 },
      { kind: 'delete-gap', gap: 'GAP-04' },
      { kind: 'accept-alarm', cell: 'runs-missing-lineage-tags' },
      { kind: 'state-observed', pillar: 3, text: 'Seen' },
      { kind: 'verdict', pillar: 3, patch: { status: 'compliant' } },
      { kind: 'parameter', parameter: { ...demo.parameters[0]!, value: 'http://elsewhere:5000' } },
      { kind: 'weight', key: 'ops', value: 4 },
      { kind: 'audit', patch: { title: 'Renamed audit', auditor: 'B. Reviewer (DRI)' } },
      { kind: 'add-session', session },
    ];
    // What a run does meanwhile: a capture appended to a cell no edit touches.
    const runOf = (wb: Workbook): Workbook => ({
      ...wb,
      pillars: wb.pillars.map((p) => ({
        ...p,
        cells: p.cells.map((c) => (c.id === 'experiments' ? { ...c, captures: [...c.captures, { ...c.captures[0]! }] } : c)),
      })),
    });
    for (const edit of edits) {
      const start = frozen(structuredClone(demo));
      const inverse = invertEdit(start, edit);
      const edited = apply(edit, start);
      expect(apply(inverse, frozen(structuredClone(edited))), describeEdit(edit)).toEqual(demo);
      expect(apply(inverse, frozen(runOf(edited))), `${describeEdit(edit)}, after a run`).toEqual(runOf(demo));
    }
  });
});
