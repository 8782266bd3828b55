// The first syntax error of JSON text, as someone fixing the file needs it: found exactly when
// JSON.parse fails, placed on the offending character, and named.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeJsonError } from './file-format';
import { jsonSyntaxError, lineColumn } from './json-position';

const isValid = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};
const describe_ = (text: string) => describeJsonError(text, new Error('JSON.parse failed'));

describe('jsonSyntaxError', () => {
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
    '{"a": 1 // note\n}',
    '\u00a0[]',
    "{'a': 1}",
    'NaN',
  ];
  it.each(samples)('agrees with JSON.parse on %j', (text) => {
    expect(jsonSyntaxError(text) === null).toBe(isValid(text));
  });

  it('agrees with JSON.parse on every truncation of a real workbook', () => {
    const text = readFileSync(new URL('../../fixtures/workbooks/registry-audit-seed-001/workbook.json', import.meta.url), 'utf8');
    for (let cut = 0; cut < text.length; cut += 97) {
      const part = text.slice(0, cut);
      expect(jsonSyntaxError(part) === null).toBe(isValid(part));
    }
  });

  it('points at the offending character, inside strings and numbers too', () => {
    const at = (text: string) => lineColumn(text, jsonSyntaxError(text)!.offset!);
    expect(at('{\n  "a": 1,\n  "b": ]\n}')).toEqual({ line: 3, column: 8 });
    expect(at('{\n  "name": "ab\tcd"\n}')).toEqual({ line: 2, column: 14 }); // the tab
    expect(at('["ok", "a\\qb"]')).toEqual({ line: 1, column: 10 }); // the backslash of \q
    expect(at('["\\u12G4"]')).toEqual({ line: 1, column: 3 });
    // The first of several in one string, with its own name.
    expect(describe_('["ab\\x\\u12"]')).toBe('at line 1, column 5: an escape JSON does not have, found "\\\\"');
  });

  it('says what JSON expected, and what it found', () => {
    expect(describe_('{\n  "a": 1,\n}')).toBe('at line 3, column 1: a property name in double quotes expected, found "}"');
    expect(describe_('[1 2]')).toBe('at line 1, column 4: a comma expected, found "2"');
    expect(describe_('{"a": [1, 2')).toBe('at line 1, column 12: a comma or ] expected, found the end of the file');
    expect(describe_('{"a": 1 // why\n}')).toBe('at line 1, column 9: a comment, which JSON does not allow, found "/"');
    expect(describe_('{"a": "x\ty"}')).toBe('at line 1, column 9: a control character inside a string (write it escaped), found "\\t"');
    expect(describe_('{"a": "cut')).toBe('at line 1, column 11: a string not closed, found the end of the file');
    expect(describe_('{"a": "cut\n"}')).toBe('at line 1, column 11: a string not closed, found "\\n"');
    expect(describe_('  \n')).toBe('the file is empty');
  });

  it('does not overflow the stack on deep nesting', () => {
    const deep = `${'['.repeat(100_000)}}`;
    expect(describe_(deep)).toBe('nested too deeply to locate the error');
  });
});
