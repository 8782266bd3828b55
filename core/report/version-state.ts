// Whether the working copy is exactly a published version, or a draft of the next one. The
// report's header, file name and status all follow from it.
import { canonicalJson } from '../hash';
import type { Workbook } from '../workbook/schema';

export type VersionState =
  | { kind: 'published'; number: number; hash: string; publishedAt: string }
  | { kind: 'draft'; number: number; after: number | null };

/**
 * `latestSnapshot` is the workbook frozen in the last version (versions/v<N>.json), if any. The
 * working copy equals it, plus the index entry that records it, right after publishing.
 */
export function versionState(wb: Workbook, latestSnapshot: Workbook | null): VersionState {
  const last = wb.versions.at(-1);
  if (!last) return { kind: 'draft', number: 1, after: null };
  const unchanged =
    latestSnapshot !== null && canonicalJson({ ...wb, versions: wb.versions.slice(0, -1) }) === canonicalJson(latestSnapshot);
  return unchanged
    ? { kind: 'published', number: last.number, hash: last.hash, publishedAt: last.publishedAt }
    : { kind: 'draft', number: last.number + 1, after: last.number };
}

/** `mlflow-backbone-audit` from a title; the stem of exported file names. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'audit';
}

/** `<name>-v<N>.md`, or `<name>-v<N>-draft.md` for a working copy not yet published. */
export function reportFileName(wb: Workbook, state: VersionState): string {
  return `${slugify(wb.title)}-v${state.number}${state.kind === 'draft' ? '-draft' : ''}.md`;
}
