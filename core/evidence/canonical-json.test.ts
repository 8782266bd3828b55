import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';
import { cleanPage, cleanPageBytes } from './pages';
import { mayHoldStructuredSecrets } from './redaction';

const utf8 = (text: string) => new TextEncoder().encode(text);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
/** What the reader must give: JSON.parse then JSON.stringify. */
const reference = (json: string) => JSON.stringify(JSON.parse(json));

/** Indented, and beyond ASCII escaped, as MLflow writes its answers (json.dumps indent=2). */
const pythonLike = (value: unknown) =>
  JSON.stringify(value, null, 2).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A small deterministic generator (the same cases every run). */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

const NUMBERS = [
  '0',
  '-0',
  '1',
  '-17',
  '123456789012345',
  '1234567890123456',
  '12345678901234567890',
  '0.5',
  '-0.25',
  '1.0',
  '1.50',
  '0.000001',
  '0.0000001',
  '0.0001234',
  '1e3',
  '1E+3',
  '1e-7',
  '-1.5e-10',
  '2.5e21',
  '1e400',
  '-1e400',
  '0.1234567890123456',
  '0.3333333333333333',
  '9007199254740993',
  '3.14159265358979',
  '100000000000000000000',
  '1e21',
  '5e-324',
  '0e0',
  '-0.0',
];
const STRINGS = [
  '',
  'plain',
  'with space',
  'quote \\" in',
  'back\\\\slash',
  'slash \\/ escaped',
  'tab\\t nl\\n cr\\r ff\\f bs\\b',
  '\\u0041\\u00e9\\u4e2d',
  '\\ud83d\\ude00 pair',
  '\\ud800 lone high',
  '\\udc00 lone low',
  '\\u001f ctl',
  '\\u007f del',
  'é raw',
  '中文 raw',
  '😀 raw',
  '\\u2028 line sep',
  '__proto__',
  'DEL \u007f raw',
];

function randomValue(next: () => number, depth: number): string {
  const r = next();
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
  const ws = () => pick(['', '', ' ', '\n  ', '\t', '\r\n']);
  if (depth > 3 || r < 0.3) return `"${pick(STRINGS)}"`;
  if (r < 0.5) return pick(NUMBERS);
  if (r < 0.55) return pick(['true', 'false', 'null']);
  if (r < 0.75) {
    const n = Math.floor(next() * 4);
    return `[${ws()}${Array.from({ length: n }, () => randomValue(next, depth + 1)).join(`${ws()},${ws()}`)}${ws()}]`;
  }
  const keys = new Set<string>();
  const n = Math.floor(next() * 5);
  for (let i = 0; i < n; i++) keys.add(pick([...STRINGS, 'run_id', 'key', 'value', 'b', 'a']));
  return `{${ws()}${[...keys].map((k) => `"${k}"${ws()}:${ws()}${randomValue(next, depth + 1)}`).join(`,${ws()}`)}${ws()}}`;
}

