// Which GitHub, and which token: read from the environment as the GitHub CLI (gh) reads it, so that
// a machine set up for gh is set up for the workbench. Sources: https://cli.github.com/manual/gh_help_environment
// and GitHub's REST docs for the API roots (GitHub Enterprise Server serves it at https://HOST/api/v3).
// The desktop app looks in the OS keychain first. The token is only ever held in memory.
import type { SecretStore } from '../../core/ports';

export const DEFAULT_API_URL = 'https://api.github.com';
export const DEFAULT_TOKEN_ENTRY = 'github-token';

/** The token variables gh reads, in its order of precedence, for github.com (and *.ghe.com) and for a GitHub Enterprise Server. */
export const TOKEN_VARIABLES = {
  github: ['GH_TOKEN', 'GITHUB_TOKEN'],
  enterprise: ['GH_ENTERPRISE_TOKEN', 'GITHUB_ENTERPRISE_TOKEN'],
} as const;

/**
 * The REST API root: the one given, else GITHUB_API_URL (set on GitHub Actions runners), else the
 * one of GH_HOST (github.com, a *.ghe.com tenant, or an Enterprise Server host), else github.com's.
 */
export function gitHubApiUrl(env: NodeJS.ProcessEnv, given?: string): string {
  const explicit = given ?? env['GITHUB_API_URL']?.trim();
  if (explicit) return explicit.replace(/\/+$/, '');
  const host = env['GH_HOST']
    ?.trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '');
  if (!host || host === 'github.com') return DEFAULT_API_URL;
  if (host.endsWith('.ghe.com')) return `https://api.${host}`;
  return `https://${host}/api/v3`;
}

/** Whether an API root is github.com's or a *.ghe.com tenant's (public token variables), not an Enterprise Server's. */
const isGitHubCloud = (apiUrl: string) => {
  const host = new URL(apiUrl).hostname;
  return host === 'api.github.com' || host.endsWith('.ghe.com');
};

export interface TokenSources {
  env: NodeJS.ProcessEnv;
  /** The API the token is for: it decides which of gh's variables apply. */
  apiUrl?: string;
  /** One variable named by the user (--token-env), instead of gh's. */
  envName?: string;
  keychain?: SecretStore;
  keychainEntry?: string;
}

/** The token and where it was looked for (named in messages, never the token itself). */
export async function resolveGitHubToken(sources: TokenSources): Promise<{ token: string | undefined; source: string }> {
  const entry = sources.keychainEntry ?? DEFAULT_TOKEN_ENTRY;
  const fromKeychain = sources.keychain ? await sources.keychain.get(entry) : undefined;
  if (fromKeychain) return { token: fromKeychain, source: `the keychain entry ${entry}` };
  const names = sources.envName ? [sources.envName] : tokenVariables(sources.env, sources.apiUrl ?? DEFAULT_API_URL);
  const found = names.find((name) => sources.env[name]?.trim());
  const variables = names.join(' or ');
  if (found) return { token: sources.env[found]!.trim(), source: found };
  return { token: undefined, source: sources.keychain ? `the keychain entry ${entry} or ${variables}` : variables };
}

/**
 * gh's variables for the API's kind of host, so that a github.com token is never sent to another
 * server nor the reverse. One addition: on a GitHub Actions runner GITHUB_API_URL and GITHUB_TOKEN
 * name the same instance, Enterprise Server included, so GITHUB_TOKEN goes to that API.
 */
function tokenVariables(env: NodeJS.ProcessEnv, apiUrl: string): string[] {
  if (isGitHubCloud(apiUrl)) return [...TOKEN_VARIABLES.github];
  const actions = env['GITHUB_API_URL']?.trim().replace(/\/+$/, '') === apiUrl;
  return [...TOKEN_VARIABLES.enterprise, ...(actions ? ['GITHUB_TOKEN'] : [])];
}
