// The committee's delta document: what changed between two states of a workbook (a published
// version or the working copy), as data for the app's delta view and as Markdown for `diff --out`.
import { workbookDelta, type WorkbookDelta } from '../delta';
import type { FileSystem } from '../ports';
import type { Workbook } from '../workbook/schema';
import { loadWorkbook } from '../workbook/store';
import { loadSnapshot } from '../workbook/versions';
import { renderDelta } from './delta-markdown';
import { escapeLine } from './markdown';

/** A version number, or the working copy. */
export type VersionRef = number | 'current';

/** Parses `v3`, `3` or `current`; null when it is none of them. */
export function parseVersionRef(ref: string): VersionRef | null {
  if (ref === 'current') return 'current';
  const m = /^v?(\d+)$/.exec(ref);
  return m ? Number(m[1]) : null;
}

/** The workbook as it was at `ref`. */
export async function stateAt(
  fs: FileSystem,
  dir: string,
  ref: VersionRef,
  current: Workbook,
): Promise<{ label: string; workbook: Workbook }> {
  if (ref === 'current') return { label: 'working copy', workbook: current };
  if (!current.versions.some((v) => v.number === ref)) {
    throw new Error(`${dir} has no version v${ref} (published: ${current.versions.map((v) => `v${v.number}`).join(', ') || 'none'})`);
  }
  return { label: `v${ref}`, workbook: (await loadSnapshot(fs, dir, ref)).workbook };
}

export interface DeltaDocument {
  delta: WorkbookDelta;
  markdown: string;
  before: Workbook;
  after: Workbook;
}

export async function deltaDocument(fs: FileSystem, dir: string, from: VersionRef, to: VersionRef): Promise<DeltaDocument> {
  const wb = await loadWorkbook(fs, dir);
  const a = await stateAt(fs, dir, from, wb);
  const b = await stateAt(fs, dir, to, wb);
  const delta = workbookDelta(a.workbook, b.workbook, a.label, b.label);
  const markdown = `# Delta — ${escapeLine(wb.title)}\n\n${renderDelta(delta, b.workbook, 2)}\n`;
  return { delta, markdown, before: a.workbook, after: b.workbook };
}