describe('canonicalJson', () => {
  it('gives the bytes of JSON.stringify(JSON.parse(text)) for every value it accepts', () => {
    const next = random(7);
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      const json = randomValue(next, 0);
      const doc = canonicalJson(utf8(`[${json}]`));
      expect(doc, json).not.toBeNull(); // no duplicate or index keys are generated
      expect(text(doc!.bytes), json).toBe(reference(`[${json}]`));
      expect(doc!.ascii, json).toBe(doc!.bytes.every((b) => b < 0x80));
      accepted++;
    }
    expect(accepted).toBe(3000);
    for (const n of NUMBERS) expect(text(canonicalJson(utf8(`[${n}]`))!.bytes), n).toBe(reference(`[${n}]`));
  });

  it('declines what JSON.parse would not keep as written, and what is not JSON', () => {
    for (const json of [
      '{"a":1,"a":2}', // the last value at the first place
      '{"a":1,"b":{"a":1,"a":2}}',
      '{"\\u0061":1,"a":2}', // the same name spelt two ways
      '{"b":1,"10":2,"2":3}', // array indices come first
      '[1,]',
      '[01]',
      '[1.]',
      '[.5]',
      '[-]',
      '[1e]',
      '["a]',
      '["a\tb"]',
      '[tru]',
      '[1] 2',
      '',
      '   ',
      '"just a string"',
      '42',
      '[' + '['.repeat(300) + ']'.repeat(300) + ']', // deeper than the reader recurses
      '[\uFEFF1]',
      '\uFEFF[1]',
    ]) {
      expect(canonicalJson(utf8(json)), json).toBeNull();
    }
    // Not indices, so kept in their place: an empty name, a leading zero, and other names.
    expect(text(canonicalJson(utf8('{"b":1,"":2,"01":3}'))!.bytes)).toBe('{"b":1,"":2,"01":3}');
  });

  it('replaces bytes that are not UTF-8 as TextDecoder does', () => {
    const bytes = new Uint8Array([0x5b, 0x22, 0x61, 0xff, 0x62, 0xc3, 0x22, 0x5d]); // ["a\xffb\xc3"]
    expect(text(canonicalJson(bytes)!.bytes)).toBe(reference(new TextDecoder().decode(bytes)));
  });

  it('notes the top-level members and where the items of an array member end', () => {
    const doc = canonicalJson(utf8('{ "runs" : [ {"a": 1}, {"b": [2, 3]} ], "next_page_token": "x", "n": [1] }'))!;
    expect(doc.members.map((m) => [m.key, m.objectArray, text(doc.bytes.subarray(m.start, m.end))])).toEqual([
      ['runs', true, '[{"a":1},{"b":[2,3]}]'],
      ['next_page_token', false, '"x"'],
      ['n', false, '[1]'],
    ]);
    expect(doc.members[0]!.elementEnds!.map((e) => String.fromCharCode(doc.bytes[e]!))).toEqual([',', ']']);
  });
});

