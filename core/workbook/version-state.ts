// Whether the working copy is exactly a published version, or a draft of the next one. The
// report's header, file name and status all follow from it.
import { canonicalJson } from '../hash';
import type { Workbook } from './schema';

export type VersionState =
  { kind: 'published'; number: number; hash: string; publishedAt: string } | { kind: 'draft'; number: number; after: number | null };

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
