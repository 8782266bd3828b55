// The HTML and PDF report of the demo workbook: one self-contained file that fetches nothing, with
// the four charts drawn from the workbook's gaps and versions, the same bytes twice; the PDF printed
// from it by the system's Chromium carries the audit's title and "page / pages" on every page.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportReportHtml, prepareExport, type ExportContext } from '../core/exports';
import { fixedClock } from '../core/ports';
import { compositeBins, scoredActiveGaps } from '../core/report/html-charts';
import { cssString, renderReportHtml } from '../core/report/report-html';
import { compareGapIds, severityCounts } from '../core/scoring';
import { nodeFileSystem as fs } from '../node/node-file-system';
import { dispatch } from '../node/api/handlers';
import { exportReportPdf, stableStructureIds } from '../node/report/pdf';
import { CHROMIUM, RESULTS, chromiumAvailable, launchChromium } from './helpers/browser-shell';
import { copyFixture, makeWorkbook } from './helpers/workbooks';

const CLOCK = fixedClock('2026-05-01T12:00:00Z');
let dir: string;
let cleanup: () => Promise<void>;
let context: ExportContext;
let html: string;

beforeAll(async () => {
  ({ dir, cleanup } = await copyFixture('demo-helix-backbone'));
  context = await prepareExport(fs, dir, CLOCK);
  html = renderReportHtml(context);
});
afterAll(() => cleanup());

interface Tag {
  name: string;
  attrs: [string, string][];
}

