// The PDF report: the HTML report printed by the system's Chromium, headless (no browser library in
// the product: the binary found on PATH, or named by --chromium / AUDIT_WORKBENCH_CHROMIUM). The page
// header (title, version) and the "page / pages" footer come from the HTML's CSS page-margin boxes
// (Chromium 131+), so Chromium's own header and footer are turned off. Apart from the creation date
// Chromium writes, the same workbook gives the same PDF.
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { prepareExport, reportTarget, type ExportContext } from '../../core/exports';
import type { Clock } from '../../core/ports';
import { renderReport } from '../../core/report/report';
import { reportHtml } from '../../core/report/report-html';
import { nodeFileSystem as fs } from '../node-file-system';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The Chromium to print with: the one named, else AUDIT_WORKBENCH_CHROMIUM, else the first on PATH. */
export async function findChromium(env: Record<string, string | undefined>, named?: string): Promise<string> {
  const explicit = named ?? env['AUDIT_WORKBENCH_CHROMIUM'];
  if (explicit) {
    if (!(await executable(explicit))) throw new Error(`Chromium not found or not executable: ${explicit}`);
    return explicit;
  }
  for (const dir of (env['PATH'] ?? '').split(delimiter).filter(Boolean)) {
    for (const name of CANDIDATES) {
      const path = join(dir, name);
      if (await executable(path)) return path;
    }
  }
  throw new Error(
    `No Chromium found on PATH (${CANDIDATES.join(', ')}): install one (Debian: apt-get install chromium) or name it with --chromium PATH.`,
  );
}

const executable = (path: string) =>
  access(path, constants.X_OK).then(
    () => true,
    () => false,
  );

/** Prints an HTML page to PDF bytes with headless Chromium; the page loads nothing but itself. */
export async function printPdf(html: string, chromium: string, timeoutMs = 90_000): Promise<Uint8Array> {
  const work = await mkdtemp(join(tmpdir(), 'aw-pdf-'));
  try {
    const page = join(work, 'report.html');
    const pdf = join(work, 'report.pdf');
    await writeFile(page, html);
    const args = [
      '--headless',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-extensions',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--no-default-browser-check',
      `--user-data-dir=${join(work, 'profile')}`,
      // Chromium refuses to start as root with its sandbox on (a CI container); elsewhere it keeps it.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--no-pdf-header-footer',
      // Bookmarks from the headings, beside the contents' links: a PDF reader's navigation pane.
      '--generate-pdf-document-outline',
      `--print-to-pdf=${pdf}`,
      pathToFileURL(page).href,
    ];
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(chromium, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', (e) => (clearTimeout(timer), reject(e)));
      child.on('close', (c) => (clearTimeout(timer), resolve({ code: c, output })));
    });
    const bytes = await readFile(pdf).catch(() => null);
    if (code !== 0 || !bytes || bytes.length === 0) {
      throw new Error(`Chromium (${chromium}) did not print the PDF (exit ${code}):\n${output.trim().split('\n').slice(-8).join('\n')}`);
    }
    return stableStructureIds(new Uint8Array(bytes));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Chromium names the elements of a tagged PDF's structure tree after DOM node ids (`(node00000017)`),
 * and a node or two more or less may be created before printing depending on timing; renumbered by
 * rank (same length, same order, so the name tree stays sorted and no offset moves), the same page
 * gives the same bytes.
 */
export function stableStructureIds(pdf: Uint8Array): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1');
  const ids = [...new Set(text.match(/\(node\d{8}\)/g) ?? [])].sort();
  if (!ids.length) return pdf;
  const rank = new Map(ids.map((id, i) => [id, `(node${String(i + 1).padStart(8, '0')})`]));
  return new Uint8Array(
    Buffer.from(
      text.replace(/\(node\d{8}\)/g, (id) => rank.get(id)!),
      'latin1',
    ),
  );
}

/**
 * The page (1-based) each named destination of a Chromium PDF is on: Chromium names one after each
 * element id that a link points at, in a /Dests dictionary of `/name [page 0 R /XYZ …]`, with the
 * pages listed in order in the /Pages node's /Kids. Empty when the PDF is not laid out that way.
 */
export function sectionPages(pdf: Uint8Array): Record<string, number> {
  const text = Buffer.from(pdf).toString('latin1');
  const object = (n: string) => {
    const at = text.search(new RegExp(`(?:^|[\\r\\n])${n} 0 obj\\b`));
    return at < 0 ? '' : text.slice(at, text.indexOf('endobj', at));
  };
  // The pages in order: the page tree from the catalog's /Pages, depth first.
  const order: string[] = [];
  const walk = (n: string, depth: number) => {
    const node = object(n);
    if (depth > 32 || !node) return;
    if (!/\/Type\s*\/Pages\b/.test(node)) return void order.push(n);
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(node)?.[1] ?? '';
    for (const m of kids.matchAll(/(\d+) 0 R/g)) walk(m[1]!, depth + 1);
  };
  const root = /\/Type\s*\/Catalog\b[^]*?\/Pages (\d+) 0 R/.exec(text)?.[1];
  const destsRef = /\/Dests (\d+) 0 R/.exec(text)?.[1];
  if (!root || !destsRef) return {};
  walk(root, 0);
  const pageOf = new Map(order.map((n, i) => [n, i + 1]));
  const pages: Record<string, number> = {};
  for (const m of object(destsRef).matchAll(/\/([^\s/[\]<>()]+)\s*\[(\d+) 0 R/g)) {
    const page = pageOf.get(m[2]!);
    if (page === undefined) continue;
    // PDF names write a byte outside printable ASCII as #xx; ids are UTF-8.
    const bytes = Buffer.from(
      m[1]!.replace(/#([0-9a-fA-F]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    );
    pages[bytes.toString('utf8')] = page;
  }
  return pages;
}

/** The report as PDF, to `outFile` or `<dir>/exports/<name>-v<N>.pdf`. */
export async function exportReportPdf(
  dir: string,
  clock: Clock,
  options: {
    outFile?: string | undefined;
    chromium?: string | undefined;
    env?: Record<string, string | undefined>;
    /** Another printer (the desktop app's printToPDF); without it, the system's Chromium. */
    print?: ((html: string) => Promise<Uint8Array>) | undefined;
  } = {},
): Promise<{ path: string; markdown: string; context: ExportContext }> {
  const chromium = options.print ? null : await findChromium(options.env ?? process.env, options.chromium);
  const context = await prepareExport(fs, dir, clock);
  const markdown = renderReport(context);
  const print = async (html: string) => (options.print ? stableStructureIds(await options.print(html)) : await printPdf(html, chromium!));
  // Printed twice: the first print tells on which page each section starts (the PDF's named
  // destinations), the second shows those pages in the contents (a number on a line changes no page).
  const first = await print(reportHtml(context.workbook, context.state, markdown));
  const pages = sectionPages(first);
  const bytes = Object.keys(pages).length ? await print(reportHtml(context.workbook, context.state, markdown, pages)) : first;
  const path = await reportTarget(fs, dir, context, 'pdf', options.outFile);
  await fs.writeAtomic(path, bytes);
  return { path, markdown, context };
}
