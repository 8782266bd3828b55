// `github push` against a fake GitHub on 127.0.0.1 that keeps state: the assertions read what the
// fake holds afterwards, as a user would read the repository.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { markedKeys } from '../../core/issues/github-plan';
import { fixedClock } from '../../core/ports';
import type { Workbook } from '../../core/workbook/schema';
import { loadWorkbook, saveWorkbook } from '../../core/workbook/store';
import { pushToGitHub, type PushRequest } from '../../node/github/push';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { primaryRateLimit, secondaryRateLimit, startFakeGitHub, type FakeGitHub } from '../helpers/fake-github';
import { startServer } from '../helpers/http-server';
import { allText, copyFixture } from '../helpers/workbooks';

const TOKEN = 'ghp_TestToken0123456789abcdefABCDEF0123';
const CLOCK = fixedClock('2026-06-01T10:00:00Z');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function github(): Promise<FakeGitHub> {
  const fake = await startFakeGitHub({ token: TOKEN });
  cleanups.push(() => fake.close());
  return fake;
}

/** A private copy of the registry audit (3 Major gaps, 2 Minor, published as v2). */
async function workbook(): Promise<string> {
  const copy = await copyFixture('registry-audit-seed-001');
  cleanups.push(copy.cleanup);
  return copy.dir;
}

function push(fake: { url: string; repo: string }, dir: string, more: Partial<PushRequest> = {}) {
  const lines: string[] = [];
  const run = pushToGitHub({
    dir,
    repo: fake.repo,
    dryRun: false,
    token: TOKEN,
    tokenSource: 'GITHUB_TOKEN',
    apiUrl: fake.url,
    pacing: { writeMs: 0, createMs: 0 },
    clock: CLOCK,
    onProgress: (line) => lines.push(line),
    ...more,
  });
  return { run, lines };
}

async function edit(dir: string, change: (wb: Workbook) => Workbook) {
  await saveWorkbook(fs, dir, change(await loadWorkbook(fs, dir)));
}

const markersOf = (fake: FakeGitHub, id: string) => fake.issues.flatMap((i) => markedKeys(i.body, id));
const issueOf = (fake: FakeGitHub, title: RegExp) => fake.issues.find((i) => title.test(i.title))!;

