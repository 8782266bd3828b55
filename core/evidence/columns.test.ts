import { describe, expect, it } from 'vitest';
import { ColumnarTable } from './columns';
import { tableFromArrow, tableFromRecords, tableToArrow } from './table';

describe('ColumnarTable', () => {
  it('builds the same Arrow table as the row path, nulls, unicode and mixed columns included', () => {
    const records = [
      { id: 'r1', n: 1.5, ok: true, mixed: 1, text: 'é ✓ 漢字' },
      { id: null, n: null, ok: null, mixed: 'two', text: '' },
      { id: 'r3', n: -2, ok: false, mixed: null, text: 'x'.repeat(5000) },
    ];
    const columnar = new ColumnarTable('t', ['id', 'n', 'ok', 'mixed', 'text']);
    for (const r of records) columnar.push(r.id, r.n, r.ok, r.mixed, r.text);
    const expected = tableFromRecords('t', records);
    expect(columnar.toEvidenceTable()).toEqual(expected);
    expect(tableFromArrow('t', columnar.toArrow())).toEqual(expected);
    expect(Buffer.from(columnar.toArrow()).equals(Buffer.from(tableToArrow(expected)))).toBe(true);
  });

  it('keeps the columns of an empty table', () => {
    const t = new ColumnarTable('e', ['a', 'b']);
    expect(tableFromArrow('e', t.toArrow())).toEqual({
      name: 'e',
      columns: [
        { name: 'a', type: 'string' },
        { name: 'b', type: 'string' },
      ],
      rows: [],
    });
  });
});
