import { describe, expect, it } from 'vitest';
import { makeWorkbook } from '../test/helpers/workbooks';
import { expireWaivers } from './waivers';

const waiver = { justification: 'Single tenant until Q3', approver: 'Head of Platform', expires: '2026-06-30' };

describe('waivers', () => {
  const wb = makeWorkbook({}, [
    { id: 'W-1', status: 'Accepted risk', waiver },
    { id: 'W-2', status: 'Accepted risk', waiver: { ...waiver, expires: '2026-12-31' } },
    { id: 'W-3', status: 'Open' },
  ]);

  it('keeps a waiver until its expiry date, inclusive', () => {
    const { workbook, lapsed } = expireWaivers(wb, '2026-06-30');
    expect(lapsed).toEqual([]);
    expect(workbook).toBe(wb);
  });

  it('reopens a gap once its waiver has expired, and says so', () => {
    const { workbook, lapsed } = expireWaivers(wb, '2026-07-01');
    expect(lapsed.map((l) => l.gap)).toEqual(['W-1']);
    const gap = workbook.gaps.find((g) => g.id === 'W-1')!;
    expect(gap.status).toBe('Open');
    expect(gap.statusNote).toBe('Waiver expired on 2026-06-30 (approved by Head of Platform); the gap is Open again.');
    expect(gap.waiver).toEqual(waiver);
    expect(workbook.gaps.find((g) => g.id === 'W-2')!.status).toBe('Accepted risk');
  });
});
