// Which links may leave the app: https only, without credentials, and only after the user
// confirms (main.ts asks). Everything else — http, javascript:, file:, custom schemes — is refused.

/** The URL to offer opening in the browser, or null when it must be refused outright. */
export function externalLink(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '' || parsed.hostname === '') return null;
  return parsed.href;
}
