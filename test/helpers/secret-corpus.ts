// Secrets in the formats of the field, and documents that carry them the way real captures do, for
// the redaction corpus. Token shapes follow each vendor's published format (prefix, alphabet,
// length); bodies are generated, never real. Each secret names what must never appear once stored:
// `leak`, a distinctive part of the value.

/** A deterministic pseudo-random string over `alphabet` (mixed, so it looks like a real token). */
function body(seed: number, length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'): string {
  let x = seed * 2654435761;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += alphabet[x % alphabet.length];
  }
  return out;
}
const HEX = '0123456789abcdef';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export interface CorpusSecret {
  /** What kind of secret it is, as a reader would name it. */
  format: string;
  /** The name it is stored under: a secret name for secrets recognised by it, a neutral one for self-evident tokens. */
  key: string;
  value: string;
  /** The part that must not appear anywhere once stored. */
  leak: string;
}

const pem = (kind: string, b: string) =>
  `-----BEGIN ${kind}PRIVATE KEY-----\n${b.match(/.{1,64}/g)!.join('\n')}\n-----END ${kind}PRIVATE KEY-----`;

const secret = (format: string, key: string, value: string, leak = value): CorpusSecret => ({ format, key, value, leak });

const rsa = body(17, 128, B64);
const openssh = body(18, 128, B64);
const pgUrlPassword = `Pg${body(19, 14)}`;
const sqlPassword = `Sql${body(20, 14)}`;
const accountKey = `${body(21, 86, B64)}==`;

export const SECRET_CORPUS: CorpusSecret[] = [
  secret('AWS access key id', 'note', `AKIA${body(1, 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`),
  secret('AWS secret access key', 'AWS_SECRET_ACCESS_KEY', body(2, 40, B64)),
  secret('GitHub personal token', 'note', `ghp_${body(3, 36)}`),
  secret('GitHub OAuth token', 'note', `gho_${body(4, 36)}`),
  secret('GitHub app token', 'note', `ghs_${body(5, 36)}`),
  secret('GitHub fine-grained token', 'note', `github_pat_${body(6, 22)}_${body(7, 59)}`),
  secret('GitLab token', 'note', `glpat-${body(8, 20)}`),
  secret('Slack bot token', 'note', `xoxb-${body(9, 12, '0123456789')}-${body(10, 13, '0123456789')}-${body(11, 24)}`),
  secret(
    'Slack webhook',
    'note',
    `https://hooks.slack.com/services/T${body(12, 8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}/B${body(13, 8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}/${body(14, 24)}`,
  ),
  secret('Stripe secret key', 'note', `sk_live_${body(15, 24)}`),
  secret('Stripe restricted key', 'note', `rk_live_${body(16, 24)}`),
  secret('OpenAI project key', 'note', `sk-proj-${body(22, 48)}`),
  secret('Anthropic key', 'note', `sk-ant-api03-${body(23, 93)}`),
  secret('Google API key', 'note', `AIza${body(24, 35)}`),
  secret('Google OAuth client secret', 'note', `GOCSPX-${body(25, 28)}`),
  secret('Databricks token', 'note', `dapi${body(26, 32, HEX)}`),
  secret('Hugging Face token', 'note', `hf_${body(27, 34)}`),
  secret('npm token', 'note', `npm_${body(28, 36)}`),
  secret('Vault token', 'note', `hvs.${body(29, 90)}`),
  secret('SendGrid key', 'note', `SG.${body(30, 22)}.${body(31, 43)}`),
  secret('Twilio API key', 'note', `SK${body(32, 32, HEX)}`),
  secret(
    'JSON web token',
    'note',
    `eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ${body(33, 40)}.${body(34, 86, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-')}`,
  ),
  secret('RSA private key (PEM)', 'tls_key', pem('RSA ', rsa), rsa.slice(0, 48)),
  secret('OpenSSH private key', 'deploy_key', pem('OPENSSH ', openssh), openssh.slice(0, 48)),
  secret('password in a database URL', 'note', `postgresql://mlflow:${pgUrlPassword}@db.internal:5432/mlflow`, pgUrlPassword),
  secret('password in a connection string', 'note', `Server=sql.internal;Database=mlflow;User Id=sa;Password=${sqlPassword};`, sqlPassword),
  secret(
    'Azure storage connection string',
    'note',
    `DefaultEndpointsProtocol=https;AccountName=mlflowart;AccountKey=${accountKey};EndpointSuffix=core.windows.net`,
    accountKey.slice(0, 40),
  ),
  secret('Authorization header', 'note', `Authorization: Bearer ${body(35, 40)}`, body(35, 40)),
  secret('Vault token header', 'note', `X-Vault-Token: s.${body(36, 24)}`, body(36, 24)),
  secret('database password variable', 'DB_PASSWORD', `Db${body(37, 18)}`),
  secret('PostgreSQL password variable', 'PGPASSWORD', `Pq${body(38, 18)}`),
  secret('MLflow password', 'MLFLOW_TRACKING_PASSWORD', `Mp${body(39, 18)}`),
  secret('MLflow token', 'MLFLOW_TRACKING_TOKEN', body(40, 32, HEX)),
  secret('kubeconfig user token', 'token', body(41, 64, B64)),
  secret('kubeconfig client key', 'client-key-data', body(42, 80, B64)),
  secret('Docker registry auth', 'auth', Buffer.from(`robot:${body(43, 24)}`).toString('base64')),
  secret('OAuth client secret', 'clientSecret', body(44, 32)),
];

