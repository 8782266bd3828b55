// A duplicated cell: right after the original, a free id, the original's definition, none of its
// evidence; the workbook with it still validates, and Undo (the add's inverse) removes only the copy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../test/helpers/workbooks';
import { duplicateCell } from './cells';
import { applyEdit, invertEdit } from './workbook/edits';
import { parseWorkbook, validateWorkbook } from './workbook/file-format';

const demo = parseWorkbook(readFileSync(join(FIXTURES, 'demo-helix-backbone', 'workbook.json'), 'utf8'));
const ids = (wb: typeof demo, pillar: number): string[] => wb.pillars.find((p) => p.number === pillar)!.cells.map((c) => c.id);

describe('duplicateCell', () => {
  it('copies the definition after the original, with a free id and no captures', () => {
    const original = demo.pillars.find((p) => p.number === 5)!.cells.find((c) => c.id === 'recent-runs')!;
    expect(original.captures.length).toBeGreaterThan(0);
    const copy = duplicateCell(demo, 'recent-runs');
    expect(copy.pillar).toBe(5);
    expect(copy.cell).toEqual({ ...original, id: 'recent-runs-copy', title: `${original.title} (copy)`, captures: [] });
    const next = applyEdit(demo, { kind: 'add-cell', ...copy });
    validateWorkbook(JSON.parse(JSON.stringify(next)), 'duplicated');
    const before = ids(demo, 5);
    expect(ids(next, 5)).toEqual(before.toSpliced(before.indexOf('recent-runs') + 1, 0, 'recent-runs-copy'));
    // A second copy takes the next free id; undoing it leaves the first.
    const second = duplicateCell(next, 'recent-runs');
    expect(second.cell.id).toBe('recent-runs-copy-2');
    const both = applyEdit(next, { kind: 'add-cell', ...second });
    expect(applyEdit(both, invertEdit(next, { kind: 'add-cell', ...second }))).toEqual(next);
  });

  it('names a cell that is not there', () => {
    expect(() => duplicateCell(demo, 'no-such-cell')).toThrow('no cell "no-such-cell" in this workbook');
  });
});
