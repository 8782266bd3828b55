// What a push to GitHub has to do, worked out without touching anything: which labels to create,
// and for each draft whether its issue is created, updated, closed, reopened or left alone. Issues
// are recognised by the hidden marker in their body first and by the number stored in the workbook
// second, so an issue created just before a crash (number never saved) is found, not duplicated.
import { severityLabel } from '../report/delta-markdown';
import { SEVERITIES, type Severity, type Workbook } from '../workbook/schema';
import { issueDrafts, type ChildRef, type IssueDraft } from './drafts';
import type { EvidenceExcerpts } from './excerpts';
import { storedIssueNumbers } from './github-state';

/** An issue as GitHub holds it, reduced to what the plan compares. */
export interface RemoteIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  url: string;
}

export type IssueAction = 'create' | 'update' | 'close' | 'reopen' | 'unchanged' | 'skip';
export type IssueField = 'title' | 'body' | 'labels' | 'state';

/** One draft's step of the push. */
export interface IssueStep {
  key: string;
  title: string;
  action: IssueAction;
  /** The issue on GitHub, when there is one already. */
  number?: number;
  url?: string;
  /** What an update, close or reopen changes. */
  changes: IssueField[];
  /** The labels the issue ends with: the draft's, plus any a person added on GitHub. */
  labels: string[];
  draft: IssueDraft;
  /** Why a step does less than one might expect (left closed, skipped). */
  note?: string;
}

export interface LabelSpec {
  name: string;
  color: string;
  description: string;
}

export interface GitHubPlan {
  repo: string;
  /** Labels the drafts use that the repository lacks. */
  labels: LabelSpec[];
  /** Children in draft order, the umbrella last (its task list needs the children's numbers). */
  steps: IssueStep[];
  /** Issues carrying this workbook's marker for a draft that no longer exists; left as they are. */
  orphans: { key: string; number: number; title: string }[];
  /** Issues carrying a marker another issue already answers to; left as they are. */
  duplicates: { key: string; number: number; kept: number }[];
}

export interface PlanInput {
  /** The workbook as exported (lapsed waivers applied), holding the stored issue links. */
  workbook: Workbook;
  reportFile: string;
  repo: string;
  /** Issues found on GitHub: those carrying the audit label, and those fetched by stored number. */
  remote: readonly RemoteIssue[];
  existingLabels: readonly string[];
  /** Reopen an issue closed on GitHub whose gap the workbook shows open. */
  reopen: boolean;
  /** Rows of the gaps' evidence the child issues show (see excerpts.ts); none when absent. */
  excerpts?: EvidenceExcerpts;
}

/** What a push did (or, for a dry run, would do): the summary shared by the CLI and the app. */
export interface GitHubPushResult {
  repo: string;
  status: 'pushed' | 'dry-run' | 'queued';
  labels: string[];
  issues: Omit<IssueStep, 'draft' | 'labels'>[];
  orphans: GitHubPlan['orphans'];
  duplicates: GitHubPlan['duplicates'];
  /** Set when the push is queued: why, and since when. */
  pending?: { repo: string; since: string; reason: string };
}

const MARKER = /<!-- audit-workbench:([A-Za-z0-9._-]+):(\S+?) -->/g;

/** The draft keys of `workbookId` whose marker a body carries. */
export function markedKeys(body: string, workbookId: string): string[] {
  return [...body.matchAll(MARKER)].filter((m) => m[1] === workbookId).map((m) => m[2]!);
}

/** Labels this tool owns on an issue; any other label was added by a person and is kept. */
const isOwnLabel = (name: string) => name === 'audit' || /^(severity|pillar|effort):/.test(name);
const normalise = (text: string) => text.replace(/\r\n/g, '\n').trimEnd();
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.some((y) => y.toLowerCase() === x.toLowerCase()));

const SEVERITY_COLORS: Record<Severity, string> = { Critical: 'b60205', Major: 'd93f0b', Minor: 'fbca04' };

