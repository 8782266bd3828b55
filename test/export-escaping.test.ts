// Every user string escaped in every export: hostile payloads (HTML, event handlers, javascript:
// links, backticks, pipes) are written into every free-text field of the demo workbook — labels,
// parameters, pillars, cells, commands, gaps, verdicts, committee notes, changelog — and the
// report, the issue drafts and the delta document are rendered as GitHub would, through
// markdown-it with raw HTML allowed: no element, attribute or link the strings did not ask for as text.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportIssues, prepareExport } from '../core/exports';
import { fixedClock } from '../core/ports';
import { deltaDocument } from '../core/report/delta-document';
import { renderReport } from '../core/report/report';
import { validateWorkbook, type FormatError } from '../core/workbook/file-format';
import { nodeFileSystem as fs } from '../node/node-file-system';
import { copyFixture } from './helpers/workbooks';

const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '<svg onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<details open ontoggle=alert(1)>',
  '<a href="javascript:alert(1)">click</a>',
  '[click](javascript:alert(1))',
  '<javascript:alert(1)>',
  '![x](x" onerror="alert(1))',
  '<IMG SRC=x ONERROR=alert(1)>',
  '<img/src=x/onerror=alert(1)>',
  '<<img src=x onerror=alert(1)>',
  '`<img src=x onerror=alert(1)>',
  '`` <img src=x onerror=alert(1)> ``',
  '| <img src=x onerror=alert(1)> |',
  '```\n<script>alert(1)</script>\n```',
  '<!-- <img src=x onerror=alert(1)> -->',
  '<style>*{display:none}</style>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '&lt;img src=x onerror=alert(1)&gt;',
  '\\<img src=x onerror=alert(1)>',
  '<object data="javascript:alert(1)">',
  '<body onload=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
];

// Random strings of the pieces markup is made of, seeded so that a failure can be replayed.
const PIECES = [
  '<',
  '>',
  '</',
  '`',
  '``',
  '|',
  '*',
  '_',
  '[',
  ']',
  '(',
  ')',
  '!',
  '&',
  '"',
  "'",
  '\n',
  ' ',
  'script',
  'img src=x',
  ' onerror=alert(1)',
  'javascript:',
  'svg',
  '<!--',
  '-->',
  '\\',
  '#',
  '~~~',
  '```',
];
function randomMarkup(seed: number): string {
  let x = seed * 7919 + 1;
  const next = () => ((x = (x * 1103515245 + 12345) % 2147483648), x);
  return Array.from({ length: 8 + (next() % 24) }, () => PIECES[next() % PIECES.length]).join('');
}

// Free text in the workbook format: every key whose value a person writes.
const FREE_TEXT = new Set(
  'title scope auditor description markdown principle source condition method stateObserved justification note fix closingCriteria summary message rows reason approver items notes'.split(
    ' ',
  ),
);

function plant(value: unknown, payload: (n: number) => string, counter = { n: 0 }): unknown {
  if (Array.isArray(value)) return value.map((v) => plant(v, payload, counter));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      // `method` is prose on a pillar, an HTTP verb on a rest cell.
      if (FREE_TEXT.has(k) && typeof v === 'string' && !/^(GET|HEAD|POST|PUT|PATCH|DELETE)$/.test(v))
        return [k, `${v} ${payload(counter.n++)}`];
      if (FREE_TEXT.has(k) && Array.isArray(v) && v.every((x) => typeof x === 'string'))
        return [k, v.map((x) => `${x} ${payload(counter.n++)}`)];
      return [k, plant(v, payload, counter)];
    }),
  );
}

let copy: { dir: string; cleanup: () => Promise<void> };
let outputs: { name: string; markdown: string }[] = [];

beforeAll(async () => {
  copy = await copyFixture('demo-helix-backbone');
  const file = join(copy.dir, 'workbook.json');
  const raw = JSON.parse(await readFile(file, 'utf8'));
  // Even fields get a known attack, odd ones a random string of markup pieces.
  const payload = (n: number) => (n % 2 === 0 ? PAYLOADS[(n / 2) % PAYLOADS.length]! : randomMarkup(n));
  const planted = plant(raw, payload) as Record<string, unknown>;
  planted['severityLabels'] = { Critical: payload(0), Major: payload(1), Minor: payload(2) };
  for (const [i, p] of (planted['parameters'] as { value?: string; description?: string }[]).entries()) {
    if (p.value !== undefined) p.value = `${p.value}${payload(i + 3)}`;
  }
  for (const pillar of planted['pillars'] as { name: string; cells: { title: string }[] }[]) {
    pillar.name = `${pillar.name} ${payload(5)}`;
    for (const [i, cell] of pillar.cells.entries()) cell.title = `${cell.title} ${payload(i + 7)}`;
  }
  try {
    validateWorkbook(planted, file);
  } catch (error) {
    throw new Error(`the planted workbook must stay valid: ${(error as FormatError).message}`);
  }
  await writeFile(file, JSON.stringify(planted, null, 2));
  const clock = fixedClock('2026-12-06T10:00:00Z');
  const context = await prepareExport(fs, copy.dir, clock);
  const issues = await exportIssues(fs, copy.dir, clock, join(copy.dir, '../drafts'));
  const delta = await deltaDocument(fs, copy.dir, 1, 'current');
  outputs = [
    { name: 'report', markdown: renderReport(context) },
    ...issues.drafts.drafts.map((d) => ({ name: `issue ${d.title.slice(0, 40)}`, markdown: d.body })),
    { name: 'delta', markdown: delta.markdown },
  ];
});
afterAll(() => copy?.cleanup());

const FORBIDDEN_TAG = /<(script|img|svg|iframe|details|style|math|object|embed|body|input|form|video|audio|meta|link|base|mglyph|mtext)\b/i;
const HANDLER = /<[a-z][^>]*\son[a-z]+\s*=/i;
const SCRIPT_URL = /(?:href|src|data)\s*=\s*["']?\s*javascript:/i;

describe('user text in the exports', () => {
  it('renders, as GitHub would, into no element, handler or script link the text did not ask for', () => {
    const md = new MarkdownIt({ html: true, linkify: true });
    const found: string[] = [];
    expect(outputs.length).toBeGreaterThan(3);
    for (const { name, markdown } of outputs) {
      const html = md.render(markdown);
      for (const [what, re] of [
        ['element', FORBIDDEN_TAG],
        ['event handler', HANDLER],
        ['javascript: link', SCRIPT_URL],
      ] as const) {
        const m = re.exec(html);
        if (m) found.push(`${name}: ${what} …${html.slice(Math.max(0, m.index - 60), m.index + 60).replace(/\n/g, ' ')}…`);
      }
    }
    expect(found).toEqual([]);
  });

  it('keeps the planted text readable as text', () => {
    const report = outputs[0]!.markdown;
    const html = new MarkdownIt({ html: true }).render(report);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
