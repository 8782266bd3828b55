// Redaction of text by what it contains: private keys, secret headers, credentials in URLs and
// connection strings, `KEY=VALUE` and `key: value` whose key names a secret, and the token formats
// of the field. Every rule replaces the secret's characters only — never a quote, a backslash or a
// separator — so JSON stays JSON, YAML stays YAML and a CSV keeps its columns.
import { isPlaceholder, isSecretName, REDACTED } from './secret-names';

/** One kind of secret removed from one place, and how many times. */
export interface Redaction {
  where: string;
  what: string;
  count: number;
}

interface Rule {
  what: string;
  pattern: RegExp;
  /** The replacement of the whole match, or null when the match holds no secret after all. */
  replace: (match: string, ...groups: string[]) => string | null;
  /** A cheap test the text must pass for the rule to be tried (a page of runs holds no `@` or PEM block). */
  needs?: (text: string) => boolean;
  /** The rule redacts only under a name isSecretName accepts: it is skipped where no secret word occurs. */
  secretName?: true;
}

/**
 * What every name isSecretName accepts holds: one of SECRET_WORD's words (cursors included:
 * `X-Sync-Token:` names a `token` to these rules). Text with none of them gives the rules that act
 * under a secret name nothing to act on; a page of runs holds none, and those rules cost the most.
 */
const SECRET_WORDS = /pass|secret|token|(?:api|access|private|account|client|signing|encryption|master)[_-]?key|credential|auth|pwd|pat/i;
/** The same with Unicode folding (isSecretName lowercases with it: the Kelvin sign is a k), for text beyond ASCII. */
const SECRET_WORDS_UNICODE = new RegExp(SECRET_WORDS.source, 'iu');
/**
 * The secret words the structured walk's test (mayHoldStructuredSecrets) looks for more narrowly
 * than these rules: a `token` after a cursor's name (`next_page_token`), `pwd` and `pat` but at
 * the start of a string. Every other one is a word of its test too: in text it found none of its
 * words in, a secret word can only be one of these. (Secret values replaced by [REDACTED] before
 * the test add no word: the brackets part it from its neighbours.)
 */
const WALK_FREE_SECRET_WORDS = /token|pwd|pat/i;
const WALK_FREE_SECRET_WORDS_UNICODE = new RegExp(WALK_FREE_SECRET_WORDS.source, 'iu');

/** What the caller knows of the texts, so that its tests are not made again. */
export interface KnownOfTexts {
  /** They are ASCII throughout. */
  ascii?: boolean;
  /** mayHoldStructuredSecrets found none of its words in any of them. */
  walkFree?: boolean;
}

function mayHoldSecretWords(text: string, known: KnownOfTexts): boolean {
  const ascii = known.ascii || !/[\u0080-\uffff]/.test(text);
  if (known.walkFree) return (ascii ? WALK_FREE_SECRET_WORDS : WALK_FREE_SECRET_WORDS_UNICODE).test(text);
  return (ascii ? SECRET_WORDS : SECRET_WORDS_UNICODE).test(text);
}

/** Characters a bare (unquoted) secret value is made of: not whitespace, a quote, a backslash or a separator. */
const BARE = `[^\\s"'\\\\,;&|<>)}\\]]+`;
/** A value: double-quoted, single-quoted (quotes kept) or bare. */
const VALUE = `\\[REDACTED\\]|"[^"\\\\\\r\\n]*"|'[^'\\r\\n]*'|${BARE}`;