/** Every start tag with its attributes (the HTML is ours: attribute values are always quoted). */
function tags(page: string): Tag[] {
  return [...page.matchAll(/<([a-zA-Z][\w:-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*\/?>/g)].map((m) => ({
    name: m[1]!.toLowerCase(),
    attrs: [...m[2]!.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)].map((a) => [a[1]!.toLowerCase(), a[2] ?? ''] as [string, string]),
  }));
}

/** The element `<tag … id="id" …>…</tag>` (no nesting of the same tag inside: an svg holds none). */
function element(page: string, tag: string, id: string): string {
  const start = page.indexOf(`<${tag} `, page.indexOf(`id="${id}"`) - 400);
  const open = page.slice(start).search(new RegExp(`<${tag}[^>]*id="${id}"`));
  const from = start + open;
  return page.slice(from, page.indexOf(`</${tag}>`, from) + tag.length + 3);
}

describe('HTML report', () => {
  it('fetches nothing: no src, no stylesheet link or script, no remote url() or @import, links only to its own anchors', () => {
    const all = tags(html);
    expect(all.length).toBeGreaterThan(500);
    expect(all.filter((t) => ['script', 'link', 'iframe', 'img', 'object', 'embed', 'image', 'use', 'base'].includes(t.name))).toEqual([]);
    for (const t of all) {
      for (const [name, value] of t.attrs) {
        expect(name, `<${t.name} ${name}>`).not.toMatch(/^(src|srcset|poster|action|formaction|background|on\w+)$/);
        if (name === 'href' || name === 'xlink:href') expect(value, `<${t.name} ${name}="${value}">`).toMatch(/^#[\w-]+$/);
        if (name !== 'xmlns') expect(value, `<${t.name} ${name}="${value}">`).not.toMatch(/(https?:)?\/\/|url\(\s*['"]?(?!#)/i);
      }
    }
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!).join('\n');
    expect(styles).not.toMatch(/@import|@font-face|url\(/i);
    expect(styles).toContain('font-family: system-ui');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    // Every anchor the page links to is on the page (the contents and the summary's pillar links).
    const ids = new Set(all.flatMap((t) => t.attrs.filter(([n]) => n === 'id').map(([, v]) => v)));
    for (const t of all) for (const [n, v] of t.attrs) if (n === 'href') expect(ids, v).toContain(v.slice(1));
  });

  it('holds the report text and a table of contents linking every section', () => {
    expect(html).toContain('<h1 id="helix-capital--mlflow-backbone-audit">Helix Capital — MLflow backbone audit</h1>');
    const toc = element(html, 'nav', 'contents');
    for (const section of ['Summary', 'Pillars', 'Risk register', 'Backlog', 'Verdicts'])
      expect(toc).toMatch(new RegExp(`<a href="#[^"]+">${section}</a>`));
    expect(toc).toContain('<a href="#pillar-7--access-control--security-rbac">Pillar 7 — Access Control &amp; Security (RBAC)</a>');
    expect(html).not.toContain('```mermaid');
    expect(html).not.toContain('&lt;br&gt;'); // the report's own line breaks in table cells are breaks
  });

  it('draws the risk matrix: one dot per open scored gap, by id, sized by compliance and coloured by severity', () => {
    const svg = element(html, 'svg', 'chart-risk-matrix');
    expect(svg).toMatch(/<title id="chart-risk-matrix-title">Risk matrix: P&amp;L impact × operational stability<\/title>/);
    expect(svg).toContain('<desc id="chart-risk-matrix-desc">');
    const dots = [...svg.matchAll(/<g class="dot" data-gap="([^"]+)" data-severity="(\w+)">[\s\S]*?r="(\d+)"[\s\S]*?<\/g>/g)];
    const expected = scoredActiveGaps(context.workbook);
    expect(dots.map((d) => d[1]!).sort(compareGapIds)).toEqual(expected.map((g) => g.id));
    expect(dots.map((d) => d[1]!).sort(compareGapIds)).toEqual([
      'GAP-01',
      'GAP-02',
      'GAP-03',
      'GAP-04',
      'GAP-05',
      'GAP-06',
      'GAP-07',
      'GAP-08',
      'GAP-09',
      'GAP-10',
      'GAP-11',
    ]);
    const gap04 = dots.find((d) => d[1] === 'GAP-04')!; // Critical, High/High/High
    expect([gap04[2], gap04[3]]).toEqual(['Critical', '12']);
    const gap11 = dots.find((d) => d[1] === 'GAP-11')!; // Major, Low/Low/Low
    expect([gap11[2], gap11[3]]).toEqual(['Major', '6']);
    for (const g of expected) expect(svg).toContain(`>${g.id}</text>`);
  });

  it('draws gaps by severity per pillar, the composite histogram and the version chain', () => {
    const bars = element(html, 'svg', 'chart-severity-bars');
    const drawn = [...bars.matchAll(/data-pillar="(\d+)" data-severity="(\w+)" data-count="(\d+)"/g)].map((m) => `${m[1]}:${m[2]}:${m[3]}`);
    const expected = context.workbook.pillars.flatMap((p) =>
      Object.entries(severityCounts(context.workbook, p.number)).flatMap(([s, c]) => (c ? [`${p.number}:${s}:${c}`] : [])),
    );
    expect([...drawn].sort()).toEqual([...expected].sort());
    expect(drawn).toContain('7:Critical:2');
    expect(drawn).toContain('7:Major:1');

    const histogram = element(html, 'svg', 'chart-composite-histogram');
    const binsDrawn = [...histogram.matchAll(/data-from="([\d.]+)" data-count="(\d+)"/g)].map((m) => `${m[1]}:${m[2]}`);
    const bins = compositeBins(context.workbook).filter((b) => b.gaps.length);
    expect(binsDrawn).toEqual(bins.map((b) => `${b.from.toFixed(2)}:${b.gaps.length}`));
    expect(bins.reduce((n, b) => n + b.gaps.length, 0)).toBe(11);

    const chain = element(html, 'svg', 'chart-version-chain');
    const v1 = context.workbook.versions[0]!;
    expect(chain).toContain('data-version="v1"');
    expect(chain).toContain(`>${v1.publishedAt.slice(0, 10)}</text>`);
    expect(chain).toContain(`>${v1.hash.slice(0, 12)}</text>`);
    for (const id of ['chart-severity-bars', 'chart-composite-histogram', 'chart-version-chain']) {
      expect(html).toMatch(new RegExp(`<svg [^>]*id="${id}" [^>]*role="img"[^>]*aria-labelledby="${id}-title ${id}-desc"`));
    }
  });

  it('gives the same bytes twice, to the workbook exports/ as <name>-v<N>.html', async () => {
    expect(renderReportHtml(await prepareExport(fs, dir, CLOCK))).toBe(html);
    const first = await exportReportHtml(fs, dir, CLOCK);
    const second = await exportReportHtml(fs, dir, CLOCK);
    expect(first.path).toBe(join(dir, 'exports', 'helix-capital-mlflow-backbone-audit-v1.html'));
    expect(readFileSync(second.path, 'utf8')).toBe(first.html);
    expect(first.html).toBe(html);
  });

  it('keeps hostile text inert: titles, pillar names, gap titles and severity labels are text in the page and the charts', () => {
    const evil = `</style></title><script>alert(1)</script><img src=x onerror=alert(1)>" ' & ]]>`;
    const base = makeWorkbook({ title: evil, severityLabels: { Critical: evil, Major: 'M', Minor: 'm' } }, [
      { title: evil, severity: 'Critical', scores: { pnl: 'High', ops: 'Low', compliance: 'Med' } },
      { title: 'plain', pillar: 2, scores: { pnl: 'Low', ops: 'Low', compliance: 'Low' } },
    ]);
    const wb = { ...base, pillars: base.pillars.map((p) => ({ ...p, name: `${p.name} ${evil}` })) };
    const page = renderReportHtml({ workbook: wb, state: { kind: 'draft', number: 1, after: null } });
    const all = tags(page);
    expect(all.filter((t) => ['script', 'img', 'iframe', 'link'].includes(t.name))).toEqual([]);
    expect(all.flatMap((t) => t.attrs.filter(([n]) => /^on/.test(n)))).toEqual([]);
    expect(page.match(/<\/style>/g)).toHaveLength(1);
    expect(page.match(/<\/title>/g)?.length).toBe(1 + 4 + 2 + 2 + 2); // the page's, each chart's, each dot's, bar's and bin's
    expect(element(page, 'svg', 'chart-risk-matrix')).toContain('&lt;/style&gt;&lt;/title&gt;&lt;script&gt;');
  });

  it('puts any title into the page header as a CSS string that cannot end it', () => {
    expect(cssString('A "quoted" \\ </style> title\n')).toBe('"A \\22 quoted\\22  \\5c  \\3c /style\\3e  title\\a "');
  });
});

describe('report:export, as the app calls it', () => {
  it('writes the HTML beside the Markdown, and a PDF through the printer the platform gives (Electron: printToPDF)', async () => {
    const ctx = { clock: CLOCK, env: {} };
    const out = join(dir, 'exports', 'from-app.html');
    const html = await dispatch('report:export', { dir, out, format: 'html' }, ctx);
    expect(html).toMatchObject({ data: { path: out, format: 'html' } });
    expect(readFileSync(out, 'utf8')).toBe(renderReportHtml(context));
    const printed: string[] = [];
    const print = async (page: string) => (printed.push(page), new TextEncoder().encode('%PDF-1.4 (node00000042)'));
    const pdf = await dispatch('report:export', { dir, format: 'pdf' }, { ...ctx, printPdf: print });
    const path = join(dir, 'exports', 'helix-capital-mlflow-backbone-audit-v1.pdf');
    expect(pdf).toMatchObject({ data: { path, format: 'pdf' } });
    expect(printed).toEqual([renderReportHtml(context)]);
    expect(readFileSync(path, 'latin1')).toBe('%PDF-1.4 (node00000001)');
    // No printer and no Chromium on PATH: a message that says what to install or name.
    const none = await dispatch('report:export', { dir, format: 'pdf' }, { clock: CLOCK, env: { PATH: join(dir, 'empty') } });
    expect(none).toMatchObject({ error: { message: expect.stringMatching(/No Chromium found on PATH/) } });
    expect(await dispatch('report:export', { dir, format: 'docx' }, ctx)).toMatchObject({ error: { kind: 'invalid-request' } });
  });
});

describe('PDF structure ids', () => {
  it('are renumbered by rank, so a print with a DOM node more before it gives the same bytes', () => {
    const pdf = (ids: number[]) =>
      new TextEncoder().encode(
        `/Names [${ids.map((n) => `(node${String(n).padStart(8, '0')}) 1 0 R`).join(' ')}] /Headers [(node${String(ids[1]).padStart(8, '0')})]`,
      );
    const a = stableStructureIds(pdf([17, 18, 307]));
    expect(new TextDecoder().decode(a)).toBe(
      '/Names [(node00000001) 1 0 R (node00000002) 1 0 R (node00000003) 1 0 R] /Headers [(node00000002)]',
    );
    expect(stableStructureIds(pdf([18, 19, 307]))).toEqual(a);
    expect(a.length).toBe(pdf([17, 18, 307]).length);
  });
});

describe.skipIf(!chromiumAvailable())('HTML report in Chromium, and the PDF', () => {
  it('loads nothing but itself and shows the four charts', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.setContent(html, { waitUntil: 'load' });
      expect(requests.filter((u) => !u.startsWith('data:'))).toEqual([]);
      const charts = await page.locator('svg.chart').evaluateAll((svgs) =>
        svgs.map((s) => ({
          id: s.id,
          width: Math.round(s.getBoundingClientRect().width),
          dots: s.querySelectorAll('g.dot circle').length,
        })),
      );
      expect(charts.map((c) => c.id)).toEqual([
        'chart-risk-matrix',
        'chart-severity-bars',
        'chart-composite-histogram',
        'chart-version-chain',
      ]);
      expect(charts[0]!.dots).toBe(11);
      for (const c of charts) expect(c.width).toBeGreaterThan(200);
      mkdirSync(RESULTS, { recursive: true });
      await page.screenshot({ path: join(RESULTS, 'report-html.png'), fullPage: false });
    } finally {
      await browser.close();
    }
  });

  it('prints a PDF with the title and version atop every page, "n / N" below, the same apart from its dates', async () => {
    const out = join(dir, 'report.pdf');
    // Printed twice at once (two Chromiums): only the creation and modification dates may differ.
    const [{ path }, again] = await Promise.all([
      exportReportPdf(dir, CLOCK, { outFile: out, chromium: CHROMIUM }),
      exportReportPdf(dir, CLOCK, { outFile: join(dir, 'again.pdf'), chromium: CHROMIUM }),
    ]);
    expect(path).toBe(out);
    const bytes = readFileSync(out);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const info = execFileSync('pdfinfo', [out], { encoding: 'utf8' });
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThan(5);
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    const perPage = text.split('\f').filter((p) => p.trim());
    expect(perPage).toHaveLength(pages);
    perPage.forEach((p, i) => {
      expect(p, `page ${i + 1}`).toContain('Helix Capital — MLflow backbone audit — v1');
      expect(p, `page ${i + 1}`).toMatch(new RegExp(`\\b${i + 1} / ${pages}\\b`));
    });
    expect(perPage[0]).toContain('Contents');
    // The contents give the page each section starts on, and the section is there.
    for (const section of ['Summary', 'Risk register', 'Backlog', 'Verdicts']) {
      const page = Number(new RegExp(`\\b${section}\\s+(\\d+)\\s*$`, 'm').exec(perPage[0]!)?.[1]);
      expect(page, section).toBeGreaterThan(1);
      expect(perPage[page - 1], `${section} on page ${page}`).toMatch(new RegExp(`^\\s*${section}\\s*$`, 'm'));
    }
    // The contents link to their sections, and the headings are the PDF's bookmarks.
    const raw = bytes.toString('latin1');
    expect(raw.match(/\/Subtype \/Link/g)?.length ?? 0).toBeGreaterThan(20);
    expect(raw).toContain('/Outlines');
    expect(raw).toContain('/Title (Risk register)');
    const strip = (b: Buffer) => b.toString('latin1').replace(/\/(CreationDate|ModDate) \(D:[^)]*\)/g, '');
    expect(strip(readFileSync(again.path))).toBe(strip(bytes));
  }, 120_000);

  it('says which Chromium is missing when the one named is not there', async () => {
    await expect(exportReportPdf(dir, CLOCK, { chromium: join(dir, 'no-chromium') })).rejects.toThrow(/Chromium not found/);
    expect(spawnSync('pdftotext', ['-v']).error).toBeUndefined();
  });
});