describe('github push', () => {
  it('first push creates the labels, one issue per Major gap, the polish issue and the umbrella', async () => {
    const [fake, dir] = await Promise.all([github(), workbook()]);
    const { run, lines } = push(fake, dir);
    const result = await run;

    expect(result.status).toBe('pushed');
    expect(fake.issues.map((i) => i.title)).toEqual([
      expect.stringMatching(/^\[ML-0\d\]/),
      expect.stringMatching(/^\[ML-0\d\]/),
      expect.stringMatching(/^\[ML-0\d\]/),
      expect.stringMatching(/^Polish: 2 /),
      expect.stringMatching(/audit findings$/),
    ]);
    const labelNames = fake.labels.map((l) => l.name).sort();
    expect(labelNames).toEqual(expect.arrayContaining(['audit', 'severity:p1', 'severity:p2', 'pillar:1']));
    expect(fake.labels.every((l) => l.color !== 'ededed')).toBe(true); // created by the push, with colours
    const wb = await loadWorkbook(fs, dir);
    expect(markersOf(fake, wb.id).sort()).toEqual(['gap:ML-01', 'gap:ML-02', 'gap:ML-03', 'polish', 'umbrella']);

    // Every number is in the workbook: Major gaps own theirs, Minor gaps name the polish issue.
    const polish = issueOf(fake, /^Polish/);
    const umbrella = issueOf(fake, /audit findings$/);
    for (const g of wb.gaps) {
      const expected = g.severity === 'Minor' ? polish.number : issueOf(fake, new RegExp(`^\\[${g.id}\\]`)).number;
      expect(g.issue).toEqual({ repo: fake.repo, number: expected, url: `https://github.example/${fake.repo}/issues/${expected}` });
    }
    expect(wb.github?.umbrella?.number).toBe(umbrella.number);
    expect(wb.github?.polish?.number).toBe(polish.number);
    // The umbrella names each child by number; none is ticked yet.
    for (const child of fake.issues.filter((i) => i !== umbrella)) expect(umbrella.body).toContain(`- [ ] #${child.number} ${child.title}`);
    expect(lines.filter((l) => /^\[\d\/5\] created #\d/.test(l))).toHaveLength(5);
  });

  it('a second push creates nothing and updates only the bodies that changed', async () => {
    const [fake, dir] = await Promise.all([github(), workbook()]);
    await push(fake, dir).run;
    const before = fake.issues.map((i) => ({ ...i }));

    const again = await push(fake, dir).run;
    expect(again.issues.map((i) => i.action)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(fake.issues).toEqual(before);
    const writesAfterFirst = fake.writes().length;

    await edit(dir, (wb) => ({
      ...wb,
      gaps: wb.gaps.map((g) => (g.id === 'ML-02' ? { ...g, fix: 'Pin the registry URI in the deployment chart.' } : g)),
    }));
    const third = await push(fake, dir).run;
    expect(fake.issues).toHaveLength(5);
    // Editing the gap makes the working copy a draft of v3, which every body names: all update, none is created.
    expect(third.issues.filter((i) => i.action === 'create')).toHaveLength(0);
    expect(issueOf(fake, /^\[ML-02\]/).body).toContain('Pin the registry URI in the deployment chart.');
    expect(
      fake
        .writes()
        .slice(writesAfterFirst)
        .every((w) => w.method === 'PATCH'),
    ).toBe(true);
  });

  it('updates only the changed issue when the report file name is unchanged', async () => {
    const [fake, dir] = await Promise.all([github(), workbook()]);
    // A working copy that is already a draft: its report name stays the same across edits.
    await edit(dir, (wb) => ({ ...wb, scope: `${wb.scope} (re-scoped)` }));
    await push(fake, dir).run;
    await edit(dir, (wb) => ({ ...wb, gaps: wb.gaps.map((g) => (g.id === 'ML-02' ? { ...g, fix: 'Pin the registry URI.' } : g)) }));
    const patchesBefore = fake.writes().length;

    const result = await push(fake, dir).run;
    const changed = result.issues.filter((i) => i.action !== 'unchanged');
    expect(changed.map((i) => [i.title.slice(0, 7), i.action, i.changes])).toEqual([['[ML-02]', 'update', ['body']]]);
    expect(
      fake
        .writes()
        .slice(patchesBefore)
        .map((w) => `${w.method} ${w.url}`),
    ).toEqual([`PATCH /repos/${fake.repo}/issues/${issueOf(fake, /^\[ML-02\]/).number}`]);
  });

  it('closing a gap closes its issue and ticks the umbrella box', async () => {
    const [fake, dir] = await Promise.all([github(), workbook()]);
    await push(fake, dir).run;
    await edit(dir, (wb) => ({ ...wb, gaps: wb.gaps.map((g) => (g.id === 'ML-01' ? { ...g, status: 'Closed' as const } : g)) }));

    const result = await push(fake, dir).run;
    const ml01 = issueOf(fake, /^\[ML-01\]/);
    expect(ml01).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(result.issues.find((i) => i.key === 'gap:ML-01')?.action).toBe('close');
    const umbrella = issueOf(fake, /audit findings$/);
    expect(umbrella.body).toContain(`- [x] #${ml01.number} ${ml01.title}`);
    expect(umbrella.body).toContain('Progress: 1/4 closed.');
    expect(umbrella.state).toBe('open');
    expect(fake.issues).toHaveLength(5);
  });

  it('spaces creations as paced (GitHub advises at least a second between them)', async () => {
    const [fake, dir] = await Promise.all([github(), workbook()]);
    await push(fake, dir, { pacing: { writeMs: 0, createMs: 500 } }).run;
    const creates = fake.log.filter((r) => r.method === 'POST' && r.url.endsWith('/issues')).map((r) => r.at);
    expect(creates).toHaveLength(5);
    // Four gaps of 500 ms at the client. Arrival times here differ from start times by the request's
    // own latency, so only the whole span is bounded, with one latency's margin (unpaced: 0.4 s here, under load).
    expect(creates.at(-1)! - creates[0]!).toBeGreaterThanOrEqual(1500);
  });

  it('a fix verified by the closing check closes the issue too', async () => {
    const [fake, dir] = await Promise.all([github(), workbook()]);
    await push(fake, dir).run;
    await edit(dir, (wb) => ({
      ...wb,
      gaps: wb.gaps.map((g) =>
        g.id === 'ML-03' ? { ...g, fixVerified: { capture: 'a'.repeat(64) as never, at: '2026-05-30T08:00:00Z' } } : g,
      ),
    }));
    await push(fake, dir).run;
    expect(issueOf(fake, /^\[ML-03\]/).state).toBe('closed');
  });

  it('401: one clear message without the token, and the workbook untouched', async () => {
    const [fake, dir] = await Promise.all([github(), workbook()]);
    const before = await readFile(join(dir, 'workbook.json'));
    const failure = push(fake, dir, { token: 'ghp_WrongToken999999999999999999999999' }).run;
    await expect(failure).rejects.toThrow(/^GitHub refused the token \(401\) while reading acme\/platform: check GITHUB_TOKEN/);
    await expect(failure).rejects.not.toThrow(/WrongToken/);
    expect(await readFile(join(dir, 'workbook.json'))).toEqual(before);
    expect(fake.issues).toHaveLength(0);
  });

  it('403 secondary rate limit: waits for retry-after, says so, then succeeds', async () => {
    const [fake, dir] = await Promise.all([github(), workbook()]);
    let limited = false;
    fake.intercept = (req, res, creates) => {
      if (req.method !== 'POST' || !req.url.endsWith('/issues') || creates !== 2 || limited) return false;
      limited = true;
      secondaryRateLimit(res, 1);
      return true;
    };
    const { run, lines } = push(fake, dir);
    const result = await run;

    expect(result.status).toBe('pushed');
    expect(fake.issues).toHaveLength(5);
    const posts = fake.log.filter((r) => r.method === 'POST' && r.url.endsWith('/issues'));
    expect(posts).toHaveLength(6); // five creates, one of them twice
    expect(posts[2]!.at - posts[1]!.at).toBeGreaterThanOrEqual(1000);
    expect(lines).toContain(`GitHub secondary rate limit (retry-after): waiting 1 s before retrying POST /repos/${fake.repo}/issues`);
  });

  it('403 primary rate limit: waits until x-ratelimit-reset, then succeeds', async () => {
    const [fake, dir] = await Promise.all([github(), workbook()]);
    let resetAt = 0;
    fake.intercept = (req, res) => {
      if (resetAt || req.method !== 'GET' || !req.url.includes('/labels')) return false;
      resetAt = Math.floor(Date.now() / 1000) + 2;
      primaryRateLimit(res, resetAt);
      return true;
    };
    const { run, lines } = push(fake, dir);
    expect((await run).status).toBe('pushed');
    // How long it says it waits depends on how late the client reads the answer; that it retried
    // only after the reset does not.
    expect(lines.some((l) => /^GitHub rate limit reached \(x-ratelimit-reset\): waiting \d+ s before retrying GET/.test(l))).toBe(true);
    const labelReads = fake.log.filter((r) => r.method === 'GET' && r.url.includes('/labels'));
    expect(labelReads.length).toBeGreaterThanOrEqual(2);
    expect(labelReads[1]!.at).toBeGreaterThanOrEqual(resetAt * 1000);
  });

  it('a rate limit too long to wait for queues the push', async () => {
    const [fake, dir] = await Promise.all([github(), workbook()]);
    fake.intercept = (req, res) => {
      if (!req.url.includes('/labels')) return false;
      primaryRateLimit(res, Math.floor(Date.now() / 1000) + 3600);
      return true;
    };
    const result = await push(fake, dir, { maxWaitSeconds: 60 }).run;
    expect(result.status).toBe('queued');
    expect(result.pending?.reason).toMatch(/^GitHub's rate limit is used up until \d\d:\d\d UTC/);
  });

  it('422: names the field GitHub rejected, keeps what was done, and a re-run completes it', async () => {
    const [fake, dir] = await Promise.all([github(), workbook()]);
    let rejecting = true;
    fake.intercept = (req, res, creates) => {
      if (!rejecting || req.method !== 'POST' || !req.url.endsWith('/issues') || creates !== 3) return false;
      res.writeHead(422, { 'content-type': 'application/json' });
      // A server that echoes the credentials it received: the message must still not carry the token.
      const message = `title is too long (maximum is 256 characters); sent with ${req.headers.authorization}`;
      res.end(JSON.stringify({ message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'custom', field: 'title', message }] }));
      return true;
    };
    const failure = push(fake, dir).run;
    await expect(failure).rejects.toThrow(
      /^GitHub rejected creating issue \[ML-0\d\] .* \(422\): field "title" custom \(title is too long \(maximum is 256 characters\); sent with token \[token redacted\]\)$/,
    );

    const wb = await loadWorkbook(fs, dir); // still valid, with the two issues made before
    expect(
      wb.gaps
        .filter((g) => g.issue)
        .map((g) => g.issue!.number)
        .sort(),
    ).toEqual([1, 2]);
    expect(wb.github).toBeUndefined(); // a rejection is not queued
    rejecting = false;
    await push(fake, dir).run;
    expect(fake.issues).toHaveLength(5);
    expect(new Set(markersOf(fake, wb.id)).size).toBe(5);
  });

  it('a connection dropped after a create: queued, and the re-run adopts the issue instead of duplicating it', async () => {
    const [fake, dir] = await Promise.all([github(), workbook()]);
    fake.afterCreate = (_issue, creates) => creates === 2;
    const queued = await push(fake, dir).run;
    expect(queued.status).toBe('queued');
    expect(queued.pending?.reason).toMatch(/^GitHub is unreachable \(UND_ERR_SOCKET\) while creating issue \[ML-0\d\]/);
    expect(fake.issues).toHaveLength(2); // the second one exists, but its number never reached the workbook
    expect((await loadWorkbook(fs, dir)).gaps.filter((g) => g.issue)).toHaveLength(1);

    fake.afterCreate = undefined;
    const resumed = await push(fake, dir).run;
    expect(resumed.issues.map((i) => i.action)).toEqual(['unchanged', 'unchanged', 'create', 'create', 'create']);
    expect(fake.issues).toHaveLength(5);
    const wb = await loadWorkbook(fs, dir);
    expect(markersOf(fake, wb.id).sort()).toEqual(['gap:ML-01', 'gap:ML-02', 'gap:ML-03', 'polish', 'umbrella']);
    expect(
      wb.gaps
        .filter((g) => g.severity !== 'Minor')
        .map((g) => g.issue?.number)
        .sort(),
    ).toEqual([1, 2, 3]);
    expect(wb.github?.pending).toBeUndefined();
  });

  it('dry run: prints the plan and writes nothing, locally or on GitHub', async () => {
    const [fake, dir] = await Promise.all([github(), workbook()]);
    const before = await allFiles(dir);
    const result = await push(fake, dir, { dryRun: true }).run;
    expect(result.status).toBe('dry-run');
    expect(result.issues.map((i) => i.action)).toEqual(['create', 'create', 'create', 'create', 'create']);
    expect(result.labels).toEqual(expect.arrayContaining(['audit', 'severity:p1']));
    expect(fake.writes()).toEqual([]);
    expect(await allFiles(dir)).toEqual(before);

    await push(fake, dir).run;
    await edit(dir, (wb) => ({ ...wb, gaps: wb.gaps.map((g) => (g.id === 'ML-01' ? { ...g, status: 'Closed' as const } : g)) }));
    const afterEdit = await allFiles(dir);
    const writes = fake.writes().length;
    const plan = await push(fake, dir, { dryRun: true }).run;
    expect(plan.issues.find((i) => i.key === 'gap:ML-01')).toMatchObject({ action: 'close', number: issueOf(fake, /^\[ML-01\]/).number });
    expect(plan.issues.filter((i) => i.action === 'create')).toEqual([]);
    expect(fake.writes()).toHaveLength(writes);
    expect(await allFiles(dir)).toEqual(afterEdit);
  });

  it('offline: the push is queued in the workbook, and a later push sends it and clears the queue', async () => {
    const dir = await workbook();
    const closed = await startServer(() => undefined);
    const deadUrl = closed.url;
    await closed.close(); // nothing listens there any more: connection refused

    const queued = await push({ url: deadUrl, repo: 'acme/platform' }, dir).run;
    expect(queued.status).toBe('queued');
    expect(queued.pending).toEqual({
      repo: 'acme/platform',
      since: '2026-06-01T10:00:00.000Z',
      reason: expect.stringMatching(/^GitHub is unreachable \(ECONNREFUSED\) while reading acme\/platform/),
    });
    expect((await loadWorkbook(fs, dir)).github?.pending).toEqual(queued.pending);

    const fake = await github();
    const pushed = await push(fake, dir, { clock: fixedClock('2026-06-02T09:00:00Z') }).run;
    expect(pushed.status).toBe('pushed');
    expect(fake.issues).toHaveLength(5);
    const wb = await loadWorkbook(fs, dir);
    expect(wb.github?.pending).toBeUndefined();
    expect(wb.github?.umbrella?.number).toBe(5);
  });

  it('never writes the token into the workbook folder', async () => {
    const [fake, dir] = await Promise.all([github(), workbook()]);
    await push(fake, dir).run;
    await edit(dir, (wb) => ({ ...wb, gaps: wb.gaps.map((g) => (g.id === 'ML-02' ? { ...g, status: 'Closed' as const } : g)) }));
    await push(fake, dir).run;
    expect(await allText(dir)).not.toContain(TOKEN);
    expect(fake.log.every((r) => r.headers.authorization === `token ${TOKEN}`)).toBe(true);
  });
});

async function allFiles(dir: string): Promise<Record<string, string>> {
  const { readdir } = await import('node:fs/promises');
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out[join(entry.parentPath, entry.name)] = (await readFile(join(entry.parentPath, entry.name))).toString('base64');
  }
  return out;
}