const quoteLike = (value: string) => (/^(["']).*\1$/s.test(value) ? `${value[0]}${REDACTED}${value[0]}` : REDACTED);

/** A secret-looking token: long enough, letters and digits mixed (so `sk-learn-classifier` is a name, not a key). */
const looksRandom = (token: string) => token.length >= 16 && /\d/.test(token) && /[a-z]/.test(token) && /[A-Z]/.test(token);

const SECRET_HEADERS =
  'authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|apikey|x-auth-token|x-mlflow-token|private-token|x-vault-token|x-goog-api-key|x-functions-key|ocp-apim-subscription-key|x-amz-security-token|x-databricks-token';

const token = (what: string, pattern: RegExp, accept: (t: string) => boolean = () => true): Rule => ({
  what,
  pattern,
  replace: (match) => (accept(match) ? REDACTED : null),
});

const STRUCTURE_RULES: Rule[] = [
  {
    what: 'private key',
    // PEM, OpenSSH and PGP blocks; inside a JSON string their line breaks are `\n` escapes.
    pattern: /-----BEGIN ([A-Z ]*)PRIVATE KEY( BLOCK)?-----[\s\S]*?-----END \1PRIVATE KEY\2-----/g,
    needs: (text) => text.includes('PRIVATE KEY'),
    replace: (_m, kind = '', block = '') => `-----BEGIN ${kind}PRIVATE KEY${block}-----${REDACTED}-----END ${kind}PRIVATE KEY${block}-----`,
  },
  {
    what: 'secret header',
    // A `${NAME}` reference is what the workbook keeps instead of the secret: it stays readable.
    pattern: new RegExp(`(^|["'\\s=])((?:${SECRET_HEADERS})\\s*:[ \\t]*)([^"'\\\\\\s][^"'\\\\\\r\\n]*)`, 'gim'),
    // Every header name above ends in one of these (the regex above, tried at every quote of a page, costs twice this).
    needs: (text) => /(?:authorization|cookie|apikey|-key|-token)\s*:/i.test(text),
    replace: (_m, before, head, value) =>
      isPlaceholder(value!) || /^(?:\w+ )?\$\{[A-Z][A-Z0-9_]*\}/.test(value!) ? null : `${before}${head}${REDACTED}`,
  },
  {
    what: 'bearer token',
    pattern: /\b(Bearer|Basic|Token)(\s+)([A-Za-z0-9._~+/=-]{8,})/gi,
    // "Basic authentication" is prose, not a credential: a token has a digit or a symbol, or is long.
    replace: (_m, scheme, space, value) => (/[0-9._~+/=-]/.test(value!) || value!.length >= 20 ? `${scheme}${space}${REDACTED}` : null),
  },
  {
    what: 'password in URL',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@"'\\]+:)([^\s@/"'\\]+)(@)/gi,
    needs: (text) => text.includes('@'),
    replace: (_m, head, password, at) => (isPlaceholder(password!) ? null : `${head}${REDACTED}${at}`),
  },
  {
    what: 'password in connection string',
    // ADO/ODBC/libpq and Azure: Password=…; Pwd=…; AccountKey=…; SharedAccessKey=…; SAS sig=….
    pattern: new RegExp(`\\b(password|passwd|pwd|accountkey|sharedaccesskey|sharedaccesssignature|sig)(\\s*=\\s*)(${VALUE})`, 'gi'),
    needs: (text) => text.includes('='),
    // The shell's PWD (a folder) is not ODBC's PWD.
    replace: (_m, key, eq, value) => (isPlaceholder(value!) || /^[/~]/.test(value!) ? null : `${key}${eq}${quoteLike(value!)}`),
  },
  {
    what: 'secret assignment',
    // A YAML-like line `password: two words # comment`: the value is the rest of the line.
    pattern: /^([ \t]*-?[ \t]*)([A-Za-z_][A-Za-z0-9_.-]*)(:[ \t]+)([^"'\s#|>[{][^\r\n]*?)([ \t]+#.*)?$/gm,
    secretName: true,
    replace: (_m, before, key, sep, value, comment) =>
      isSecretName(key!) && !isPlaceholder(value!) && !isPlaceholder(value!.split(/\s/)[0]!)
        ? `${before}${key}${sep}${REDACTED}${comment}`
        : null,
  },
  {
    what: 'secret assignment',
    // KEY=VALUE (env dumps, shell, .env, --from-literal), key: value (YAML, logs), "key": "value".
    // Only a name holding one of isSecretName's secret words is tried (isSecretName judges it): in
    // JSON every `"key": value` pair would otherwise be a candidate, and MLflow's tags and params are
    // all `{"key": …, "value": …}`, so a bare `key` is not one of them.
    pattern: new RegExp(
      `(^|[\\s"'{,;(&?:=-])(?=[A-Za-z0-9_.-]*?(?:pass|secret|token|(?:api|access|private|account|client|signing|encryption|master)[_-]?key|credential|auth|pwd|pat))([A-Za-z_][A-Za-z0-9_.-]*)(["']?[ \\t]*[=:][ \\t]*)(${VALUE})`,
      'gim',
    ),
    secretName: true,
    replace: (_m, before, key, sep, value) =>
      isSecretName(key!) &&
      !isPlaceholder(value!) &&
      !/^[|>][-+0-9]*$|^(?:Bearer|Basic|Token|Digest|Negotiate)$/i.test(value!) &&
      !value!.startsWith('//')
        ? `${before}${key}${sep}${quoteLike(value!)}`
        : null,
  },
];

/** Token formats of the field: each a pattern of its own, tried only when one of them occurs at all. */
const TOKEN_RULES: Rule[] = [
  token('AWS access key id', /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g),
  token('GitHub token', /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/g),
  token('GitLab token', /\bgl(?:pat|dt|rt|ptt)-[A-Za-z0-9_-]{20,}\b/g),
  token('Slack token', /\bxox[abposre]-[A-Za-z0-9-]{10,}\b|\bxapp-\d-[A-Za-z0-9-]{10,}\b/g),
  token('Slack webhook', /\bhttps:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]{20,}/g),
  token('Stripe key', /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g),
  token('OpenAI-style key', /\bsk-(?:proj-|ant-(?:api\d\d-)?|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g, looksRandom),
  token('Google API key', /\bAIza[0-9A-Za-z_-]{35}\b/g),
  token('Google OAuth client secret', /\bGOCSPX-[A-Za-z0-9_-]{20,}\b/g),
  token('Databricks token', /\bdapi[0-9a-f]{32}(?:-\d+)?\b/g),
  token('Hugging Face token', /\bhf_[A-Za-z0-9]{30,}\b/g),
  token('npm token', /\bnpm_[A-Za-z0-9]{36}\b/g),
  token('PyPI token', /\bpypi-AgE[A-Za-z0-9_-]{50,}/g),
  token('Docker Hub token', /\bdckr_pat_[A-Za-z0-9_-]{20,}\b/g),
  token('Vault token', /\bhv[sbr]\.[A-Za-z0-9_-]{20,}\b/g),
  token('SendGrid key', /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\b/g),
  token('Twilio key', /\bSK[0-9a-fA-F]{32}\b/g),
  token('Shopify token', /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/g),
  token('DigitalOcean token', /\bdo[por]_v1_[a-f0-9]{64}\b/g),
  token('Mailgun key', /\bkey-[0-9a-f]{32}\b/g),
  token('JSON web token', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g),
];

const ANY_TOKEN = new RegExp(TOKEN_RULES.map((r) => `(?:${r.pattern.source})`).join('|'));

export function tally(list: Redaction[], where: string, what: string, count: number): void {
  if (count === 0) return;
  const existing = list.find((r) => r.where === where && r.what === what);
  if (existing) existing.count += count;
  else list.push({ where, what, count });
}

/** Adds `more` into `into` (same where and what add up). */
export function mergeRedactions(into: Redaction[], more: readonly Redaction[]): Redaction[] {
  for (const r of more) tally(into, r.where, r.what, r.count);
  return into;
}

/**
 * Applies one rule. A match found to hold no secret is not consumed as a whole: the scan goes on
 * from its next character, so `--from-literal=password=x` still reaches `password=x`.
 */
function applyRule(text: string, rule: Rule): { text: string; count: number } {
  const pattern = new RegExp(rule.pattern.source, rule.pattern.flags);
  let out = '';
  let from = 0;
  let count = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const replaced = rule.replace(m[0], ...m.slice(1).map((g) => g ?? ''));
    if (replaced === null || replaced === m[0]) {
      pattern.lastIndex = m.index + 1;
      continue;
    }
    out += text.slice(from, m.index) + replaced;
    from = m.index + m[0].length;
    pattern.lastIndex = Math.max(from, m.index + 1);
    count++;
  }
  return { text: from === 0 ? text : out + text.slice(from), count };
}

/**
 * Redacts `text`. `knownSecrets` are the values the runner resolved from secret references: they
 * are removed wherever they appear, whatever their shape.
 */
export function redactText(text: string, where: string, knownSecrets: readonly string[] = []): { text: string; redactions: Redaction[] } {
  const { texts, redactions } = redactTexts([text], where, knownSecrets);
  return { text: texts[0]!, redactions };
}

/**
 * redactText of a text given in slices, each redacted on its own — the caller vouches that no
 * secret reaches across two (JSON Lines cut at line ends, a private key kept in one slice) — with
 * the redactions tallied, and listed, as for the whole.
 */
export function redactTexts(
  texts: readonly string[],
  where: string,
  knownSecrets: readonly string[] = [],
  known: KnownOfTexts = {},
): { texts: string[]; redactions: Redaction[] } {
  const redactions: Redaction[] = [];
  let outs = [...texts];
  /** Applies `redact` to every slice and tallies what it counted under `what`. */
  const each = (what: string, redact: (text: string) => { text: string; count: number }) => {
    let count = 0;
    outs = outs.map((out) => {
      const done = redact(out);
      count += done.count;
      return done.text;
    });
    tally(redactions, where, what, count);
  };
  for (const secret of [...knownSecrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)) {
    each('secret parameter value', (out) => {
      const parts = out.split(secret);
      return { text: parts.join(REDACTED), count: parts.length - 1 };
    });
  }
  // One pass says whether any token format occurs; most text holds none, and 21 passes cost more.
  const mayHoldSecretNames = outs.some((out) => mayHoldSecretWords(out, known));
  const rules = [
    ...STRUCTURE_RULES.filter((r) => (mayHoldSecretNames || !r.secretName) && (!r.needs || outs.some(r.needs))),
    ...(outs.some((out) => ANY_TOKEN.test(out)) ? TOKEN_RULES : []),
  ];
  for (const rule of rules) each(rule.what, (out) => applyRule(out, rule));
  // A block is redacted under a secret name, or in a `kind: Secret` (whose word is a secret word too).
  if (mayHoldSecretNames) each('secret block', redactSecretBlocks);
  return { texts: outs, redactions };
}

/**
 * YAML-like blocks under a secret key, in text that did not parse as YAML (a grep of a manifest, a
 * truncated capture): `token: |` followed by its indented lines, and the `data:`/`stringData:`
 * entries of a `kind: Secret`.
 */
function redactSecretBlocks(text: string): { text: string; count: number } {
  const isSecretManifest = /^\s*kind:\s*["']?Secret["']?\s*$/m.test(text);
  if (!isSecretManifest && !/:[ \t]*[|>][-+0-9]*[ \t]*$/m.test(text)) return { text, count: 0 };
  let count = 0;
  let block: { indent: number; kind: 'scalar' | 'entries' } | null = null;
  const lines = text.split('\n').map((line) => {
    const indent = line.length - line.trimStart().length;
    if (block && line.trim() !== '' && indent <= block.indent) block = null;
    if (block) {
      if (block.kind === 'scalar') return line.trim() === '' ? line : `${' '.repeat(indent)}${REDACTED}`;
      const entry = /^(\s*[^:\s]+:[ \t]*)(\S.*)$/.exec(line);
      if (entry && !isPlaceholder(entry[2]!)) {
        count++;
        return `${entry[1]}${REDACTED}`;
      }
      return line;
    }
    const scalar = /^(\s*-?\s*)([A-Za-z_][\w.-]*)(["']?:[ \t]*)([|>][-+0-9]*)[ \t]*$/.exec(line);
    if (scalar && isSecretName(scalar[2]!)) {
      count++;
      block = { indent, kind: 'scalar' };
    } else if (isSecretManifest && /^\s*(data|stringData):\s*$/.test(line)) block = { indent, kind: 'entries' };
    return line;
  });
  return { text: lines.join('\n'), count };
}
