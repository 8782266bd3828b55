// What the repository holds that a push needs to know: that it exists and takes issues, its
// labels, and the issues of earlier pushes — found by the `audit` label every draft carries, plus
// any stored number whose issue lost that label.
import type { RemoteIssue } from '../../core/issues/github-plan';
import type { GitHubClient } from './client';

export interface RepoRef {
  owner: string;
  repo: string;
}

export const repoRef = (name: string): RepoRef => {
  const [owner, repo] = name.split('/') as [string, string];
  return { owner, repo };
};

/** The label every draft carries, by which earlier pushes' issues are listed. */
export const AUDIT_LABEL = 'audit';

type ApiIssue = {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  html_url: string;
  labels: (string | { name?: string })[];
  pull_request?: unknown;
};

export const toRemoteIssue = (i: ApiIssue): RemoteIssue => ({
  number: i.number,
  title: i.title,
  body: i.body ?? '',
  state: i.state === 'closed' ? 'closed' : 'open',
  labels: i.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean),
  url: i.html_url,
});

/**
 * Checks that the repository is there and takes issues. Not retried: when GitHub cannot be
 * reached, the push is queued at once rather than after a round of back-offs.
 */
export async function checkRepository(client: GitHubClient, ref: RepoRef): Promise<void> {
  const { data } = await client.rest.repos.get({ ...ref, request: { retries: 0 } });
  if (data.has_issues === false) throw new Error(`Issues are disabled in ${ref.owner}/${ref.repo}: enable them in the repository settings`);
}

export async function listLabels(client: GitHubClient, ref: RepoRef): Promise<string[]> {
  const labels = await client.paginate(client.rest.issues.listLabelsForRepo, { ...ref, per_page: 100 });
  return labels.map((l) => l.name);
}

/** Issues of earlier pushes: every issue with the audit label, and those stored numbers name. */
export async function listPushedIssues(client: GitHubClient, ref: RepoRef, storedNumbers: Iterable<number>): Promise<RemoteIssue[]> {
  const labelled = await client.paginate(client.rest.issues.listForRepo, { ...ref, labels: AUDIT_LABEL, state: 'all', per_page: 100 });
  const issues = labelled.filter((i) => !i.pull_request).map(toRemoteIssue);
  for (const number of new Set(storedNumbers)) {
    if (issues.some((i) => i.number === number)) continue;
    try {
      const { data } = await client.rest.issues.get({ ...ref, issue_number: number });
      if (!data.pull_request) issues.push(toRemoteIssue(data));
    } catch (error) {
      // Deleted or transferred away: the draft gets a new issue.
      const status = (error as { status?: number }).status;
      if (status !== 404 && status !== 410) throw error;
    }
  }
  return issues;
}
