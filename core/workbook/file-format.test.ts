import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, makeWorkbook } from '../../test/helpers/workbooks';
import { FormatError, migrate, parseWorkbook, stringifyWorkbook, type Migration } from './file-format';
import { parseSnapshot } from './versions';
import { stableJson } from './file-format';

const fixtureDirs = readdirSync(FIXTURES);

function problemsOf(text: string): { path: string; message: string }[] {
  try {
    parseWorkbook(text, 'wb/workbook.json');
  } catch (error) {
    expect(error).toBeInstanceOf(FormatError);
    return (error as FormatError).problems;
  }
  throw new Error('expected a FormatError');
}

const base = () => JSON.parse(stringifyWorkbook(makeWorkbook({}, [{ severity: 'Critical' }, {}])));

describe('workbook.json round trip', () => {
  it.each(fixtureDirs)('%s: load then save gives identical bytes', (name) => {
    const text = readFileSync(join(FIXTURES, name, 'workbook.json'), 'utf8');
    expect(stringifyWorkbook(parseWorkbook(text))).toBe(text);
  });

  it.each(fixtureDirs)('%s: every frozen version round-trips byte for byte', (name) => {
    const dir = join(FIXTURES, name, 'versions');
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(stableJson(parseSnapshot(text, file))).toBe(text);
    }
  });

  it('writes 2-space indentation, schema key order and a trailing newline', () => {
    const text = stringifyWorkbook(makeWorkbook());
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "schemaVersion": 1,');
    expect(Object.keys(JSON.parse(text)).slice(0, 4)).toEqual(['schemaVersion', 'id', 'title', 'scope']);
  });

  it('fills defaults once, then is stable', () => {
    const minimal = JSON.stringify({ schemaVersion: 1, id: 'x', title: 'T', date: '2026-01-01' });
    const once = stringifyWorkbook(parseWorkbook(minimal));
    expect(stringifyWorkbook(parseWorkbook(once))).toBe(once);
  });
});

