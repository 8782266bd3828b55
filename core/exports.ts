// Exports as the CLI, the Electron main process and the browser shell all run them: load the
// workbook, apply lapsed waivers in memory, work out the version state, render, write.
import { issueDrafts, issueFiles, type IssueExport } from './issues/drafts';
import { evidenceExcerpts } from './issues/excerpts';
import { joinPath, isoDay, type Clock, type FileSystem } from './ports';
import { renderReport } from './report/report';
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

/** Renders the report and writes it to `outFile`, or to `<dir>/exports/<name>-v<N>.md`. */
export async function exportReport(
  fs: FileSystem,
  dir: string,
  clock: Clock,
  outFile?: string,
): Promise<{ path: string; markdown: string; context: ExportContext }> {
  const context = await prepareExport(fs, dir, clock);
  const markdown = renderReport(context);
  if (!outFile) await checkOwnFolder(fs, dir, 'exports'); // a workbook's exports/ may not lead out of it
  const path = outFile ?? joinPath(dir, 'exports', context.reportFile);
  await fs.mkdirp(path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.');
  await fs.writeAtomic(path, markdown);
  return { path, markdown, context };
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
