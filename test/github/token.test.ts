// Which GitHub and which token, read from the environment as gh reads it
// (https://cli.github.com/manual/gh_help_environment).
import { describe, expect, it } from 'vitest';
import { gitHubApiUrl, resolveGitHubToken } from '../../node/github/token';

describe('the GitHub environment', () => {
  it.each([
    [{}, undefined, 'https://api.github.com'],
    [{ GH_HOST: 'github.com' }, undefined, 'https://api.github.com'],
    [{ GH_HOST: 'ghe.acme.internal' }, undefined, 'https://ghe.acme.internal/api/v3'],
    [{ GH_HOST: 'https://ghe.acme.internal/' }, undefined, 'https://ghe.acme.internal/api/v3'],
    [{ GH_HOST: 'acme.ghe.com' }, undefined, 'https://api.acme.ghe.com'],
    [{ GH_HOST: 'ghe.acme.internal', GITHUB_API_URL: 'https://ghe.acme.internal/api/v3/' }, undefined, 'https://ghe.acme.internal/api/v3'],
    [{ GITHUB_API_URL: 'https://ghe.acme.internal/api/v3' }, 'http://127.0.0.1:9/', 'http://127.0.0.1:9'],
  ])('%j with --api-url %s is %s', (env, given, expected) => {
    expect(gitHubApiUrl(env, given)).toBe(expected);
  });

  it('takes GH_TOKEN before GITHUB_TOKEN for github.com, and never sends them to another host', async () => {
    const env = { GH_TOKEN: 'gh', GITHUB_TOKEN: 'actions', GH_ENTERPRISE_TOKEN: 'ghe' };
    expect(await resolveGitHubToken({ env })).toEqual({ token: 'gh', source: 'GH_TOKEN' });
    expect(await resolveGitHubToken({ env: { GITHUB_TOKEN: 'actions' } })).toEqual({ token: 'actions', source: 'GITHUB_TOKEN' });
    expect(await resolveGitHubToken({ env, apiUrl: 'https://ghe.acme.internal/api/v3' })).toEqual({
      token: 'ghe',
      source: 'GH_ENTERPRISE_TOKEN',
    });
    expect(await resolveGitHubToken({ env: { GH_TOKEN: 'gh' }, apiUrl: 'https://ghe.acme.internal/api/v3' })).toEqual({
      token: undefined,
      source: 'GH_ENTERPRISE_TOKEN or GITHUB_ENTERPRISE_TOKEN',
    });
    expect(await resolveGitHubToken({ env: { GH_TOKEN: 'gh' }, apiUrl: 'https://api.acme.ghe.com' })).toMatchObject({ token: 'gh' });
  });

  it('sends GITHUB_TOKEN to the Enterprise API a GitHub Actions runner names in GITHUB_API_URL, and a named variable alone when given', async () => {
    const actions = { GITHUB_API_URL: 'https://ghe.acme.internal/api/v3', GITHUB_TOKEN: 'actions' };
    expect(await resolveGitHubToken({ env: actions, apiUrl: gitHubApiUrl(actions) })).toEqual({ token: 'actions', source: 'GITHUB_TOKEN' });
    expect(await resolveGitHubToken({ env: { ...actions, MINE: 'mine' }, envName: 'MINE' })).toEqual({ token: 'mine', source: 'MINE' });
    expect(await resolveGitHubToken({ env: actions, envName: 'MINE' })).toEqual({ token: undefined, source: 'MINE' });
  });
});
