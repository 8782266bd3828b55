import { describe, expect, it } from 'vitest';
import { diffCaptureTables, diffTables } from './drift';
import { tableFromRecords } from './table';

describe('row-level drift', () => {
  it('keys tag rows by (run_id, key) and reports added, removed and changed rows', () => {
    const before = tableFromRecords('run_tags', [
      { run_id: 'r1', key: 'a', value: '1' },
      { run_id: 'r1', key: 'b', value: '2' },
      { run_id: 'r2', key: 'a', value: '3' },
    ]);
    const after = tableFromRecords('run_tags', [
      { run_id: 'r1', key: 'a', value: '1' },
      { run_id: 'r1', key: 'b', value: '20' },
      { run_id: 'r3', key: 'a', value: '4' },
    ]);
    const d = diffTables(before, after);
    expect(d.key).toEqual(['run_id', 'key']);
    expect(d.added).toEqual([{ run_id: 'r3', key: 'a', value: '4' }]);
    expect(d.removed).toEqual([{ run_id: 'r2', key: 'a', value: '3' }]);
    expect(d.changed).toEqual([
      { key: ['r1', 'b'], before: { run_id: 'r1', key: 'b', value: '2' }, after: { run_id: 'r1', key: 'b', value: '20' } },
    ]);
  });

  it('compares whole rows when no key is unique', () => {
    const before = tableFromRecords('t', [{ text: 'x' }, { text: 'x' }]);
    const after = tableFromRecords('t', [{ text: 'y' }]);
    const d = diffTables(before, after);
    expect(d.key).toEqual([]);
    expect(d.added).toEqual([{ text: 'y' }]);
    expect(d.removed).toEqual([{ text: 'x' }]);
  });

  it('lists only tables that differ, including a table on one side only', () => {
    const a = [tableFromRecords('runs', [{ run_id: 'r1' }]), tableFromRecords('gone', [{ id: 1 }])];
    const b = [tableFromRecords('runs', [{ run_id: 'r1' }]), tableFromRecords('new', [{ id: 2 }])];
    expect(diffCaptureTables(a, b).map((d) => [d.table, d.added.length, d.removed.length])).toEqual([
      ['gone', 0, 1],
      ['new', 1, 0],
    ]);
  });
});
