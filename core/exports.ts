// Exports as the CLI, the Electron main process and the browser shell all run them: load the
// workbook, apply lapsed waivers in memory, work out the version state, render, write.
import { issueDrafts, issueFiles, type IssueExport } from './issues/drafts';
import { evidenceExcerpts } from './issues/excerpts';
import { joinPath, isoDay, type Clock, type FileSystem } from './ports';
import { renderReport } from './report/report';
import { reportHtml } from './report/report-html';
import { reportFileName } from './report/file-name';
import { versionState, type VersionState } from './workbook/version-state';
import { expireWaivers, type LapsedWaiver } from './waivers';
import type { Workbook } from './workbook/schema';
import { checkOwnFolder, loadWorkbook } from './workbook/store';
import { loadSnapshot } from './workbook/versions';

export interface ExportContext {
  workbook: Workbook;
  state: VersionState;
  baseline?: { label: string; workbook: Workbook };
  /** Waivers found expired today; the exported gaps show them Open again. */
  lapsed: LapsedWaiver[];
  reportFile: string;
}

export async function prepareExport(fs: FileSystem, dir: string, clock: Clock): Promise<ExportContext> {
  const stored = await loadWorkbook(fs, dir);
  const last = stored.versions.at(-1);
  const snapshot = last ? (await loadSnapshot(fs, dir, last.number)).workbook : null;
  const state = versionState(stored, snapshot);
  const { workbook, lapsed } = expireWaivers(stored, isoDay(clock.now()));
  const baselineVersion = workbook.baseline?.version;
  const baseline =
    baselineVersion !== undefined
      ? { label: `v${baselineVersion}`, workbook: (await loadSnapshot(fs, dir, baselineVersion)).workbook }
      : undefined;
  return { workbook, state, lapsed, reportFile: reportFileName(workbook, state), ...(baseline ? { baseline } : {}) };
}

/** The formats of the report: the Markdown, one self-contained HTML file, and a PDF printed from that HTML. */
export const REPORT_FORMATS = ['markdown', 'html', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
const EXTENSION: Record<ReportFormat, string> = { markdown: 'md', html: 'html', pdf: 'pdf' };

/** `<name>-v<N>.<ext>`: the report's file name in a format. */
export const reportFileIn = (context: ExportContext, format: ReportFormat): string =>
  context.reportFile.replace(/\.md$/, `.${EXTENSION[format]}`);

/** Where an export goes: `outFile`, or the workbook's own exports/ (which may not lead out of it). */
export async function reportTarget(
  fs: FileSystem,
  dir: string,
  context: ExportContext,
  format: ReportFormat,
  outFile?: string,
): Promise<string> {
  if (!outFile) await checkOwnFolder(fs, dir, 'exports');
  const path = outFile ?? joinPath(dir, 'exports', reportFileIn(context, format));
  await fs.mkdirp(path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.');
  return path;
}

/** Renders the report and writes it to `outFile`, or to `<dir>/exports/<name>-v<N>.md`. */
export async function exportReport(
  fs: FileSystem,
  dir: string,
  clock: Clock,
  outFile?: string,
): Promise<{ path: string; markdown: string; context: ExportContext }> {
  const context = await prepareExport(fs, dir, clock);
  const markdown = renderReport(context);
  const path = await reportTarget(fs, dir, context, 'markdown', outFile);
  await fs.writeAtomic(path, markdown);
  return { path, markdown, context };
}

/** The report as one self-contained HTML file, to `outFile` or `<dir>/exports/<name>-v<N>.html`. */
export async function exportReportHtml(
  fs: FileSystem,
  dir: string,
  clock: Clock,
  outFile?: string,
): Promise<{ path: string; html: string; markdown: string; context: ExportContext }> {
  const context = await prepareExport(fs, dir, clock);
  const markdown = renderReport(context);
  const html = reportHtml(context.workbook, context.state, markdown);
  const path = await reportTarget(fs, dir, context, 'html', outFile);
  await fs.writeAtomic(path, html);
  return { path, html, markdown, context };
}

/** Writes one Markdown file per draft and issues.json into `outDir`. */
export async function exportIssues(
  fs: FileSystem,
  dir: string,
  clock: Clock,
  outDir: string,
): Promise<{ files: string[]; drafts: IssueExport; context: ExportContext }> {
  const context = await prepareExport(fs, dir, clock);
  const excerpts = await evidenceExcerpts(fs, dir, context.workbook, context.workbook.gaps);
  const drafts = issueDrafts(context.workbook, context.reportFile, undefined, excerpts);
  await fs.mkdirp(outDir);
  const files: string[] = [];
  for (const file of issueFiles(drafts)) {
    const path = joinPath(outDir, file.name);
    await fs.writeAtomic(path, file.content);
    files.push(path);
  }
  return { files, drafts, context };
}
