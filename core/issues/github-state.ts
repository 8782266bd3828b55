// What a workbook remembers of its GitHub export: each gap's issue link, the umbrella and polish
// issues, and a push queued while offline. Pure functions from workbook to workbook; the Node side
// saves the result after each step so that a crash loses at most the step under way.
import { isoDay, type Clock, type FileSystem } from '../ports';
import { reportFileName } from '../report/file-name';
import { expireWaivers } from '../waivers';
import { versionState, type VersionState } from '../workbook/version-state';
import type { GitHubState, IssueLink, PendingPush, Workbook } from '../workbook/schema';
import { loadWorkbook } from '../workbook/store';
import { loadSnapshot } from '../workbook/versions';

/** Repository names compare case-insensitively on GitHub. */
export const sameRepo = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

const GAP_KEY = /^gap:(.+)$/;

/** The issue numbers the workbook holds for `repo`, by draft key (`gap:ML-01`, `polish`, `umbrella`). */
export function storedIssueNumbers(wb: Workbook, repo: string): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const g of wb.gaps) if (g.issue && sameRepo(g.issue.repo, repo)) numbers.set(`gap:${g.id}`, g.issue.number);
  for (const key of ['umbrella', 'polish'] as const) {
    const link = wb.github?.[key];
    if (link && sameRepo(link.repo, repo)) numbers.set(key, link.number);
  }
  return numbers;
}

/** Drops an empty `github` object so that a workbook that never queued anything keeps its bytes. */
function withGitHub(wb: Workbook, github: GitHubState): Workbook {
  const { github: _old, ...rest } = wb;
  const isEmpty = Object.values(github).every((v) => v === undefined);
  return (isEmpty ? rest : { ...rest, github }) as Workbook;
}

/**
 * Records the issue of a draft: a gap's own issue on the gap; the polish issue on the workbook and
 * on each of its Minor gaps (so the risk register names it); the umbrella on the workbook.
 */
export function withIssueLink(wb: Workbook, key: string, gaps: readonly string[], link: IssueLink): Workbook {
  const gapKey = GAP_KEY.exec(key)?.[1];
  if (gapKey !== undefined) {
    return { ...wb, gaps: wb.gaps.map((g) => (g.id === gapKey ? { ...g, issue: link } : g)) };
  }
  if (key !== 'umbrella' && key !== 'polish') throw new Error(`unknown issue draft "${key}"`);
  const onGaps = key === 'polish' ? { ...wb, gaps: wb.gaps.map((g) => (gaps.includes(g.id) ? { ...g, issue: link } : g)) } : wb;
  return withGitHub(onGaps, { ...wb.github, [key]: link });
}

/** Queues a push that could not reach GitHub; a queue already there for the repo keeps its date. */
export function withPendingPush(wb: Workbook, repo: string, at: Date, reason: string): Workbook {
  const previous = wb.github?.pending;
  const since = previous && sameRepo(previous.repo, repo) ? previous.since : at.toISOString();
  const pending: PendingPush = { repo, since, reason };
  return withGitHub(wb, { ...wb.github, pending });
}

/** Clears the queue once a push to its repository went through. */
export function withoutPendingPush(wb: Workbook, repo: string): Workbook {
  const pending = wb.github?.pending;
  if (!pending || !sameRepo(pending.repo, repo)) return wb;
  const { pending: _done, ...github } = wb.github!;
  return withGitHub(wb, github);
}

/** The workbook without its GitHub bookkeeping: what the audit itself says. */
export function auditContent(wb: Workbook): Workbook {
  const { github: _github, ...rest } = wb;
  return { ...rest, gaps: wb.gaps.map(({ issue: _issue, ...g }) => g) } as Workbook;
}

/**
 * The version state that issue bodies quote. Storing issue numbers must not turn a published
 * version into a draft: every body names the report file, so each push would rewrite them all.
 */
export function contentVersionState(stored: Workbook, latestSnapshot: Workbook | null): VersionState {
  return versionState(auditContent(stored), latestSnapshot && auditContent(latestSnapshot));
}

/**
 * The workbook as a push exports it — lapsed waivers shown Open again, as in every export — and
 * the report file its bodies name, by the content version state.
 */
export async function loadForPush(fs: FileSystem, dir: string, clock: Clock): Promise<{ workbook: Workbook; reportFile: string }> {
  const stored = await loadWorkbook(fs, dir);
  const last = stored.versions.at(-1);
  const snapshot = last ? (await loadSnapshot(fs, dir, last.number)).workbook : null;
  const { workbook } = expireWaivers(stored, isoDay(clock.now()));
  return { workbook, reportFile: reportFileName(workbook, contentVersionState(stored, snapshot)) };
}

/** The queue as `validate` and `github push` show it. */
export const describePendingPush = (p: PendingPush) => `a GitHub push to ${p.repo} is queued since ${p.since} (${p.reason})`;

/** The repository this workbook's issues went to: a queued push's, else the one of an issue already pushed. */
export const knownRepository = (wb: Workbook): string | undefined =>
  wb.github?.pending?.repo ?? wb.gaps.find((g) => g.issue)?.issue?.repo ?? undefined;
