// `github push`, for the CLI and the app alike: read what the repository holds, plan, then create
// labels and issues one at a time, saving each new issue's number to the workbook right away.
// A crash between a create and its save is healed by the next push, which finds the issue by the
// marker in its body. When GitHub cannot be reached the push is queued in the workbook instead.
import { canonicalJson } from '../../core/hash';
import { REPOSITORY_PATTERN } from '../../core/ids';
import {
  describeStep,
  planPush,
  umbrellaStep,
  type GitHubPlan,
  type GitHubPushResult,
  type IssueStep,
  type LabelSpec,
  type PlanInput,
  type RemoteIssue,
} from '../../core/issues/github-plan';
import { loadForPush, storedIssueNumbers, withIssueLink, withoutPendingPush, withPendingPush } from '../../core/issues/github-state';
import type { Clock } from '../../core/ports';
import type { Workbook } from '../../core/workbook/schema';
import { evidenceExcerpts } from '../../core/issues/excerpts';
import { loadWorkbook, saveWorkbook } from '../../core/workbook/store';
import { nodeFileSystem as fs } from '../node-file-system';
import { createGitHubClient, gitHubFailure, GitHubUnavailable, type GitHubClient } from './client';
import type { Pacing } from './pacing';
import { checkRepository, listLabels, listPushedIssues, repoRef, type RepoRef } from './remote';

/** Ctrl-C (or the app's cancel) between two issues. */
class PushCancelled extends Error {
  override name = 'PushCancelled';
}

export interface PushRequest {
  dir: string;
  repo: string;
  dryRun: boolean;
  /** Reopen issues closed on GitHub whose gaps the workbook has open. */
  reopen?: boolean;
  token: string | undefined;
  /** Where the token comes from, for messages (`GITHUB_TOKEN`, `keychain entry github-token`). */
  tokenSource: string;
  apiUrl?: string;
  pacing?: Pacing;
  maxWaitSeconds?: number;
  clock: Clock;
  /** Aborted: stop after the issue under way (its number is saved). */
  signal?: AbortSignal;
  onProgress?: (line: string) => void;
}

/** Loads, changes and saves workbook.json (atomically) when the change changed anything. */
async function updateWorkbook(dir: string, change: (wb: Workbook) => Workbook): Promise<Workbook> {
  const wb = await loadWorkbook(fs, dir);
  const next = change(wb);
  if (canonicalJson(next) !== canonicalJson(wb)) await saveWorkbook(fs, dir, next);
  return next;
}

const summary = (s: IssueStep): GitHubPushResult['issues'][number] => {
  const { draft: _draft, labels: _labels, ...rest } = s;
  return rest;
};

/** Applies one step on GitHub and saves the issue's number; returns the step with its number. */
async function applyStep(client: GitHubClient, ref: RepoRef, req: PushRequest, step: IssueStep): Promise<IssueStep> {
  const { draft } = step;
  let applied = step;
  if (step.action === 'create') {
    // Not retried: a create whose answer was lost may have happened; the next push finds it by marker.
    const { data } = await client.rest.issues.create({
      ...ref,
      title: draft.title,
      body: draft.body,
      labels: draft.labels,
      request: { retries: 0 },
    });
    applied = { ...step, number: data.number, url: data.html_url };
  } else if (step.action === 'update' || step.action === 'close' || step.action === 'reopen') {
    await client.rest.issues.update({
      ...ref,
      issue_number: step.number!,
      ...(step.changes.includes('title') ? { title: draft.title } : {}),
      ...(step.changes.includes('body') ? { body: draft.body } : {}),
      ...(step.changes.includes('labels') ? { labels: step.labels } : {}),
      ...(step.action === 'close' ? { state: 'closed' as const, state_reason: 'completed' as const } : {}),
      ...(step.action === 'reopen' ? { state: 'open' as const, state_reason: 'reopened' as const } : {}),
    });
  }
  if (applied.number !== undefined) {
    const link = { repo: req.repo, number: applied.number, ...(applied.url ? { url: applied.url } : {}) };
    await updateWorkbook(req.dir, (wb) => withIssueLink(wb, draft.key, draft.gaps, link));
  }
  return applied;
}

async function createLabel(client: GitHubClient, ref: RepoRef, label: LabelSpec): Promise<void> {
  try {
    await client.rest.issues.createLabel({ ...ref, ...label });
  } catch (error) {
    // Created meanwhile (by another push, or by hand): what was wanted is there.
    const errors = (error as { response?: { data?: { errors?: { code?: string }[] } } }).response?.data?.errors ?? [];
    if ((error as { status?: number }).status !== 422 || !errors.some((e) => e.code === 'already_exists')) throw error;
  }
}

