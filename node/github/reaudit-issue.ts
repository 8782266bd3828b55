// The one issue a scheduled re-audit keeps on GitHub: found by the hidden marker in its body (as
// the push finds its issues), so that every run with drift updates the same issue instead of
// opening another. Open exactly while the latest re-audit finds drift: a clean run closes it with
// that run's document, a later drift reopens it. Its marker is not the push's, so `github push`
// neither adopts nor lists it.
import { createGitHubClient, gitHubFailure } from './client';
import { checkRepository, repoRef, toRemoteIssue } from './remote';

/** The label the re-audit issue carries; issues are listed by it. */
export const REAUDIT_LABEL = 're-audit';

/** The hidden marker that names a workbook's re-audit issue. */
export const reauditMarker = (workbookId: string) => `<!-- audit-workbench-reaudit:${workbookId} -->`;

/** GitHub refuses an issue body above 65,536 characters. */
const MAX_BODY = 65_536;

export interface ReauditIssueRequest {
  repo: string;
  workbookId: string;
  title: string;
  /** The delta document. */
  document: string;
  /** Drift or a regression: open (or reopen) the issue; else close an open one. */
  isFinding: boolean;
  token: string | undefined;
  tokenSource: string;
  apiUrl?: string;
  onProgress?: (line: string) => void;
}

export interface ReauditIssueResult {
  action: 'created' | 'updated' | 'reopened' | 'closed' | 'none';
  number?: number;
  url?: string;
}

export function reauditIssueBody(workbookId: string, document: string): string {
  const marker = reauditMarker(workbookId);
  const full = `${marker}\n\n${document}`;
  if (full.length <= MAX_BODY) return full;
  const note = "\n\n…cut: the whole delta document is the re-audit run's artifact (the file given to --out).\n";
  return `${full.slice(0, MAX_BODY - note.length)}${note}`;
}

export async function upsertReauditIssue(r: ReauditIssueRequest): Promise<ReauditIssueResult> {
  if (!r.token) throw new Error(`no GitHub token: set ${r.tokenSource} (to a token with read and write access to issues)`);
  const client = createGitHubClient({
    token: r.token,
    ...(r.apiUrl ? { apiUrl: r.apiUrl } : {}),
    ...(r.onProgress ? { onWait: r.onProgress } : {}),
  });
  const ref = repoRef(r.repo);
  const marker = reauditMarker(r.workbookId);
  const body = reauditIssueBody(r.workbookId, r.document);
  let doing = `reading ${r.repo}`;
  try {
    await checkRepository(client, ref);
    doing = `listing the ${REAUDIT_LABEL} issues of ${r.repo}`;
    const listed = await client.paginate(client.rest.issues.listForRepo, { ...ref, labels: REAUDIT_LABEL, state: 'all', per_page: 100 });
    const mine = listed
      .filter((i) => !i.pull_request)
      .map(toRemoteIssue)
      .filter((i) => i.body.includes(marker))
      // Should two carry the marker (one made by hand), the open one, else the newest, is the one.
      .sort((a, b) => (a.state === b.state ? b.number - a.number : a.state === 'open' ? -1 : 1));
    const issue = mine[0];
    if (!r.isFinding) {
      if (!issue || issue.state === 'closed') return { action: 'none', ...(issue ? { number: issue.number, url: issue.url } : {}) };
      doing = `closing issue #${issue.number}`;
      await client.rest.issues.update({ ...ref, issue_number: issue.number, body, state: 'closed', state_reason: 'completed' });
      return { action: 'closed', number: issue.number, url: issue.url };
    }
    if (!issue) {
      doing = `creating label ${REAUDIT_LABEL}`;
      try {
        await client.rest.issues.createLabel({
          ...ref,
          name: REAUDIT_LABEL,
          color: 'd93f0b',
          description: 'A scheduled re-audit found drift',
        });
      } catch (error) {
        const errors = (error as { response?: { data?: { errors?: { code?: string }[] } } }).response?.data?.errors ?? [];
        if ((error as { status?: number }).status !== 422 || !errors.some((e) => e.code === 'already_exists')) throw error;
      }
      doing = `creating issue ${r.title}`;
      // Not retried: a create whose answer was lost is found by its marker on the next run.
      const { data } = await client.rest.issues.create({ ...ref, title: r.title, body, labels: [REAUDIT_LABEL], request: { retries: 0 } });
      return { action: 'created', number: data.number, url: data.html_url };
    }
    const reopen = issue.state === 'closed';
    doing = `${reopen ? 'reopening' : 'updating'} issue #${issue.number}`;
    await client.rest.issues.update({
      ...ref,
      issue_number: issue.number,
      title: r.title,
      body,
      ...(reopen ? { state: 'open' as const, state_reason: 'reopened' as const } : {}),
    });
    return { action: reopen ? 'reopened' : 'updated', number: issue.number, url: issue.url };
  } catch (error) {
    throw gitHubFailure(error, doing, { repo: r.repo, token: r.token, tokenSource: r.tokenSource });
  }
}
