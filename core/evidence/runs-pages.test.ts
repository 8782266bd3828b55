// The byte scanner against the meaning JSON.parse gives the same pages: a plain object-graph
// normaliser (below, the reference) run on JSON.parse's output must give the same four tables, and
// the scanner must refuse exactly the documents JSON.parse refuses.
import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, RUNS_COLUMNS, RunsPagesScanner } from './runs-pages';
import { tableFromArrow, tableFromArrowTable, tableFromRecords, tableToArrow, type EvidenceTable } from './table';

type Json = Record<string, unknown>;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const NAMES = Object.keys(RUNS_COLUMNS) as (keyof typeof RUNS_COLUMNS)[];

/** What the pages mean, computed from JSON.parse's object graph (the normaliser this scanner replaced). */
function reference(texts: string[]): EvidenceTable[] {
  const rows: Record<string, Json[]> = { runs: [], run_tags: [], run_params: [], run_metrics: [] };
  const objects = (v: unknown): Json[] => (Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Json[]) : []);
  const addRun = (run: Json) => {
    const info = (run['info'] ?? {}) as Json;
    const runId = info['run_id'] ?? info['run_uuid'];
    rows['runs']!.push({ ...Object.fromEntries(RUNS_COLUMNS.runs.map((c) => [c, info[c]])), run_id: runId });
    const data = (run['data'] ?? {}) as Json;
    for (const t of objects(data['tags'])) rows['run_tags']!.push({ run_id: runId, key: t['key'], value: t['value'] });
    for (const t of objects(data['params'])) rows['run_params']!.push({ run_id: runId, key: t['key'], value: t['value'] });
    for (const m of objects(data['metrics']))
      rows['run_metrics']!.push({ run_id: runId, key: m['key'], value: m['value'], timestamp: m['timestamp'], step: m['step'] });
  };
  for (const text of texts) {
    const page = JSON.parse(text) as unknown;
    if (!page || typeof page !== 'object') continue;
    for (const run of objects((page as Json)['runs'])) addRun(run);
    const single = (page as Json)['run'];
    if (single && typeof single === 'object') addRun(single as Json);
  }
  // Through Arrow, as evidence is stored: a lone surrogate becomes U+FFFD there, as in the scanner.
  return NAMES.map((name) => tableFromArrow(name, tableToArrow(tableFromRecords(name, rows[name]!, RUNS_COLUMNS[name]))));
}

function scan(texts: (string | Uint8Array)[]): EvidenceTable[] {
  const scanner = new RunsPagesScanner();
  for (const t of texts) scanner.addPage(typeof t === 'string' ? encoder.encode(t) : t);
  return scanner.tables().map((t, i) => tableFromArrowTable(NAMES[i]!, t));
}

const run = (info: Json, data: Json = {}) => ({ info, data });

