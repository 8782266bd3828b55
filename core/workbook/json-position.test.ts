import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, lineColumn } from './json-position';

const isValid = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('jsonErrorOffset', () => {
  const samples = [
    '{}',
    '[]',
    '{"a":1}',
    '{"a":[1,2,{"b":null}]}',
    ' true ',
    '"x\\u00e9"',
    '-0.5e+3',
    '{"a":1,}',
    '[1,]',
    '{"a" 1}',
    '{"a":tru}',
    '01',
    '1.',
    '"\\x"',
    '"a\nb"',
    '{"a":1}}',
    '',
    '[',
    '{"a":"b',
    'nul',
    '[1 2]',
    '{1:2}',
    '"\\u12G4"',
  ];
  it.each(samples)('agrees with JSON.parse on %j', (text) => {
    expect(jsonErrorOffset(text) === -1).toBe(isValid(text));
  });

  it('agrees with JSON.parse on every truncation of a real workbook', () => {
    const text = readFileSync(new URL('../../fixtures/workbooks/registry-audit-seed-001/workbook.json', import.meta.url), 'utf8');
    for (let cut = 0; cut < text.length; cut += 97) {
      const part = text.slice(0, cut);
      expect(jsonErrorOffset(part) === -1).toBe(isValid(part));
    }
  });

  it('points at the offending character', () => {
    const text = '{\n  "a": 1,\n  "b": ]\n}';
    expect(lineColumn(text, jsonErrorOffset(text))).toEqual({ line: 3, column: 8 });
  });
});
