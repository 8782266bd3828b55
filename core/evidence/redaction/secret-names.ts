// Which names call for their value to be hidden: a key, a variable, a column or a header named like
// a password, a token or a key — whatever the convention (DB_PASSWORD, dbPassword, client-key-data,
// X-Vault-Token). One rule for JSON, YAML, CSV, KEY=VALUE lines and headers.

export const REDACTED = '[REDACTED]';

// The secret word must end the name or a segment of it: `max_tokens`, `tokenizer`, `secretName`
// (a reference to a Secret) and `authorName` are not secrets; `PGPASSWORD`, `api-key`, `auth` are.
const SECRET_WORD =
  /(?:pass(?:word|wd|phrase)|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|account[_-]?key|client[_-]?key|signing[_-]?key|encryption[_-]?key|master[_-]?key|credentials?|authorization|(?:^|[_.-])auth|^pwd|^pat)(?![a-z])/g;

// What follows the secret word and makes the name describe the secret rather than hold it:
// `token_type`, `secret_name`, `password_file`, `token_endpoint`, `credentials_path`.
const DESCRIBING_SEGMENTS = new Set(
  (
    'name names ref refs file files path paths dir type types kind id ids uri url urls endpoint header policy mount store ' +
    'provider version length len ttl expiry expires expiration expire at time lifetime count enabled required rotation env ' +
    'field fields format source selector limit min max size namespace label labels hint prompt description help set present ' +
    'configured exists age updated created last mode rule rules method scheme algorithm location key_ref keyref'
  ).split(' '),
);

// Cursors that servers name like tokens: MLflow's next_page_token, S3's ContinuationToken, AWS NextToken.
const CURSOR = /(?:next|page|continuation|cursor|sync|resume|start)[_-]?token/;

const segmentsOf = (rest: string) =>
  rest
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_.\-\s]+/)
    .filter(Boolean);

// Names repeat (every run of a page has the same keys): each is judged once, up to a bound.
const judged = new Map<string, boolean>();

/** Whether a value stored under `name` (a key, variable, column or header) is a secret. */
export function isSecretName(name: string): boolean {
  if (name.length > 80) return false; // a value beside a `value` key, not a name: not kept
  let secret = judged.get(name);
  if (secret === undefined) {
    if (judged.size >= 10_000) judged.clear();
    secret = judgeName(name);
    judged.set(name, secret);
  }
  return secret;
}

function judgeName(name: string): boolean {
  const lower = name.toLowerCase();
  if (name.length > 80 || CURSOR.test(lower)) return false;
  if (lower === 'pwd' && name === 'PWD') return false; // the shell's working directory
  let last: RegExpExecArray | null = null;
  for (const m of lower.matchAll(SECRET_WORD)) last = m as RegExpExecArray;
  if (!last) return false;
  // The original spelling, so that camelCase segments after the word can be told apart.
  const rest = segmentsOf(name.slice(last.index + last[0].length));
  return !rest.some((segment) => DESCRIBING_SEGMENTS.has(segment));
}

/** Values that hold no secret even under a secret name: empty, already redacted, a reference, a mask. */
export function isPlaceholder(value: string): boolean {
  const unquoted = value.trim().replace(/^(["'])(.*)\1$/, '$2');
  // `Bearer ${MLFLOW_TRACKING_TOKEN}`, `${USER}:${PASSWORD}`: references are what a workbook keeps.
  const withoutReferences = unquoted.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(?::[a-z]+)?\}/g, '');
  if (withoutReferences !== unquoted && /^(?:(?:Bearer|Basic|Token)\s*)?[\s:@/._-]*$/i.test(withoutReferences)) return true;
  const v = unquoted;
  return (
    v === '' ||
    v.includes(REDACTED) ||
    /^\$\{?[A-Za-z_][A-Za-z0-9_]*(?::[a-z]+)?\}?$/.test(v) ||
    // The name of the variable that holds it (`credentials: MLFLOW_TRACKING_TOKEN is not set`).
    /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(v) ||
    /^<[^<>]*>$/.test(v) ||
    /^[*xX•.]+$/.test(v) ||
    /^(?:null|none|nil|true|false|undefined|~)$/i.test(v)
  );
}
