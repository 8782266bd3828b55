// The report as one self-contained HTML file: the Markdown report's own text rendered inert (the
// app's Markdown rules), a table of contents, and the charts drawn in SVG by html-charts.ts. Nothing
// is fetched: styles are inline, fonts are the system's, there is no script, and a Content Security
// Policy forbids any load. The same page prints to PDF with the audit's title and version atop each
// page and "page / pages" below (CSS page-margin boxes). Pure and deterministic like the Markdown.
import type { VersionState } from '../workbook/version-state';
import type { Workbook } from '../workbook/schema';
import { reportCharts, type Chart } from './html-charts';
import { escapeHtml as esc } from './html';
import { markdownRenderer } from './markdown-html';
import { renderReport, type ReportInput } from './report';

const render = markdownRenderer({ headingIds: true, dropFences: ['mermaid'] });

/** A CSS string literal that holds any text and can end neither the string nor the <style> element. */
export function cssString(text: string): string {
  return `"${text.replace(/[^\p{L}\p{N} .,:;!?()[\]{}@#%&*+=~_/|-]/gu, (c) => `\\${c.codePointAt(0)!.toString(16)} `)}"`;
}

function versionText(state: VersionState): string {
  if (state.kind === 'published') return `v${state.number}`;
  return `v${state.number} draft`;
}

interface TocEntry {
  id: string;
  html: string;
  children: TocEntry[];
}

/** The report's sections (h2) and the pillars (h3 under "Pillars"), as the rendered HTML holds them. */
function tableOfContents(body: string): TocEntry[] {
  const toc: TocEntry[] = [];
  for (const m of body.matchAll(/<h([23]) id="([^"]*)">([\s\S]*?)<\/h\1>/g)) {
    const [, level, id, html] = m as unknown as [string, string, string, string];
    if (level === '2') toc.push({ id, html, children: [] });
    else if (toc.at(-1)?.html === 'Pillars') toc.at(-1)!.children.push({ id, html, children: [] });
  }
  return toc;
}

const tocList = (entries: TocEntry[], pages: Readonly<Record<string, number>>): string =>
  `<ol>${entries
    .map((e) => {
      const page = pages[e.id];
      const number = page === undefined ? '' : `<span class="toc-page">${page}</span>`;
      return `<li><a href="#${e.id}">${e.html}</a>${number}${e.children.length ? tocList(e.children, pages) : ''}</li>`;
    })
    .join('')}</ol>`;

function chartFigure(chart: Chart): string {
  return `<figure class="chart-figure" aria-labelledby="${chart.id}-caption">\n<figcaption id="${chart.id}-caption">${esc(chart.title)}</figcaption>\n${chart.svg}\n</figure>`;
}

const STYLE = (header: string) => `
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif; font-size: 15px; line-height: 1.5; color: #1f2933; background: #ffffff; }
body { margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 1rem; }
h2 { font-size: 1.4rem; margin: 2.2rem 0 0.8rem; padding-bottom: 0.25rem; border-bottom: 2px solid #d9e2ec; }
h3 { font-size: 1.15rem; margin: 1.8rem 0 0.6rem; }
a { color: #1d4f91; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace; font-size: 0.85em; }
code { background: #f0f4f8; padding: 0.05em 0.3em; border-radius: 3px; overflow-wrap: anywhere; }
pre { background: #f5f7fa; border: 1px solid #d9e2ec; border-radius: 4px; padding: 0.6rem 0.8rem; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; margin: 0.8rem 0; width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid #cbd2d9; padding: 0.3rem 0.5rem; vertical-align: top; text-align: left; overflow-wrap: break-word; min-width: 4.5em; }
th { background: #f0f4f8; }
tr { break-inside: avoid; }
blockquote { margin: 0.8rem 0; padding: 0.4rem 0.9rem; border-left: 4px solid #9aa5b1; background: #f5f7fa; }
blockquote.alert-caution, blockquote.alert-warning { border-left-color: #b42318; background: #fdecea; }
blockquote.alert-note, blockquote.alert-tip, blockquote.alert-important { border-left-color: #1d4f91; background: #eaf1fb; }
.alert-title { font-weight: 700; margin: 0.2rem 0; }
.emoji { display: inline-block; min-width: 1.15em; padding: 0 0.2em; border-radius: 3px; font-weight: 700; text-align: center; color: #ffffff; }
.emoji.ok { background: #2f7d32; }
.emoji.bad { background: #b42318; }
.emoji.warn { background: #b45309; }
nav.toc { border: 1px solid #d9e2ec; border-radius: 6px; padding: 0.6rem 1.2rem; margin: 1.5rem 0; background: #fafbfc; }
nav.toc h2 { border: 0; margin: 0.4rem 0; font-size: 1.2rem; }
nav.toc ol { margin: 0.2rem 0; padding-left: 1.4rem; }
nav.toc ol ol { list-style: lower-alpha; }
nav.toc .toc-page { float: right; color: #52606d; font-variant-numeric: tabular-nums; }
section.risk-picture { break-before: page; }
.chart-figure { margin: 1.2rem 0 1.8rem; break-inside: avoid; }
.chart-figure figcaption { font-weight: 700; margin-bottom: 0.4rem; }
svg.chart { display: block; max-width: 100%; height: auto; font-family: inherit; }
hr { border: 0; border-top: 1px solid #cbd2d9; margin: 2rem 0 1rem; }
@page {
  size: A4;
  margin: 20mm 14mm 18mm;
  @top-center { content: ${header}; font-family: system-ui, "Liberation Sans", Arial, sans-serif; font-size: 9pt; color: #52606d; }
  @bottom-right { content: counter(page) " / " counter(pages); font-family: system-ui, "Liberation Sans", Arial, sans-serif; font-size: 9pt; color: #52606d; }
}
@media print {
  html { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; }
  pre { break-inside: avoid; }
}
`;

/** The report as HTML: one file, nothing fetched; the same input gives the same bytes. */
export function renderReportHtml(input: ReportInput): string {
  return reportHtml(input.workbook, input.state, renderReport(input));
}

/** The HTML page of a report whose Markdown is already rendered. */
export function reportHtml(
  wb: Workbook,
  state: VersionState,
  markdown: string,
  /** The page of each section by its id, once printed: the PDF's contents show them. */
  tocPages: Readonly<Record<string, number>> = {},
): string {
  const body = render(markdown);
  // The header (title and the field table) stays first; the contents and the charts follow it.
  const cut = body.indexOf('<h2');
  const head = cut < 0 ? body : body.slice(0, cut);
  const rest = cut < 0 ? '' : body.slice(cut);
  const charts = reportCharts(wb, state);
  const picture = [
    '<section class="risk-picture" aria-labelledby="charts">',
    '<h2 id="charts">Charts</h2>',
    '<p>Open and in-progress gaps that carry their three scores; each chart says in words what it draws, and the tables of the report below hold the same figures.</p>',
    ...charts.map(chartFigure),
    '</section>',
  ].join('\n');
  const toc = tableOfContents(`<h2 id="charts">Charts</h2>${rest}`);
  const nav = `<nav class="toc" aria-labelledby="contents">\n<h2 id="contents">Contents</h2>\n${tocList(toc, tocPages)}\n</nav>`;
  const title = `${wb.title} — ${versionText(state)}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Audit Workbench">
<title>${esc(title)}</title>
<style>${STYLE(cssString(title))}</style>
</head>
<body>
<main class="report">
${head}${nav}
${picture}
${rest}</main>
</body>
</html>
`;
}
