// Names of exported files.
import type { VersionState } from '../workbook/version-state';
import type { Workbook } from '../workbook/schema';

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