describe('RunsPagesScanner', () => {
  it('appends chunks read page by page (on other threads) into the tables one scanner would make', () => {
    const pages = [
      { runs: [run({ run_id: 'a', start_time: 1 }, { tags: [{ key: 't', value: 'x' }], metrics: [{ key: 'm', value: 0.5 }] })] },
      { runs: [] },
      {
        runs: [
          run({ run_uuid: 'b', status: true }, { params: [{ key: 'p', value: { nested: 1 } }] }),
          run({ run_id: 'c', start_time: 'late' }, { metrics: [{ key: 'm', value: 2, step: 1 }] }),
        ],
      },
      // Numbers, then more rows than a column first holds whose every value is null: no numbers in their chunk.
      { runs: Array.from({ length: 5000 }, (_, i) => run({ run_id: `n${i}` }, { metrics: [{ key: 'm', value: null }] })) },
      { runs: [run({ run_id: 'd', end_time: 5 }), run({ run_id: 'e' }, { metrics: [{ key: 'm', value: null, step: null }] })] },
    ].map((p) => JSON.stringify(p));
    const reader = new RunsPagesScanner();
    const chunks = pages.map((page) => {
      reader.addPage(encoder.encode(page));
      return reader.takeChunk(); // the reader is empty again, its buffers kept
    });
    // Appended chunk by chunk as they come (as a paged capture does).
    const appended = new RunsPagesScanner();
    for (const chunk of chunks) appended.append(chunk);
    const arrow = appended.tables();
    const joined = arrow.map((t, i) => tableFromArrowTable(NAMES[i]!, t));
    // A number column holds a number per row, null ones included, as Arrow readers expect.
    expect(arrow[3]!.getChild('value')!.data[0]!.values.length).toBe(arrow[3]!.numRows);
    expect(joined).toEqual(scan(pages));
    const many = Array.from({ length: 5000 }, (_, i) => i);
    expect(joined[0]!.rows.map((r) => r[0])).toEqual(['a', 'b', 'c', ...many.map((i) => `n${i}`), 'd', 'e']);
    // Entries point at their run across chunks.
    expect(joined[3]!.rows.map((r) => r[0])).toEqual(['a', 'c', ...many.map((i) => `n${i}`), 'e']);
    expect(joined[3]!.rows.map((r) => r[2])).toEqual([0.5, 2, ...many.map(() => null), null]);
    expect(new RunsPagesScanner().tables().map((t) => t.numRows)).toEqual([0, 0, 0, 0]);
  });

  it('reads runs/search pages into runs, run_tags, run_params and run_metrics', () => {
    const page = {
      runs: [
        run(
          {
            run_id: 'r1',
            experiment_id: '1',
            run_name: 'train',
            user_id: 'alice',
            status: 'FINISHED',
            start_time: 1714000000000,
            end_time: 1714000060000,
            artifact_uri: 's3://b/1/r1',
            lifecycle_stage: 'active',
          },
          {
            metrics: [{ key: 'auc', value: 0.91, timestamp: 5, step: 0 }],
            params: [{ key: 'lr', value: '0.1' }],
            tags: [{ key: 'mlflow.user', value: 'alice' }],
          },
        ),
        run({ run_uuid: 'r2', experiment_id: '1' }, { tags: [{ key: 'k', value: 'v' }] }),
      ],
      next_page_token: 'tok',
    };
    const tables = scan([JSON.stringify(page)]);
    expect(tables).toEqual(reference([JSON.stringify(page)]));
    expect(tables[0]!.rows.map((r) => r[0])).toEqual(['r1', 'r2']);
    expect(tables[1]!.rows).toEqual([
      ['r1', 'mlflow.user', 'alice'],
      ['r2', 'k', 'v'],
    ]);
    expect(tables[3]!.rows).toEqual([['r1', 'auc', 0.91, 5, 0]]);
    expect(tables[0]!.columns.find((c) => c.name === 'start_time')!.type).toBe('number');
  });

  const cases: Record<string, string[]> = {
    'escapes and unicode': [
      JSON.stringify({
        runs: [
          run(
            { run_id: 'é✓漢字', run_name: 'a"b\\c\n\td\u0001', user_id: '😀', status: '\ud800' },
            { tags: [{ key: 'k\u00e9', value: 'line1\nline2' }] },
          ),
        ],
      }),
      '{"runs":[{"info":{"run_id":"\\u0072\\u0031","run_name":"\\/slash\\b\\f\\r"}}]}',
    ],
    'duplicate keys: the last wins, at every level': [
      '{"runs":[{"info":{"run_id":"a"}}],"runs":[{"info":{"run_id":"b","run_id":"c","status":"X"},"info":{"run_id":"d"}}]}',
      '{"runs":[{"info":{"run_id":"e"},"data":{"tags":[{"key":"1"}],"tags":[{"key":"2","key":"3"}],"params":[{"key":"p"}]},"data":{"metrics":[{"key":"m","value":1,"value":2}]}}]}',
    ],
    'missing, null and fallback fields': [
      '{"runs":[{"info":{"run_id":null,"run_uuid":"u1"}},{"info":{"run_uuid":"u2","run_id":"i2"}},{"info":{}},{},{"data":{}}]}',
      '{"runs":[]}',
      '{}',
      '{"next_page_token":"x"}',
    ],
    'shapes that are not what is expected': [
      '{"runs":[1,"x",null,true,[],[1,2],{"info":[1],"data":[2]},{"info":"s","data":{"tags":{"key":"x"},"params":[1,null,[],{"key":"k"}]}}]}',
      '{"runs":{"info":{"run_id":"x"}}}',
      '{"runs":"nope"}',
      '[{"runs":[{"info":{"run_id":"inside an array"}}]}]',
      '"a string page"',
      '42',
      'null',
    ],
    'objects and arrays where a scalar belongs become their JSON text': [
      '{"runs":[{"info":{"run_id":{"b":2, "a":[1, {"c":null}]},"run_name":[ 1 , 2 ],"status":{}}}]}',
    ],
    'numbers of every shape, and columns that mix kinds': [
      '{"runs":[{"info":{"run_id":"n","start_time":-0,"end_time":1e3},"data":{"metrics":[' +
        [
          '0',
          '-1',
          '0.1',
          '1.5e-7',
          '1E+2',
          '123456789012345678',
          '0.10000000000000001',
          '3.141592653589793',
          '1e400',
          '-1e400',
          '5e-324',
          '1.7976931348623157e308',
          '100000000000000000000000',
          '0.0000001234',
          '12345678901234567890.5',
        ]
          .map((v, i) => `{"key":"k${i}","value":${v},"timestamp":${i},"step":${i % 2 ? 'true' : 'false'}}`)
          .join(',') +
        ']}},{"info":{"run_id":7,"start_time":"later","experiment_id":true}}]}',
    ],
    'run (runs/get) next to runs, in either order': [
      '{"run":{"info":{"run_id":"single"},"data":{"tags":[{"key":"t","value":"v"}]}},"runs":[{"info":{"run_id":"listed"}}]}',
      '{"run":{"info":{"run_id":"first"}},"run":{"info":{"run_id":"second"}}}',
      '{"run":[1]}',
      '{"run":"x"}',
    ],
    'whitespace everywhere': [
      ' \n\t{ "runs" :\r\n [ { "info" : { "run_id" : "w" , "status" : "FINISHED" } , "data" : { "tags" : [ { "key" : "a" , "value" : "b" } ] } } ] } \n',
    ],
  };
  for (const [name, texts] of Object.entries(cases)) {
    it(`means what JSON.parse means: ${name}`, () => {
      expect(scan(texts)).toEqual(reference(texts));
    });
  }

  it('replaces invalid UTF-8 the way a text decoder does', () => {
    const bytes = new Uint8Array([...encoder.encode('{"runs":[{"info":{"run_id":"a'), 0xff, 0xc3, ...encoder.encode('b"}}]}')]);
    expect(scan([bytes])).toEqual(reference([decoder.decode(bytes)]));
    expect(scan([bytes])[0]!.rows[0]![0]).toBe('a\ufffd\ufffdb');
  });

  const malformed = [
    '',
    '{',
    '{"runs": [',
    '{"runs": [{"info": {"run_id": "r1"}}',
    '{"runs": [{"info": {"run_id": "r1}}]}',
    '{"runs": []} x',
    '{"runs": [],}',
    '{"runs": [,]}',
    '{runs: []}',
    "{'runs': []}",
    '{"runs": [01]}',
    '{"runs": [1.]}',
    '{"runs": [.5]}',
    '{"runs": [-]}',
    '{"runs": [1e]}',
    '{"runs": [NaN]}',
    '{"runs": [tru]}',
    '{"a": "\\x"}',
    '{"a": "\\u12g4"}',
    '{"a": "tab\there"}',
    '{"a" "b"}',
    '{"a": 1 "b": 2}',
    '[1 2]',
    '\ufeff{}',
    '{"runs": [{"info": {"run_id": "x"}, "data": {"tags": [{"key": "k", "value": }]}}]}',
  ];
  for (const text of malformed) {
    it(`refuses what JSON.parse refuses: ${JSON.stringify(text)}`, () => {
      expect(() => JSON.parse(text)).toThrow();
      expect(() => scan([text])).toThrow(JsonSyntaxError);
    });
  }

  it('says where a document stops being JSON, and keeps the pages before a broken one', () => {
    const scanner = new RunsPagesScanner();
    scanner.addPage(encoder.encode('{"runs":[{"info":{"run_id":"ok"}}]}'));
    expect(() => scanner.addPage(encoder.encode('{"runs":[{"info":{"run_id":"half"}},'))).toThrow(/at the end \(truncated\?\)/);
    expect(() => scanner.addPage(encoder.encode('{"runs":[{"info":{"run_id":"half"}}] ]'))).toThrow(/at byte 37/);
    expect(
      scanner
        .tables()[0]!
        .toArray()
        .map((r) => String(r.run_id)),
    ).toEqual(['ok']);
  });

  it('does not overflow the stack on deeply nested values it skips', () => {
    const deep = `{"other": ${'['.repeat(100_000)}${']'.repeat(100_000)}, "runs": [{"info": {"run_id": "deep"}}]}`;
    expect(scan([deep])[0]!.rows).toEqual([['deep', null, null, null, null, null, null, null, null]]);
  });

  it('agrees with JSON.parse on random documents and on random corruptions of them', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
    const scalar = (): unknown =>
      pick([
        () => null,
        () => random() < 0.5,
        () => Math.round(random() * 1e6) / pick([1, 10, 1000, 3]),
        () => pick(['x', 'é', 'a"b', '', 'run', '\n', '1']),
        () => ({ n: 1 }),
        () => [1, 'a'],
      ])();
    const maybe = (value: () => unknown) => (random() < 0.8 ? value() : scalar());
    const entry = (keys: string[]) => Object.fromEntries(keys.filter(() => random() < 0.9).map((k) => [k, scalar()]));
    const document = () => ({
      runs: Array.from({ length: Math.floor(random() * 4) }, () =>
        maybe(() => ({
          info: maybe(() =>
            Object.fromEntries([...RUNS_COLUMNS.runs, 'run_uuid', 'extra'].filter(() => random() < 0.7).map((k) => [k, scalar()])),
          ),
          data: maybe(() => ({
            tags: maybe(() => Array.from({ length: Math.floor(random() * 3) }, () => maybe(() => entry(['key', 'value'])))),
            metrics: maybe(() =>
              Array.from({ length: Math.floor(random() * 3) }, () => maybe(() => entry(['key', 'value', 'timestamp', 'step']))),
            ),
          })),
        })),
      ),
      ...(random() < 0.2 ? { run: { info: { run_id: 'single' } } } : {}),
    });
    for (let i = 0; i < 300; i++) {
      const text = JSON.stringify(document(), null, random() < 0.5 ? 1 : undefined);
      expect(scan([text])).toEqual(reference([text]));
      // The same document with one byte changed: both accept it with the same meaning, or both refuse it.
      const bytes = encoder.encode(text);
      bytes[Math.floor(random() * bytes.length)] = pick([...encoder.encode('{}[],:"\\ 0-.e9tfnx'), 0x80, 0x01]);
      let expected: EvidenceTable[] | null = null;
      try {
        expected = reference([decoder.decode(bytes)]);
      } catch {
        expected = null;
      }
      if (expected) expect(scan([bytes])).toEqual(expected);
      else expect(() => scan([bytes])).toThrow(JsonSyntaxError);
    }
  });
});
