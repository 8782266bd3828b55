import { describe, expect, it } from 'vitest';
import { makeWorkbook } from '../test/helpers/workbooks';
import { committeeState } from './committee';
import { renderReport } from './report/report';

const session = (
  id: string,
  version: number,
  date: string,
  verdict: 'PROCEED' | 'REVISE' | 'REJECT' | null,
  disputedPillars: number[] = [],
) => ({
  id,
  version,
  date,
  verdict,
  disputedPillars,
  ...(verdict === 'REJECT' ? { cause: 'METHODOLOGY_FLAW' } : {}),
});

describe('committee state', () => {
  it('follows the last session, with one revision cycle', () => {
    expect(committeeState(makeWorkbook()).kind).toBe('not-reviewed');
    expect(committeeState(makeWorkbook({ committee: [session('s1', 1, '2026-04-20', null)] })).kind).toBe('pending');
    const revise = committeeState(makeWorkbook({ committee: [session('s1', 1, '2026-04-20', 'REVISE', [2])] }));
    expect(revise).toMatchObject({ kind: 'revise', disputedPillars: [2] });
    expect(
      committeeState(makeWorkbook({ committee: [session('s1', 1, '2026-04-20', 'REJECT'), session('s2', 2, '2026-04-25', 'PROCEED')] }))
        .kind,
    ).toBe('proceed');
  });

  it('escalates on a second REJECT, and the report says so', () => {
    const wb = makeWorkbook({ committee: [session('s1', 1, '2026-04-20', 'REJECT'), session('s2', 2, '2026-04-27', 'REJECT')] });
    expect(committeeState(wb).kind).toBe('escalated');
    const report = renderReport({ workbook: wb, state: { kind: 'draft', number: 1, after: null } });
    expect(report).toContain(
      '> **Escalated.** The committee rejected the audit twice (v1 on 2026-04-20, METHODOLOGY_FLAW; v2 on 2026-04-27, METHODOLOGY_FLAW)',
    );
  });

  it('asks for the disputed pillars to be re-run after a REVISE', () => {
    const wb = makeWorkbook({ committee: [session('s1', 1, '2026-04-20', 'REVISE', [2])] });
    expect(renderReport({ workbook: wb, state: { kind: 'draft', number: 1, after: null } })).toContain(
      '> **Revision requested** by the committee on v1: re-run the evidence of Pillar 2 — Registry and submit the delta.',
    );
  });
});
