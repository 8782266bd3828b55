import { describe, expect, it } from 'vitest';
import { makeWorkbook } from '../test/helpers/workbooks';
import { backlog, checkWeights, compositeScore, failFastState, isActive, quickWins, severityCounts, topRisks } from './scoring';

const scores = (pnl: 'Low' | 'Med' | 'High', ops: 'Low' | 'Med' | 'High', compliance: 'Low' | 'Med' | 'High') => ({ pnl, ops, compliance });

describe('composite score', () => {
  it('is the equal-weight mean by default', () => {
    expect(compositeScore(scores('High', 'Med', 'Low'), { pnl: 1, ops: 1, compliance: 1 })).toBeCloseTo(2);
  });
  it('uses the workbook weights', () => {
    expect(compositeScore(scores('High', 'Low', 'Low'), { pnl: 0.5, ops: 0.3, compliance: 0.2 })).toBeCloseTo(2.0);
    expect(compositeScore(scores('Low', 'High', 'High'), { pnl: 0.5, ops: 0.3, compliance: 0.2 })).toBeCloseTo(2.0);
    expect(compositeScore(scores('High', 'High', 'Med'), { pnl: 0.5, ops: 0.3, compliance: 0.2 })).toBeCloseTo(2.8);
    expect(compositeScore(scores('Med', 'Med', 'Med'), { pnl: 0, ops: 0, compliance: 4 })).toBeCloseTo(2);
  });
  it('is null for an unscored gap', () => {
    expect(compositeScore(null, { pnl: 1, ops: 1, compliance: 1 })).toBeNull();
  });
  it('rejects negative, non-finite and all-zero weights', () => {
    expect(() => checkWeights({ pnl: -1, ops: 1, compliance: 1 })).toThrow(/weight pnl must be a number ≥ 0/);
    expect(() => checkWeights({ pnl: Number.NaN, ops: 1, compliance: 1 })).toThrow(/pnl/);
    expect(() => checkWeights({ pnl: 0, ops: 0, compliance: 0 })).toThrow(/above zero/);
    expect(() => compositeScore(scores('Low', 'Low', 'Low'), { pnl: 0, ops: 0, compliance: 0 })).toThrow();
  });
});

describe('derived views', () => {
  const wb = makeWorkbook({ weights: { pnl: 2, ops: 1, compliance: 1 } }, [
    { id: 'G-1', severity: 'Minor', scores: scores('High', 'High', 'High'), effort: 'L' },
    { id: 'G-2', severity: 'Critical', scores: scores('Med', 'Med', 'Med'), effort: 'M', pillar: 2 },
    { id: 'G-3', severity: 'Major', scores: scores('Med', 'Med', 'Med'), effort: 'S' },
    { id: 'G-4', severity: 'Major', scores: scores('Med', 'Med', 'Med'), effort: 'XS' },
    { id: 'G-5', severity: 'Major', scores: null, effort: null },
    { id: 'G-6', severity: 'Minor', scores: scores('Low', 'Low', 'Low'), effort: 'XS', status: 'In progress' },
    { id: 'G-7', severity: 'Minor', scores: scores('Low', 'Low', 'Low'), effort: 'M' },
    { id: 'G-8', severity: 'Critical', scores: scores('High', 'High', 'High'), effort: 'S', status: 'Closed' },
    { id: 'G-9', severity: 'Minor', scores: scores('Low', 'Low', 'Low'), effort: 'S', status: 'Proposed' },
    { id: 'G-10', severity: 'Minor', scores: scores('Low', 'Med', 'Low'), effort: 'S' },
  ]);

  it('orders the backlog by composite, then severity, then effort; unscored last; closed and proposed left out', () => {
    expect(backlog(wb).map((g) => g.id)).toEqual(['G-1', 'G-2', 'G-4', 'G-3', 'G-10', 'G-6', 'G-7', 'G-5']);
  });
  it('takes the three highest scored open risks', () => {
    expect(topRisks(wb).map((g) => g.id)).toEqual(['G-1', 'G-2', 'G-4']);
  });
  it('finds quick wins: effort XS or S and all three scores Low', () => {
    expect(quickWins(wb).map((g) => g.id)).toEqual(['G-6']);
  });
  it("counts gaps that are not closed by severity, or only the backlog's", () => {
    expect(severityCounts(wb, 1)).toEqual({ Critical: 0, Major: 3, Minor: 5 });
    const active = severityCounts(wb, 1, isActive);
    const inBacklog = backlog(wb).filter((g) => g.pillar === 1);
    expect(active.Critical + active.Major + active.Minor).toBe(inBacklog.length);
    expect(inBacklog.length).toBeLessThan(8);
  });
  it('is not paused when the only Critical gap of a fail-fast pillar is closed', () => {
    expect(failFastState(wb).paused).toBe(false);
  });
  it('pauses on an open Critical gap in a fail-fast pillar, not in another pillar', () => {
    const paused = makeWorkbook({}, [
      { id: 'F-1', severity: 'Critical', pillar: 1 },
      { id: 'F-2', severity: 'Critical', pillar: 2 },
    ]);
    const state = failFastState(paused);
    expect(state.paused).toBe(true);
    expect(state.gaps.map((g) => g.gap.id)).toEqual(['F-1']);
    const onlyOther = makeWorkbook({}, [{ id: 'F-2', severity: 'Critical', pillar: 2 }]);
    expect(failFastState(onlyOther).paused).toBe(false);
  });
});