describe('cleanPageBytes', () => {
  const pages = [
    {
      runs: [{ info: { run_id: 'a', start_time: 1714000000000 }, data: { metrics: [{ key: 'auc', value: 0.3333333333333333 }] } }],
      next_page_token: 't',
    },
    { experiments: [{ id: '1', name: 'é \u2028' }], total: 2, next_page_token: 't' },
    [{ n: 1 }, 2, 'three'],
    { runs: [], next_page_token: 't' },
    { runs: [{ a: 1 }], more: [{ b: 2 }] }, // two lists of objects: no items key
    { runs: [{ data: { params: [{ key: 'db_password', value: 'hunter2-abc' }] } }] }, // a secret by structure
    { items: [{ metadata: { name: 'x', resourceVersion: '12' } }] }, // a volatile key
    { runs: [{ data: { tags: [{ key: 'note', value: 'token ghp_' + 'a1B2'.repeat(9) }] } }] }, // a token by content
    { runs: [{ info: { run_id: 'b' } }], nested: { deep: { list: [1, { x: null }] } } },
  ];

  it('gives the same page as parsing it, compact or indented as MLflow writes it', () => {
    for (const page of pages) {
      for (const json of [JSON.stringify(page), JSON.stringify(page, null, 2)]) {
        const options = { tokenKey: 'next_page_token', secrets: ['hunter2-abc'] };
        const { lines, ...slow } = cleanPage(json, options);
        const { bytes, ...fast } = cleanPageBytes(utf8(json), options);
        expect(fast, json).toEqual(slow);
        expect(text(bytes), json).toBe(lines);
      }
    }
  });

  it('gives the same page when its lines are redacted a slice at a time (a page of thousands of runs)', () => {
    const note = (i: number) =>
      i === 10 ? 'called with Bearer abc.def-123456' : i === 1500 ? 'uses hunter2-abc' : i === 2500 ? `ghp_${'a1B2'.repeat(9)}` : `n${i}`;
    const page = {
      runs: Array.from({ length: 3000 }, (_, i) => ({
        info: { run_id: i.toString(16).padStart(32, '0'), artifact_uri: `s3://mlflow/${i}/artifacts` },
        data: { tags: [{ key: 'note', value: note(i) }], metrics: [{ key: 'loss', value: 1 / (i + 1) }] },
      })),
      next_page_token: 'abc',
    };
    const json = JSON.stringify(page);
    expect(json.length).toBeGreaterThan(4 * 64 * 1024); // several slices
    expect(mayHoldStructuredSecrets(json)).toBe(false); // so the page is read by canonicalJson, not parsed
    const options = { tokenKey: 'next_page_token', secrets: ['hunter2-abc'] };
    const { lines, ...slow } = cleanPage(json, options);
    const { bytes, ...fast } = cleanPageBytes(utf8(json), options);
    expect(fast).toEqual(slow); // the redactions too, in the same order
    expect(slow.redactions.map((r) => r.what)).toEqual(['secret parameter value', 'bearer token', 'GitHub token']);
    expect(text(bytes)).toBe(lines);
  });

  it('gives the same page where a rule reaches across lines or into the dropped token, and for names objects have', () => {
    // A key of 1,500 lines (≈ 120 KB of lines): whatever the cut, it falls in more than one 64 KB slice.
    const pem = [
      '-----BEGIN RSA PRIVATE KEY-----',
      ...Array.from({ length: 1500 }, (_, i) => `MIIEpAIB${'Q'.repeat(56)}${i}`),
      '-----END RSA PRIVATE KEY-----',
    ];
    const log = [...Array.from({ length: 600 }, (_, i) => `log line ${i} ${'x'.repeat(40)}`), ...pem, 'done'];
    const pages = [
      { entries: log.map((message) => ({ message })) }, // a PEM file paged a line per item
      { runs: [{ name: 'café', h: 'X-Sync-Token: abc123' }], next_page_token: 't' },
      { runs: [{ a: 1 }], next_page_token: JSON.stringify({ password: 'hunter2' }) },
      { runs: [{ __proto__: { a: 1 }, b: 'managedFields', constructor: 'c', toString: 't' }] },
      { items: [{ constructor: 'kept', resourceVersion: '1' }] },
      // A long s: an s to the walk's cursor words under Unicode folding, not to isSecretName (a review's case).
      { runs: [{ info: { run_id: 'a' }, data: { tags: [{ key: '\u017fync_token', value: 'hunter2' }] } }] },
      { runs: [{ '\u017ftart-token': 'hunter2', x: 'é' }] },
    ];
    for (const page of pages) {
      for (const json of [JSON.stringify(page), pythonLike(page)]) {
        const options = { tokenKey: 'next_page_token' };
        const { lines, ...slow } = cleanPage(json, options);
        const { bytes, ...fast } = cleanPageBytes(utf8(json), options);
        expect(fast, json.slice(0, 200)).toEqual(slow);
        expect(text(bytes)).toBe(lines);
      }
    }
    const first = cleanPage(JSON.stringify(pages[0]), {});
    expect(first.redactions.map((r) => r.what)).toContain('private key');
    expect(first.lines).not.toContain('MIIEpAIB');
    expect(cleanPage(JSON.stringify(pages[1]), {}).lines).not.toContain('abc123');
    expect(cleanPage(JSON.stringify(pages[4]), {}).lines).toBe('{"constructor":"kept"}\n');
    for (const page of pages.slice(5))
      for (const json of [JSON.stringify(page), pythonLike(page)]) expect(text(cleanPageBytes(utf8(json)).bytes)).not.toContain('hunter2');
    // A page token named like a secret: the walk would count it, so the page is walked.
    const named = JSON.stringify({ items: [{ a: 1 }], PaginationToken: 'abc' });
    const { lines: _lines, ...slow } = cleanPage(named, { tokenKey: 'PaginationToken' });
    const { bytes: _bytes, ...fast } = cleanPageBytes(utf8(named), { tokenKey: 'PaginationToken' });
    expect(fast).toEqual(slow);
    expect(slow.redactions).toEqual([{ where: 'output', what: 'secret field', count: 1 }]);
  });

  it('throws what JSON.parse throws for a page that is not JSON', () => {
    expect(() => cleanPageBytes(utf8('{"runs": [{"info": {"run_id": "a"'))).toThrow(SyntaxError);
  });
});