/** The names the corpus gives the import formats, as the CLI's --format spells them. */
export type CorpusFormat = 'json' | 'ndjson' | 'yaml' | 'csv' | 'kubectl-table' | 'grep' | 'env' | 'text';

const oneLine = (value: string) => value.replace(/\n/g, '\\n');

/** The secrets written the way a capture in `format` carries them. */
export function corpusDocument(format: CorpusFormat, secrets: readonly CorpusSecret[] = SECRET_CORPUS): string {
  switch (format) {
    case 'json':
      // A kubectl-like list: each secret in a ConfigMap-ish object, a Secret, and container env.
      return JSON.stringify(
        {
          kind: 'List',
          items: [
            ...secrets.map((s, i) => ({ kind: 'Config', metadata: { name: `item-${i}` }, data: { [s.key]: s.value } })),
            { kind: 'Secret', metadata: { name: 'mlflow-db' }, stringData: { password: secrets[30]!.value } },
            { kind: 'Pod', spec: { containers: [{ name: 'mlflow', env: [{ name: 'DB_PASSWORD', value: secrets[29]!.value }] }] } },
          ],
        },
        null,
        2,
      );
    case 'ndjson':
      return secrets.map((s, i) => JSON.stringify({ id: i, [s.key]: s.value })).join('\n') + '\n';
    case 'yaml':
      return (
        secrets
          .map((s, i) =>
            s.value.includes('\n')
              ? `item${i}:\n  ${s.key}: |\n${s.value.replace(/^/gm, '    ')}\n`
              : `item${i}:\n  ${s.key}: ${JSON.stringify(s.value)}\n`,
          )
          .join('') + `---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: mlflow-db\nstringData:\n  password: ${secrets[30]!.value}\n`
      );
    case 'csv':
      return `${['id', ...secrets.map((s) => s.key)].map((k, i) => (i ? `${k}_${i}` : k)).join(',')}\n1,${secrets.map((s) => JSON.stringify(oneLine(s.value))).join(',')}\n`;
    case 'kubectl-table': {
      // The secret in a middle column: redaction must keep NAMESPACE where its header says.
      const cells = secrets.map((s) => [s.key, s.key === 'note' ? oneLine(s.value) : `${s.key}=${oneLine(s.value)}`, 'mlflow']);
      const widths = [0, 1, 2].map((i) => Math.max(...cells.map((c) => c[i]!.length), 9) + 3);
      const row = (c: string[]) => c[0]!.padEnd(widths[0]!) + c[1]!.padEnd(widths[1]!) + c[2];
      return `${[row(['NAME', 'VALUE', 'NAMESPACE']), ...cells.map(row)].join('\n')}\n`;
    }
    case 'grep':
      return (
        secrets
          .map((s, i) => `deploy/config/settings.py:${i + 1}:${s.key.toUpperCase().replace(/-/g, '_')} = "${oneLine(s.value)}"`)
          .join('\n') + '\n'
      );
    case 'env':
      return (
        secrets.map((s) => `${s.key === 'note' ? 'NOTE' : s.key.toUpperCase().replace(/-/g, '_')}=${oneLine(s.value)}`).join('\n') + '\n'
      );
    case 'text':
      return secrets
        .map((s, i) => `2026-12-01T10:00:${String(i).padStart(2, '0')}Z INFO worker: ${s.key === 'note' ? s.value : `${s.key}=${s.value}`}`)
        .join('\n');
  }
}
