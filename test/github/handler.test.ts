// The github:push channel of the contract: validated like every request, the token from the app's
// keychain (or the variables gh reads), and the same push as the CLI behind it.
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/ports';
import { loadWorkbook } from '../../core/workbook/store';
import type { SecretStore } from '../../core/ports';
import { dispatch } from '../../node/api/handlers';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { startFakeGitHub } from '../helpers/fake-github';
import { startServer } from '../helpers/http-server';
import { copyFixture } from '../helpers/workbooks';

const TOKEN = 'ghp_AppToken0123456789abcdefABCDEF0123456';
const REPO = 'acme/platform';
const clock = fixedClock('2026-06-01T10:00:00Z');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function keychain(entries: Record<string, string>): SecretStore {
  return {
    get: async (name) => entries[name],
    set: async (name, value) => void (entries[name] = value),
    delete: async (name) => delete entries[name],
    list: async () => Object.keys(entries),
  };
}

async function setup() {
  const fake = await startFakeGitHub({ token: TOKEN, repo: REPO });
  const copy = await copyFixture('registry-audit-seed-001');
  cleanups.push(() => fake.close(), copy.cleanup);
  return { fake, dir: copy.dir };
}

describe('github:push', () => {
  it('validates the request', async () => {
    expect(await dispatch('github:push', { dir: '/tmp/x', repo: 'nope' })).toEqual({
      error: { kind: 'invalid-request', message: 'github:push: repo: a repository as owner/name' },
    });
    expect(await dispatch('github:push', { dir: '/tmp/x', repo: REPO, token: TOKEN })).toMatchObject({
      error: { kind: 'invalid-request' },
    });
  });

  it('takes the token from the keychain entry and returns the plan of a dry run', async () => {
    const { fake, dir } = await setup();
    const result = await dispatch(
      'github:push',
      { dir, repo: REPO, dryRun: true, apiUrl: fake.url },
      { env: {}, clock, keychain: keychain({ 'github-token': TOKEN }) },
    );
    expect(result).toMatchObject({ data: { status: 'dry-run', repo: REPO, labels: expect.arrayContaining(['audit']) } });
    const data = (result as { data: { issues: { action: string }[] } }).data;
    expect(data.issues.map((i) => i.action)).toEqual(['create', 'create', 'create', 'create', 'create']);
    expect(fake.writes()).toEqual([]);
    expect(fake.log.every((r) => r.headers.authorization === `token ${TOKEN}`)).toBe(true);
  });

  it('falls back to the variables gh reads for an Enterprise host, and says where it looked when there is none', async () => {
    const { fake, dir } = await setup();
    const fromEnv = await dispatch(
      'github:push',
      { dir, repo: REPO, dryRun: true, apiUrl: fake.url },
      { env: { GH_ENTERPRISE_TOKEN: TOKEN }, clock, keychain: keychain({}) },
    );
    expect(fromEnv).toMatchObject({ data: { status: 'dry-run' } });
    const none = await dispatch('github:push', { dir, repo: REPO, apiUrl: fake.url }, { env: {}, clock, keychain: keychain({}) });
    expect(none).toEqual({
      error: {
        kind: 'failed',
        message: expect.stringMatching(
          /^no GitHub token: set the keychain entry github-token or GH_ENTERPRISE_TOKEN or GITHUB_ENTERPRISE_TOKEN /,
        ),
      },
    });
  });

  it('queues the push when GitHub is unreachable and says so in the data', async () => {
    const { dir } = await setup();
    const closed = await startServer(() => undefined);
    await closed.close();
    const result = await dispatch('github:push', { dir, repo: REPO, apiUrl: closed.url }, { env: { GH_ENTERPRISE_TOKEN: TOKEN }, clock });
    expect(result).toMatchObject({ data: { status: 'queued', pending: { repo: REPO, since: '2026-06-01T10:00:00.000Z' } } });
    expect((await loadWorkbook(fs, dir)).github?.pending?.repo).toBe(REPO);
  });
});
