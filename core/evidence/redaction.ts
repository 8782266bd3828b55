// Redaction, applied before anything is hashed, stored or shown: secrets the runner used, secret
// headers, credentials in URLs and connection strings, Kubernetes Secret values, AWS keys, bearer
// tokens and other well-known token shapes. Each capture lists what was redacted where.

export const REDACTED = '[REDACTED]';

/** One kind of secret removed from one place, and how many times. */
export interface Redaction {
  where: string;
  what: string;
  count: number;
}

interface Rule {
  what: string;
  pattern: RegExp;
  /** Replacement keeping the non-secret context (the header name …); null leaves the match as is. */
  replace: (match: string, ...groups: string[]) => string | null;
}

const SECRET_HEADERS =
  'authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|apikey|x-auth-token|x-mlflow-token|private-token';

const RULES: Rule[] = [
  {
    what: 'private key',
    pattern: /-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g,
    replace: (_m, kind) => `-----BEGIN ${kind}PRIVATE KEY-----${REDACTED}-----END ${kind}PRIVATE KEY-----`,
  },
  {
    what: 'secret header',
    // A `${NAME}` reference is what the workbook keeps instead of the secret: it stays readable.
    pattern: new RegExp(
      `(^|["'\\s])((?:${SECRET_HEADERS})\\s*:\\s*)(?!\\[REDACTED\\]|(?:\\w+ )?\\$\\{[A-Z][A-Z0-9_]*\\}(?=["'\\s]|$))([^"'\\s][^"'\\r\\n]*)`,
      'gim',
    ),
    replace: (_m, before, head) => `${before}${head}${REDACTED}`,
  },
  {
    what: 'bearer token',
    pattern: /\b(Bearer|Basic)(\s+)(?!\[REDACTED\])([A-Za-z0-9._~+/=-]{8,})/gi,
    // "Basic authentication" is prose, not a credential: a token has a digit or a symbol, or is long.
    replace: (_m, scheme, space, token) => (/[0-9._~+/=-]/.test(token!) || token!.length >= 20 ? `${scheme}${space}${REDACTED}` : null),
  },
  {
    what: 'password in URL',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)(?!\[REDACTED\])([^\s@/]+)(@)/gi,
    replace: (_m, head, _pw, at) => `${head}${REDACTED}${at}`,
  },
  {
    what: 'password in connection string',
    pattern: /\b(password|passwd|pwd)(\s*=\s*)(?!\[REDACTED\])('[^']*'|"[^"]*"|[^\s;&]+)/gi,
    replace: (_m, key, eq) => `${key}${eq}${REDACTED}`,
  },
  {
    what: 'secret field',
    // Pagination cursors (next_page_token, ContinuationToken) are named like tokens but are not secrets.
    pattern:
      /("(?!(?:next_)?page_token"|(?:next)?continuation_?token")(?:[A-Za-z_]*_)?(?:password|passwd|secret|token|api_?key|access_?key|secret_?access_?key|client_?secret)"\s*:\s*)"(?!\[REDACTED\])[^"]+"/gi,
    replace: (_m, head) => `${head}"${REDACTED}"`,
  },
  {
    what: 'AWS secret access key',
    pattern: /\b(aws_secret_access_key|AWS_SECRET_ACCESS_KEY|SecretAccessKey)(["']?\s*[:=]\s*["']?)(?!\[REDACTED\])([A-Za-z0-9/+=]{40})/g,
    replace: (_m, key, sep) => `${key}${sep}${REDACTED}`,
  },
  { what: 'AWS access key id', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/g, replace: () => REDACTED },
  { what: 'GitHub token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/g, replace: () => REDACTED },
  { what: 'Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g, replace: () => REDACTED },
  { what: 'JSON web token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g, replace: () => REDACTED },
];

function tally(list: Redaction[], where: string, what: string, count: number): void {
  if (count === 0) return;
  const existing = list.find((r) => r.where === where && r.what === what);
  if (existing) existing.count += count;
  else list.push({ where, what, count });
}

/**
 * Redacts `text`. `knownSecrets` are the values the runner resolved from secret references: they
 * are removed wherever they appear, whatever their shape.
 */
export function redactText(text: string, where: string, knownSecrets: readonly string[] = []): { text: string; redactions: Redaction[] } {
  const redactions: Redaction[] = [];
  let out = text;
  for (const secret of [...knownSecrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)) {
    const parts = out.split(secret);
    tally(redactions, where, 'secret parameter value', parts.length - 1);
    out = parts.join(REDACTED);
  }
  for (const rule of RULES) {
    let count = 0;
    out = out.replace(rule.pattern, (...args: unknown[]) => {
      const match = args[0] as string;
      const groups = args.slice(1, -2).filter((g) => typeof g === 'string' || g === undefined) as string[];
      const replaced = rule.replace(match, ...groups);
      if (replaced === null) return match;
      count++;
      return replaced;
    });
    tally(redactions, where, rule.what, count);
  }
  return { text: out, redactions };
}

/** Replaces every value under `data` and `stringData` of Kubernetes Secret objects, at any depth. */
export function redactKubernetesSecrets(value: unknown, where: string): { value: unknown; redactions: Redaction[] } {
  const redactions: Redaction[] = [];
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const record = node as Record<string, unknown>;
    const isSecret = record['kind'] === 'Secret';
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(record)) {
      if (isSecret && (key === 'data' || key === 'stringData') && child && typeof child === 'object') {
        const entries = Object.keys(child);
        tally(redactions, where, 'Kubernetes Secret value', entries.length);
        out[key] = Object.fromEntries(entries.map((k) => [k, REDACTED]));
      } else if (isSecret && key === 'metadata' && child && typeof child === 'object') {
        // kubectl apply keeps the whole Secret, values included, in this annotation.
        const meta = { ...(child as Record<string, unknown>) };
        const annotations = meta['annotations'] as Record<string, unknown> | undefined;
        const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';
        if (annotations && lastApplied in annotations) {
          meta['annotations'] = { ...annotations, [lastApplied]: REDACTED };
          tally(redactions, where, 'Kubernetes Secret value', 1);
        }
        out[key] = walk(meta);
      } else out[key] = walk(child);
    }
    return out;
  };
  return { value: walk(value), redactions };
}

/** Redacts the `data:` / `stringData:` blocks of Secrets in `kubectl get secret -o yaml` output. */
export function redactKubernetesSecretYaml(text: string, where: string): { text: string; redactions: Redaction[] } {
  if (!/^kind:\s*Secret\s*$/m.test(text)) return { text, redactions: [] };
  const redactions: Redaction[] = [];
  let count = 0;
  let blockIndent: number | null = null;
  const lines = text.split('\n').map((line) => {
    const indent = line.length - line.trimStart().length;
    if (blockIndent !== null) {
      if (line.trim() !== '' && indent <= blockIndent) blockIndent = null;
      else {
        const m = /^(\s*[^:\s]+:\s*)(\S.*)$/.exec(line);
        if (m) {
          count++;
          return `${m[1]}${REDACTED}`;
        }
        return line;
      }
    }
    if (/^\s*(data|stringData):\s*$/.test(line)) blockIndent = indent;
    return line;
  });
  tally(redactions, where, 'Kubernetes Secret value', count);
  return { text: lines.join('\n'), redactions };
}

/** Adds `more` into `into` (same where and what add up). */
export function mergeRedactions(into: Redaction[], more: readonly Redaction[]): Redaction[] {
  for (const r of more) tally(into, r.where, r.what, r.count);
  return into;
}
