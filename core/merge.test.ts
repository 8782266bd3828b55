import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../test/helpers/workbooks';
import { mergeWorkbooks } from './merge';
import { parseWorkbook, validateWorkbook } from './workbook/file-format';
import type { Workbook } from './workbook/schema';

const base = parseWorkbook(readFileSync(join(FIXTURES, 'registry-audit-seed-001', 'workbook.json'), 'utf8'));
const edit = (f: (wb: Workbook) => void): Workbook => {
  const copy = structuredClone(base);
  f(copy);
  return copy;
};
const gap = (wb: Workbook, id: string) => wb.gaps.find((g) => g.id === id)!;

describe('three-way merge of workbooks', () => {
  it('combines independent changes by identity and keeps every capture', () => {
    const ours = edit((wb) => {
      gap(wb, 'ML-01').status = 'In progress';
      wb.gaps.push({ ...gap(wb, 'ML-05'), id: 'ML-06' as never, title: 'Added by us' });
    });
    const theirs = edit((wb) => {
      gap(wb, 'ML-02').scores = { pnl: 'Low', ops: 'Low', compliance: 'Low' };
      wb.pillars[1]!.verdict = { status: 'compliant', justification: 'Fixed since.' };
      const cell = wb.pillars[0]!.cells[0]!;
      cell.captures.push({ ...cell.captures.at(-1)!, startedAt: '2026-05-01T08:00:00Z' });
      wb.gaps.push({ ...gap(wb, 'ML-05'), id: 'ML-07' as never, title: 'Added by them' });
    });
    const { merged, conflicts } = mergeWorkbooks(base, ours, theirs);
    expect(conflicts).toEqual([]);
    const wb = validateWorkbook(JSON.parse(JSON.stringify(merged)), 'merged');
    expect(gap(wb, 'ML-01').status).toBe('In progress');
    expect(gap(wb, 'ML-02').scores).toEqual({ pnl: 'Low', ops: 'Low', compliance: 'Low' });
    expect(wb.gaps.map((g) => g.id)).toEqual(['ML-01', 'ML-02', 'ML-03', 'ML-04', 'ML-05', 'ML-06', 'ML-07']);
    expect(wb.pillars[1]!.verdict.status).toBe('compliant');
    expect(wb.pillars[0]!.cells[0]!.captures.map((c) => c.startedAt)).toEqual([
      '2026-04-24T10:00:00Z',
      '2026-04-28T09:30:00Z',
      '2026-05-01T08:00:00Z',
    ]);
  });

  it('lists conflicting fields and deletions of edited entities, keeping ours', () => {
    const ours = edit((wb) => {
      gap(wb, 'ML-03').severity = 'Critical';
      gap(wb, 'ML-04').fix = 'Our better fix';
      wb.title = 'Our title';
    });
    const theirs = edit((wb) => {
      gap(wb, 'ML-03').severity = 'Minor';
      wb.gaps = wb.gaps.filter((g) => g.id !== 'ML-04');
      wb.title = 'Their title';
    });
    const { merged, conflicts } = mergeWorkbooks(base, ours, theirs);
    expect(
      conflicts.map((c) => [
        c.path,
        c.base === undefined ? '-' : JSON.stringify(c.base).slice(0, 20),
        c.theirs === undefined ? 'deleted' : JSON.stringify(c.theirs).slice(0, 20),
      ]),
    ).toEqual([
      ['gaps[ML-03].severity', '"Major"', '"Minor"'],
      ['gaps[ML-04]', expect.any(String), 'deleted'],
      ['title', '"MLflow Registry Aud', '"Their title"'],
    ]);
    expect(gap(merged, 'ML-03').severity).toBe('Critical');
    expect(gap(merged, 'ML-04').fix).toBe('Our better fix');
    expect(merged.title).toBe('Our title');
  });

  it('drops what one side deleted and the other left alone', () => {
    const theirs = edit((wb) => {
      wb.gaps = wb.gaps.filter((g) => g.id !== 'ML-05');
    });
    const { merged, conflicts } = mergeWorkbooks(base, base, theirs);
    expect(conflicts).toEqual([]);
    expect(merged.gaps.map((g) => g.id)).not.toContain('ML-05');
  });

  it('refuses silently forked version chains by reporting them', () => {
    const publish = (message: string) =>
      edit((wb) => {
        wb.versions.push({
          number: 3,
          publishedAt: '2026-05-02T00:00:00Z',
          message,
          hash: (message === 'a' ? 'a' : 'b').repeat(64) as never,
        });
      });
    const { conflicts } = mergeWorkbooks(base, publish('a'), publish('b'));
    expect(conflicts.map((c) => c.path)).toEqual(['versions[3].message', 'versions[3].hash']);
  });
});
