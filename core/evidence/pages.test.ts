import { describe, expect, it } from 'vitest';
import { corpusDocument } from '../../test/helpers/secret-corpus';
import { cleanPage, pageText, pagesOfText, topLevelString } from './pages';
import { mayHoldStructuredSecrets, redactJsonValue } from './redaction';

const bytes = (text: string) => new TextEncoder().encode(text);
const run = (id: string, extra: Record<string, unknown> = {}) => ({ info: { run_id: id, status: 'FINISHED' }, ...extra });

/** The capture's text for pages cut as given. */
function textOf(pages: unknown[]): string {
  let header: string | null = null;
  let text = '';
  for (const page of pages) {
    const clean = cleanPage(JSON.stringify(page), { tokenKey: 'next_page_token' });
    const added = pageText(clean, header);
    header = added.header;
    text += added.text;
  }
  return text;
}

describe('pages as one text', () => {
  it('writes one item per line and the page header once, whatever the cut and the tokens', () => {
    const runs = [run('a'), run('b'), run('c')];
    const one = textOf([{ runs }]);
    const three = textOf([
      { runs: [runs[0]], next_page_token: 'x1' },
      { runs: [runs[1]], next_page_token: 'x2' },
      { runs: [runs[2]] },
      { next_page_token: 'x3' }, // an empty last page of some cuts
    ]);
    expect(three).toBe(one);
    expect(one.split('\n')).toEqual([
      '{"$page":{"items":"runs"}}',
      '{"info":{"run_id":"a","status":"FINISHED"}}',
      '{"info":{"run_id":"b","status":"FINISHED"}}',
      '{"info":{"run_id":"c","status":"FINISHED"}}',
      '',
    ]);
    expect(pagesOfText(one)).toEqual([{ runs }]);
  });

  it('keeps what a page says besides its items, and an array page as its items', () => {
    const text = textOf([
      { experiments: [{ id: '1' }], total: 2, next_page_token: 't' },
      { experiments: [{ id: '2' }], total: 2 },
    ]);
    expect(text.split('\n')[0]).toBe('{"$page":{"items":"experiments","fields":{"total":2}}}');
    expect(pagesOfText(text)).toEqual([{ total: 2, experiments: [{ id: '1' }, { id: '2' }] }]);
    expect(pagesOfText(textOf([[{ n: 1 }], [{ n: 2 }]]))).toEqual([[{ n: 1 }, { n: 2 }]]);
  });

  it('redacts by structure and by content, drops volatile keys, and says so', () => {
    const page = cleanPage(
      JSON.stringify({
        runs: [
          run('a', {
            data: {
              params: [{ key: 'db_password', value: 'hunter2-abc' }],
              tags: [{ key: 'note', value: 'pushed with ghp_' + 'a1B2'.repeat(9) }],
            },
          }),
        ],
        ResponseMetadata: { RequestId: 'r-1' },
        next_page_token: 'abc',
      }),
      { tokenKey: 'next_page_token', secrets: ['known-value-1234'] },
    );
    expect(page.lines).not.toContain('hunter2-abc');
    expect(page.lines).not.toContain('ghp_');
    expect(page.redactions.map((r) => r.what).sort()).toEqual(['GitHub token', 'secret field']);
    expect(page.dropped).toEqual(['ResponseMetadata']);
    expect(page.header).toBe('{"$page":{"items":"runs"}}');
  });

  it('refuses a page that is not JSON', () => {
    expect(() => cleanPage('{"runs": [{"info": ')).toThrow(SyntaxError);
  });

  it('skips the structural walk only for text with nothing it could redact', () => {
    // Every piece of the corpus documents (each member of the JSON, each NDJSON line) that the walk
    // redacts something in is let through by the prefilter.
    const pieces = [
      ...Object.entries(JSON.parse(corpusDocument('json')) as Record<string, unknown>).map(([k, v]) => JSON.stringify({ [k]: v })),
      ...corpusDocument('ndjson').split('\n').filter(Boolean),
    ];
    let walked = 0;
    for (const piece of pieces) {
      if (!redactJsonValue(JSON.parse(piece)).redactions.length) continue;
      walked++;
      expect(mayHoldStructuredSecrets(piece), piece.slice(0, 80)).toBe(true);
    }
    expect(walked).toBeGreaterThan(5);
    expect(mayHoldStructuredSecrets('{"runs":[{"info":{"run_id":"a"}}],"next_page_token":"eyJ"}')).toBe(false);
    expect(mayHoldStructuredSecrets('{"runs":[{"key":"api_token","value":"x"}]}')).toBe(true);
    expect(mayHoldStructuredSecrets('{"k":"\\u0070assword"}')).toBe(true);
    expect(mayHoldStructuredSecrets('{"API_\u212AEY":"x"}')).toBe(true); // a Kelvin sign, which isSecretName reads as k
    // JSON inside a string is walked too, and what the walk finds there shows by its words outside.
    const embedded = (inner: unknown) => JSON.stringify({ tags: [{ key: 'mlflow.log-model.history', value: JSON.stringify(inner) }] });
    // As in most real pages of runs: a logged model's history, a path in a value.
    const plain = embedded([{ run_id: 'a', artifact_path: 'model', flavors: { python_function: { env: 'conda.yaml' } } }]).replace(
      '"tags":[',
      '"tags":[{"key":"mlflow.source.name","value":"/home/ci/pat/train.py"},',
    );
    expect(redactJsonValue(JSON.parse(plain)).redactions).toEqual([]);
    expect(mayHoldStructuredSecrets(plain)).toBe(false);
    for (const inner of [
      { db_password: 'hunter2' },
      { kind: 'Secret', data: { a: 'aHVudGVyMg==' } },
      { 'api_\u212Aey': 'hunter2' },
      [{ name: 'TOKEN', value: 'hunter2' }],
    ]) {
      expect(redactJsonValue(JSON.parse(embedded(inner))).redactions.length, JSON.stringify(inner)).toBeGreaterThan(0);
      expect(mayHoldStructuredSecrets(embedded(inner)), JSON.stringify(inner)).toBe(true);
      const twice = JSON.stringify({ outer: JSON.stringify({ value: embedded(inner) }) }); // a string in a string
      expect(mayHoldStructuredSecrets(twice), twice).toBe(true);
    }
  });
});

describe('topLevelString', () => {
  it('reads the page token at the end, or anywhere at the top level, never a nested one', () => {
    expect(topLevelString(bytes('{"runs":[{"next_page_token":"nested"}],"next_page_token":"eyJvZmZzZXQiOjJ9"}'), 'next_page_token')).toBe(
      'eyJvZmZzZXQiOjJ9',
    );
    expect(topLevelString(bytes('{ "next_page_token" : "first\\"q" , "runs": [ {"next_page_token": "no"} ] }\n'), 'next_page_token')).toBe(
      'first"q',
    );
    expect(topLevelString(bytes('{"runs":[{"next_page_token":"nested"}]}'), 'next_page_token')).toBeNull();
    expect(topLevelString(bytes('{"runs":[],"note":"ends with \\"next_page_token\\": \\"x\\""}'), 'next_page_token')).toBeNull();
    expect(topLevelString(bytes('[{"next_page_token":"x"}]'), 'next_page_token')).toBeNull();
  });
});