/** Colour and description of a label the drafts use. */
export function labelSpec(wb: Workbook, name: string): LabelSpec {
  const [kind, value = ''] = name.split(/:(.*)/s);
  const severity = SEVERITIES.find((s) => `severity:${severityLabel(wb, s).toLowerCase()}` === name);
  if (severity) return { name, color: SEVERITY_COLORS[severity], description: `Audit gap severity: ${severityLabel(wb, severity)}` };
  if (kind === 'pillar') {
    const pillar = wb.pillars.find((p) => String(p.number) === value);
    return { name, color: '1d76db', description: `Audit pillar ${value}${pillar ? `: ${pillar.name}` : ''}`.slice(0, 100) };
  }
  if (kind === 'effort') return { name, color: 'c5def5', description: `Estimated effort: ${value}` };
  return { name, color: '5319e7', description: 'Finding of an audit (Audit Workbench)' };
}

/** The umbrella's task list on GitHub names each child by issue number, which GitHub links. */
export const byIssueNumber =
  (numbers: ReadonlyMap<string, number>): ChildRef =>
  (c) => {
    const n = numbers.get(c.key);
    return n === undefined ? c.title : `#${n} ${c.title}`;
  };

/**
 * Finds each draft's issue: the lowest-numbered issue carrying its marker (the stored number wins
 * among several), else the stored number when that issue carries no other draft's marker.
 */
export function matchIssues(input: Pick<PlanInput, 'workbook' | 'repo' | 'remote'>, keys: readonly string[]) {
  const stored = storedIssueNumbers(input.workbook, input.repo);
  const sorted = [...input.remote].sort((a, b) => a.number - b.number);
  const marked = new Map<string, RemoteIssue[]>();
  for (const issue of sorted) {
    for (const key of markedKeys(issue.body, input.workbook.id)) marked.set(key, [...(marked.get(key) ?? []), issue]);
  }
  const matches = new Map<string, RemoteIssue>();
  const duplicates: GitHubPlan['duplicates'] = [];
  for (const [key, issues] of marked) {
    const kept = issues.find((i) => i.number === stored.get(key)) ?? issues[0]!;
    matches.set(key, kept);
    for (const other of issues) if (other !== kept) duplicates.push({ key, number: other.number, kept: kept.number });
  }
  for (const key of keys) {
    const number = stored.get(key);
    const issue = number === undefined || matches.has(key) ? undefined : sorted.find((i) => i.number === number);
    if (issue && markedKeys(issue.body, input.workbook.id).length === 0) matches.set(key, issue);
  }
  const orphans = [...marked.keys()]
    .filter((key) => !keys.includes(key))
    .map((key) => ({ key, number: matches.get(key)!.number, title: matches.get(key)!.title }));
  return { matches, duplicates, orphans };
}

/** The step for one draft, given its issue on GitHub (if any). */
export function issueStep(draft: IssueDraft, remote: RemoteIssue | undefined, reopen: boolean): IssueStep {
  const base = { key: draft.key, title: draft.title, draft };
  if (!remote) {
    // A gap closed before its first push needs no issue: the umbrella ticks it off by title.
    if (draft.state === 'closed')
      return { ...base, action: 'skip', changes: [], labels: draft.labels, note: 'closed before it was ever pushed' };
    return { ...base, action: 'create', changes: [], labels: draft.labels };
  }
  const labels = [...draft.labels, ...remote.labels.filter((l) => !isOwnLabel(l) && !draft.labels.includes(l))];
  const changes: IssueField[] = [];
  if (draft.title.trim() !== remote.title.trim()) changes.push('title');
  if (normalise(draft.body) !== normalise(remote.body)) changes.push('body');
  if (!sameSet(labels, remote.labels)) changes.push('labels');
  const found = { ...base, number: remote.number, url: remote.url, labels };
  if (draft.state === 'closed' && remote.state === 'open') return { ...found, action: 'close', changes: [...changes, 'state'] };
  if (draft.state === 'open' && remote.state === 'closed') {
    if (reopen) return { ...found, action: 'reopen', changes: [...changes, 'state'] };
    const note = 'closed on GitHub while the workbook has it open (--reopen reopens it)';
    return { ...found, action: changes.length ? 'update' : 'unchanged', changes, note };
  }
  return { ...found, action: changes.length ? 'update' : 'unchanged', changes };
}

