// Where the GitHub token comes from: the OS keychain when the app provides one and holds the entry,
// else an environment variable. The token is only ever held in memory.
import type { SecretStore } from '../../core/ports';

export const DEFAULT_TOKEN_ENV = 'GITHUB_TOKEN';
export const DEFAULT_TOKEN_ENTRY = 'github-token';

export interface TokenSources {
  env: NodeJS.ProcessEnv;
  envName?: string;
  keychain?: SecretStore;
  keychainEntry?: string;
}

/** The token and where it was looked for (named in messages, never the token itself). */
export async function resolveGitHubToken(sources: TokenSources): Promise<{ token: string | undefined; source: string }> {
  const envName = sources.envName ?? DEFAULT_TOKEN_ENV;
  const entry = sources.keychainEntry ?? DEFAULT_TOKEN_ENTRY;
  const fromKeychain = sources.keychain ? await sources.keychain.get(entry) : undefined;
  if (fromKeychain) return { token: fromKeychain, source: `the keychain entry ${entry}` };
  const fromEnv = sources.env[envName]?.trim();
  const source = sources.keychain ? `the keychain entry ${entry} or ${envName}` : envName;
  return { token: fromEnv || undefined, source };
}