describe('loading bad workbooks', () => {
  it('names the file, line and column of invalid JSON', () => {
    const [problem] = problemsOf('{\n  "schemaVersion": 1,\n  "title": oops\n}');
    expect(problem!.message).toBe('not valid JSON (at line 3, column 12: not a JSON value, found "o")');
    expect(() => parseWorkbook('{', 'wb/workbook.json')).toThrow(/^wb\/workbook\.json: /);
  });

  it('rejects a top level that is not an object', () => {
    expect(problemsOf('[1, 2]')[0]!.message).toMatch(/JSON object/);
  });

  it('refuses a newer schemaVersion and says to update', () => {
    const p = problemsOf(JSON.stringify({ ...base(), schemaVersion: 99 }))[0]!;
    expect(p.path).toBe('schemaVersion');
    expect(p.message).toMatch(/version 99 is newer .* update Audit Workbench/);
  });

  it.each([0, -1, 'one', null])('refuses schemaVersion %j', (v) => {
    expect(problemsOf(JSON.stringify({ ...base(), schemaVersion: v }))[0]!.path).toBe('schemaVersion');
  });

  it('names the field path, with the id of the element', () => {
    const wb = base();
    wb.gaps[1].severity = 'High';
    const [p] = problemsOf(JSON.stringify(wb));
    expect(p!.path).toBe('gaps[1] (T-02).severity');
    expect(p!.message).toMatch(/Critical.*Major.*Minor/);
  });

  it('reports unknown keys (typos) instead of dropping them', () => {
    const wb = base();
    wb.gaps[0].sevrity = 'Major';
    expect(problemsOf(JSON.stringify(wb))[0]!.path).toBe('gaps[0] (T-01)');
  });

  const cases: [string, (wb: ReturnType<typeof base>) => void, string, RegExp][] = [
    ['duplicate gap id', (wb) => (wb.gaps[1].id = 'T-01'), 'gaps[1] (T-01).id', /appears twice/],
    ['gap on unknown pillar', (wb) => (wb.gaps[0].pillar = 9), 'gaps[0] (T-01).pillar', /no pillar numbered 9/],
    ['evidence on unknown cell', (wb) => (wb.gaps[0].evidence = [{ cell: 'nope' }]), 'gaps[0] (T-01).evidence[0].cell', /no cell "nope"/],
    [
      'evidence with neither cell nor note',
      (wb) => (wb.gaps[0].evidence = [{ rows: '1' }]),
      'gaps[0] (T-01).evidence[0]',
      /names a cell or carries a note/,
    ],
    ['closing check that is not a check', (wb) => (wb.gaps[0].closingCheck = 'missing'), 'gaps[0] (T-01).closingCheck', /not a check cell/],
    ['accepted risk without waiver', (wb) => (wb.gaps[0].status = 'Accepted risk'), 'gaps[0] (T-01).waiver', /needs a waiver/],
    [
      'waiver with a bad date',
      (wb) => Object.assign(wb.gaps[0], { status: 'Accepted risk', waiver: { justification: 'j', approver: 'a', expires: '31/12/2026' } }),
      'gaps[0] (T-01).waiver.expires',
      /YYYY-MM-DD/,
    ],
    ['duplicate pillar number', (wb) => (wb.pillars[1].number = 1), 'pillars[1] (pillar 1).number', /appears twice/],
    ['duplicate audit order', (wb) => (wb.pillars[1].order = 2), 'pillars[1] (pillar 2).order', /used by two pillars/],
    [
      'duplicate cell id',
      (wb) => wb.pillars[1].cells.push({ ...wb.pillars[0].cells[0] }),
      'pillars[1] (pillar 2).cells[0] (tags-check).id',
      /appears twice/,
    ],
    ['negative weight', (wb) => (wb.weights.ops = -1), 'weights.ops', /negative/],
    ['all-zero weights', (wb) => (wb.weights = { pnl: 0, ops: 0, compliance: 0 }), 'weights', /above zero/],
    [
      'parameter with value and secret',
      (wb) => (wb.parameters = [{ name: 'TOKEN', value: 'x', secret: { env: 'TOKEN' } }]),
      'parameters[0] (TOKEN)',
      /a value, a list of values or a secret reference/,
    ],
    [
      'lower-case parameter name',
      (wb) => (wb.parameters = [{ name: 'token', value: 'x' }]),
      'parameters[0] (token).name',
      /UPPER_SNAKE_CASE/,
    ],
    ['bad date', (wb) => (wb.date = '2026-13-01'), 'date', /YYYY-MM-DD/],
    [
      'bad capture hash',
      (wb) =>
        (wb.pillars[0].cells[0].captures = [{ hash: 'abc', command: 'c', startedAt: '2026-01-01T00:00:00Z', durationMs: 1, status: 'ok' }]),
      'pillars[0] (pillar 1).cells[0] (tags-check).captures[0].hash',
      /sha256/,
    ],
    [
      'control naming unknown gap',
      (wb) => (wb.controls = [{ aspect: 'A', status: 'fail', gaps: ['X-9'] }]),
      'controls[0].gaps[0]',
      /no gap X-9/,
    ],
    [
      'disputed unknown pillar',
      (wb) => (wb.committee = [{ id: 's1', version: 1, date: '2026-01-01', disputedPillars: [7] }]),
      'committee[0] (s1).disputedPillars[0]',
      /no pillar numbered 7/,
    ],
    [
      'expert score above 10',
      (wb) => (wb.committee = [{ id: 's1', version: 1, date: '2026-01-01', experts: [{ name: 'A', score: 11 }] }]),
      'committee[0] (s1).experts[0] (A).score',
      /10/,
    ],
    [
      'baseline on unpublished version',
      (wb) => (wb.baseline = { reference: 'v3', version: 3 }),
      'baseline.version',
      /no published version v3/,
    ],
    ['unknown cell kind', (wb) => (wb.pillars[0].cells[0].kind = 'ftp'), 'pillars[0] (pillar 1).cells[0] (tags-check).kind', /.+/],
  ];
  it.each(cases)('%s', (_name, mutate, path, message) => {
    const wb = base();
    mutate(wb);
    const problems = problemsOf(JSON.stringify(wb));
    expect(problems.map((p) => p.path)).toContain(path);
    expect(problems.find((p) => p.path === path)!.message).toMatch(message);
  });

  it('lists every problem, not just the first', () => {
    const wb = base();
    wb.gaps[0].severity = 'Huge';
    wb.date = 'yesterday';
    expect(problemsOf(JSON.stringify(wb)).length).toBe(2);
  });
});

describe('migrations hook', () => {
  const steps: Record<number, Migration> = {
    1: (raw) => ({ ...raw, renamed: raw['old'], old: undefined }),
    2: (raw) => ({ ...raw, added: true }),
  };

  it('applies each step in order up to the target version', () => {
    const out = migrate({ schemaVersion: 1, old: 'x' }, 'f', steps, 3);
    expect(out).toMatchObject({ schemaVersion: 3, renamed: 'x', added: true });
  });

  it('leaves a current file untouched', () => {
    const raw = { schemaVersion: 3, a: 1 };
    expect(migrate(raw, 'f', steps, 3)).toBe(raw);
  });

  it('fails clearly when a step is missing', () => {
    expect(() => migrate({ schemaVersion: 1 }, 'f.json', { 2: steps[2]! }, 3)).toThrow(
      /f\.json: schemaVersion: no migration from version 1 to 2/,
    );
  });
});
