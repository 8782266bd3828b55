import { describe, expect, it } from 'vitest';
import { makeWorkbook } from '../test/helpers/workbooks';
import { diffFields, isDeltaEmpty, workbookDelta } from './delta';
import type { Capture, Workbook } from './workbook/schema';

const hashA = 'a'.repeat(64);
const hashB = 'b'.repeat(64);
const capture = (hash: string, at: string) =>
  ({
    hash,
    command: 'grep -rn x',
    startedAt: at,
    durationMs: 5,
    exitStatus: 0,
    status: 'ok',
    tables: [],
    redactions: [],
  }) as unknown as Capture;

function withCells(wb: Workbook, captures: Record<string, Capture[]>): Workbook {
  return {
    ...wb,
    pillars: wb.pillars.map((p, i) =>
      i === 1
        ? {
            ...p,
            cells: Object.entries(captures).map(
              ([id, caps]) => ({ id, kind: 'shell', title: id, argv: ['grep'], cwd: '.', mutating: false, captures: caps }) as never,
            ),
          }
        : p,
    ),
  };
}

describe('diffFields', () => {
  it('recurses into objects and compares arrays whole', () => {
    expect(diffFields({ a: 1, s: { x: 'L', y: 'M' }, l: [1, 2] }, { a: 1, s: { x: 'H', y: 'M' }, l: [2, 1], n: true })).toEqual([
      { path: 's.x', before: 'L', after: 'H' },
      { path: 'l', before: [1, 2], after: [2, 1] },
      { path: 'n', before: undefined, after: true },
    ]);
  });
  it('ignores key order', () => {
    expect(diffFields({ a: 1, b: 2 }, { b: 2, a: 1 })).toEqual([]);
  });
});

describe('workbookDelta', () => {
  const v1 = makeWorkbook({}, [
    { id: 'D-1', severity: 'Major', scores: { pnl: 'Low', ops: 'Low', compliance: 'Low' } },
    { id: 'D-2', severity: 'Minor' },
  ]);

  it('is empty between identical states', () => {
    expect(isDeltaEmpty(workbookDelta(v1, v1, 'v1', 'v1'))).toBe(true);
  });

  it('lists gaps added, removed and changed field by field, and score changes', () => {
    const v2 = makeWorkbook({}, [
      { id: 'D-1', severity: 'Critical', scores: { pnl: 'High', ops: 'Low', compliance: 'Low' }, status: 'In progress' },
      { id: 'D-3', severity: 'Major', title: 'New' },
    ]);
    const d = workbookDelta(v1, v2, 'v1', 'v2');
    expect(d.gaps.added.map((g) => g.id)).toEqual(['D-3']);
    expect(d.gaps.removed.map((g) => g.id)).toEqual(['D-2']);
    expect(d.gaps.changed).toEqual([
      {
        id: 'D-1',
        title: 'Gap 1',
        changes: [
          { path: 'severity', before: 'Major', after: 'Critical' },
          { path: 'status', before: 'Open', after: 'In progress' },
          { path: 'scores.pnl', before: 'Low', after: 'High' },
        ],
      },
    ]);
    expect(d.scores).toEqual([{ id: 'D-1', title: 'Gap 1', before: 1, after: 5 / 3 }]);
    expect(isDeltaEmpty(d)).toBe(false);
  });

  it('reports score changes caused by new weights alone', () => {
    const v2 = { ...v1, weights: { pnl: 3, ops: 1, compliance: 1 } };
    const rescored = { ...v1, gaps: v1.gaps.map((g) => ({ ...g, scores: { pnl: 'High', ops: 'Low', compliance: 'Low' } as const })) };
    const d = workbookDelta(rescored, { ...rescored, weights: v2.weights }, 'a', 'b');
    expect(d.weights).toEqual({ before: v1.weights, after: v2.weights });
    expect(d.scores.map((s) => [s.id, s.before, s.after])).toEqual([
      ['D-1', 5 / 3, 11 / 5],
      ['D-2', 5 / 3, 11 / 5],
    ]);
  });

  it('lists verdict changes and pillars added or removed', () => {
    const v2: Workbook = {
      ...v1,
      pillars: [
        ...v1.pillars
          .filter((p) => p.number !== 3)
          .map((p) => (p.number === 2 ? { ...p, verdict: { status: 'compliant' as const, justification: 'ok' } } : p)),
        { ...v1.pillars[2]!, number: 7, order: 7, name: 'RBAC' },
      ],
    };
    const d = workbookDelta(v1, v2, 'v1', 'v2');
    expect(d.verdicts).toEqual([
      {
        pillar: 2,
        name: 'Registry',
        before: { status: 'not-assessed', justification: '' },
        after: { status: 'compliant', justification: 'ok' },
      },
    ]);
    expect(d.pillars.added.map((p) => p.number)).toEqual([7]);
    expect(d.pillars.removed.map((p) => p.number)).toEqual([3]);
  });

  it('classifies evidence: reproduced, drifted, not re-run, first capture, cell added and removed', () => {
    const before = withCells(v1, {
      same: [capture(hashA, '2026-01-01T00:00:00Z')],
      drift: [capture(hashA, '2026-01-01T00:00:00Z')],
      idle: [capture(hashA, '2026-01-01T00:00:00Z')],
      fresh: [],
      gone: [capture(hashA, '2026-01-01T00:00:00Z')],
    });
    const after = withCells(v1, {
      same: [capture(hashA, '2026-01-01T00:00:00Z'), capture(hashA, '2026-02-01T00:00:00Z')],
      drift: [capture(hashA, '2026-01-01T00:00:00Z'), capture(hashB, '2026-02-01T00:00:00Z')],
      idle: [capture(hashA, '2026-01-01T00:00:00Z')],
      fresh: [capture(hashB, '2026-02-01T00:00:00Z')],
      added: [],
    });
    const d = workbookDelta(before, after, 'v1', 'v2');
    expect(Object.fromEntries(d.evidence.map((e) => [e.cell, e.status]))).toEqual({
      same: 'reproduced',
      drift: 'drifted',
      idle: 'not re-run',
      fresh: 'first capture',
      added: 'cell added',
      gone: 'cell removed',
    });
    expect(d.evidence.find((e) => e.cell === 'drift')).toMatchObject({ before: { hash: hashA }, after: { hash: hashB } });
  });
});