/** The umbrella's step once the children's numbers are known (at plan time, or after creating them). */
export function umbrellaStep(input: PlanInput, numbers: ReadonlyMap<string, number>, remote: RemoteIssue | undefined): IssueStep {
  const umbrella = issueDrafts(input.workbook, input.reportFile, byIssueNumber(numbers), input.excerpts).drafts.find(
    (d) => d.key === 'umbrella',
  )!;
  return issueStep(umbrella, remote, input.reopen);
}

export function planPush(input: PlanInput): GitHubPlan {
  const drafts = issueDrafts(input.workbook, input.reportFile, undefined, input.excerpts).drafts;
  const { matches, duplicates, orphans } = matchIssues(
    input,
    drafts.map((d) => d.key),
  );
  const children = drafts.filter((d) => d.key !== 'umbrella').map((d) => issueStep(d, matches.get(d.key), input.reopen));
  const numbers = new Map(children.flatMap((s) => (s.number === undefined ? [] : [[s.key, s.number] as const])));
  const steps = [...children, umbrellaStep(input, numbers, matches.get('umbrella'))];

  const have = new Set(input.existingLabels.map((l) => l.toLowerCase()));
  const needed = new Set(steps.filter((s) => s.action === 'create' || s.changes.includes('labels')).flatMap((s) => s.draft.labels));
  const labels = [...needed].filter((l) => !have.has(l.toLowerCase())).map((l) => labelSpec(input.workbook, l));
  return { repo: input.repo, labels, steps, orphans, duplicates };
}

const VERBS: Record<IssueAction, [string, string]> = {
  create: ['create', 'created'],
  update: ['update', 'updated'],
  close: ['close', 'closed'],
  reopen: ['reopen', 'reopened'],
  unchanged: ['unchanged', 'unchanged'],
  skip: ['skip', 'skipped'],
};

/** One line per issue: `created #12 [ML-01] …` (done) or `create [ML-01] …` (planned). */
export function describeStep(step: Omit<IssueStep, 'draft' | 'labels'>, done: boolean): string {
  const verb = VERBS[step.action][done ? 1 : 0];
  const what = step.changes.filter((c) => c !== 'state');
  const detail = [what.length && step.action !== 'create' ? what.join(', ') : '', step.note ?? ''].filter(Boolean).join('; ');
  return `${verb} ${step.number !== undefined ? `#${step.number} ` : ''}${step.title}${detail ? ` (${detail})` : ''}`;
}

/** The closing line: counts by action, labels, and what was left alone. */
export function describeResult(r: GitHubPushResult): string {
  const count = (a: IssueAction) => r.issues.filter((i) => i.action === a).length;
  const done = r.status === 'pushed';
  const parts = (['create', 'update', 'close', 'reopen', 'unchanged'] as const)
    .filter((a) => count(a) || a === 'create')
    .map((a) => `${count(a)} ${done ? VERBS[a][1] : a === 'unchanged' ? 'unchanged' : `to ${a}`}`);
  if (r.labels.length) parts.push(`${r.labels.length} label(s) ${done ? 'created' : 'to create'}`);
  const left = [
    ...r.orphans.map((o) => `#${o.number} (${o.key}) no longer matches a gap`),
    ...r.duplicates.map((d) => `#${d.number} duplicates #${d.kept}`),
  ];
  const head = r.status === 'dry-run' ? `Dry run for ${r.repo}` : `Pushed to ${r.repo}`;
  return `${head}: ${parts.join(', ')}${left.length ? `; left alone: ${left.join(', ')}` : ''}${r.status === 'dry-run' ? '; nothing was changed.' : '.'}`;
}