/** How far a push got: what it is doing (for the message if that fails) and what it has done. */
interface Progress {
  doing: string;
  labels: string[];
  done: IssueStep[];
}

/** Labels first, then the children one by one, then the umbrella, whose task list needs their numbers. */
async function applyPlan(
  client: GitHubClient,
  req: PushRequest,
  input: PlanInput,
  plan: GitHubPlan,
  umbrellaIssue: RemoteIssue | undefined,
  at: Progress,
) {
  const ref = repoRef(req.repo);
  const say = req.onProgress ?? (() => {});
  for (const label of plan.labels) {
    at.doing = `creating label ${label.name}`;
    await createLabel(client, ref, label);
    at.labels.push(label.name);
    say(`label ${label.name} created`);
  }
  const numbers = new Map<string, number>();
  const count = plan.steps.length;
  for (const step of [...plan.steps.slice(0, -1), null]) {
    if (req.signal?.aborted)
      throw new PushCancelled(
        `cancelled after ${at.done.length} of ${count} issue(s); their numbers are saved — run the push again to finish`,
      );
    const current = step ?? umbrellaStep(input, numbers, umbrellaIssue);
    at.doing = `${current.action === 'create' ? 'creating' : 'updating'} issue ${current.title}`;
    const applied = await applyStep(client, ref, req, current);
    if (applied.number !== undefined) numbers.set(applied.key, applied.number);
    at.done.push(applied);
    say(`[${at.done.length}/${count}] ${describeStep(applied, true)}`);
  }
}

export async function pushToGitHub(req: PushRequest): Promise<GitHubPushResult> {
  if (!REPOSITORY_PATTERN.test(req.repo)) throw new Error(`expected a repository as owner/name, got "${req.repo}"`);
  const { workbook, reportFile } = await loadForPush(fs, req.dir, req.clock);
  if (!req.token) throw new Error(`no GitHub token: set ${req.tokenSource} (to a token with read and write access to issues)`);
  const client = createGitHubClient({
    token: req.token,
    ...(req.apiUrl ? { apiUrl: req.apiUrl } : {}),
    ...(req.pacing ? { pacing: req.pacing } : {}),
    ...(req.maxWaitSeconds !== undefined ? { maxWaitSeconds: req.maxWaitSeconds } : {}),
    ...(req.onProgress ? { onWait: req.onProgress } : {}),
  });
  const ref = repoRef(req.repo);
  const at: Progress = { doing: `reading ${req.repo}`, labels: [], done: [] };
  const result = (
    status: GitHubPushResult['status'],
    plan: Pick<GitHubPlan, 'orphans' | 'duplicates'>,
    steps: IssueStep[],
  ): GitHubPushResult => ({
    repo: req.repo,
    status,
    labels: at.labels,
    issues: steps.map(summary),
    orphans: plan.orphans,
    duplicates: plan.duplicates,
  });
  try {
    await checkRepository(client, ref);
    const existingLabels = await listLabels(client, ref);
    const remote = await listPushedIssues(client, ref, storedIssueNumbers(workbook, req.repo).values());
    const excerpts = await evidenceExcerpts(fs, req.dir, workbook, workbook.gaps);
    const input: PlanInput = { workbook, reportFile, repo: req.repo, remote, existingLabels, reopen: req.reopen ?? false, excerpts };
    const plan = planPush(input);
    if (req.dryRun) {
      at.labels.push(...plan.labels.map((l) => l.name));
      const pending = workbook.github?.pending;
      return { ...result('dry-run', plan, plan.steps), ...(pending ? { pending } : {}) };
    }
    await applyPlan(
      client,
      req,
      input,
      plan,
      remote.find((r) => r.number === plan.steps.at(-1)!.number),
      at,
    );
    await updateWorkbook(req.dir, (wb) => withoutPendingPush(wb, req.repo));
    return result('pushed', plan, at.done);
  } catch (error) {
    const failure =
      error instanceof PushCancelled
        ? error
        : gitHubFailure(error, at.doing, { repo: req.repo, token: req.token, tokenSource: req.tokenSource });
    if (!(failure instanceof GitHubUnavailable) || req.dryRun) throw failure;
    // Nothing is lost: each issue made so far has its number saved; the queue says a push is owed.
    const queued = await updateWorkbook(req.dir, (wb) => withPendingPush(wb, req.repo, req.clock.now(), failure.message));
    return { ...result('queued', { orphans: [], duplicates: [] }, at.done), pending: queued.github!.pending! };
  }
}
