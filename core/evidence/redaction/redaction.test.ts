import { describe, expect, it } from 'vitest';
import { mayHoldStructuredSecrets, REDACTED, redactJsonValue, redactOutput, redactText, redactTexts } from '.';

const redact = (text: string, known: string[] = []) => redactText(text, 'output', known);

describe('redactText', () => {
  it.each([
    ['Authorization: Bearer abc.def.ghi-123', 'Authorization: [REDACTED]', 'secret header'],
    ['curl -H "X-Api-Key: 0123456789abcdef" http://x', 'curl -H "X-Api-Key: [REDACTED]', 'secret header'],
    ['token is Bearer eyJhbGciOiJIUzI1NiJ9x', `token is Bearer ${REDACTED}`, 'bearer token'],
    ['postgresql://mlflow:hunter2pass@db:5432/mlflow', `postgresql://mlflow:${REDACTED}@db:5432/mlflow`, 'password in URL'],
    ['host=db user=mlflow password=s3cr3t dbname=x', `host=db user=mlflow password=${REDACTED} dbname=x`, 'password in connection string'],
    ['{"db_password": "hunter2", "user": "a"}', `{"db_password": "${REDACTED}", "user": "a"}`, 'secret assignment'],
    ['aws_access_key_id = AKIAIOSFODNN7EXAMPLE', `aws_access_key_id = ${REDACTED}`, 'AWS access key id'],
    ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', `aws_secret_access_key = ${REDACTED}`, 'secret assignment'],
    ['export GH=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB', `export GH=${REDACTED}`, 'GitHub token'],
    [
      'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      `jwt ${REDACTED}`,
      'JSON web token',
    ],
  ])('%s', (input, expected, what) => {
    const { text, redactions } = redact(input);
    expect(text.startsWith(expected) || text === expected).toBe(true);
    expect(redactions.map((r) => r.what)).toContain(what);
  });

  it('removes known secret values wherever they appear, whatever their shape', () => {
    const { text, redactions } = redact('echo short-but-real value: xyzzy-42 and again xyzzy-42', ['xyzzy-42']);
    expect(text).toBe(`echo short-but-real value: ${REDACTED} and again ${REDACTED}`);
    expect(redactions).toEqual([{ where: 'output', what: 'secret parameter value', count: 2 }]);
  });

  it('leaves pagination cursors alone', () => {
    const text = '{"runs": [], "next_page_token": "eyJvZmZzZXQiOiA0fQ==", "NextContinuationToken": "1ueGcxLPRx1Tr"}';
    expect(redact(text)).toEqual({ text, redactions: [] });
    expect(redact('{"access_token": "abc123def"}').text).toBe(`{"access_token": "${REDACTED}"}`);
  });

  it('leaves prose and ordinary output alone', () => {
    const text = 'Basic authentication is off; Bearer tokens expire. user_id=alice run 0a1b2c';
    expect(redact(text)).toEqual({ text, redactions: [] });
  });

  it('keeps secret references readable', () => {
    const text = "curl -H 'Authorization: Bearer ${MLFLOW_TRACKING_TOKEN}' https://x";
    expect(redact(text)).toEqual({ text, redactions: [] });
  });

  it('is idempotent', () => {
    const once = redact('Authorization: Bearer abcdefgh12345678').text;
    expect(redact(once)).toEqual({ text: once, redactions: [] });
  });
});

describe('Kubernetes Secrets', () => {
  const secret = {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        kind: 'Secret',
        metadata: {
          name: 'mlflow-db',
          annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"aHVudGVyMg=="}}' },
        },
        data: { password: 'aHVudGVyMg==', user: 'bWxmbG93' },
        stringData: { token: 'plain' },
      },
      { kind: 'ConfigMap', data: { MLFLOW_TRACKING_URI: 'http://mlflow' } },
    ],
  };

  it('redacts data, stringData and the last-applied annotation of Secrets only', () => {
    const { value, redactions } = redactJsonValue(secret, 'output');
    const text = JSON.stringify(value);
    expect(text).not.toContain('aHVudGVyMg==');
    expect(text).not.toContain('plain');
    expect(text).toContain('http://mlflow');
    expect(redactions).toEqual([{ where: 'output', what: 'Kubernetes Secret value', count: 4 }]);
  });

  it('redacts Secret YAML blocks', () => {
    const yaml = 'apiVersion: v1\nkind: Secret\ndata:\n  password: aHVudGVyMg==\n  user: bWxmbG93\nmetadata:\n  name: mlflow-db\n';
    const { text, redactions } = redactOutput(yaml, 'output');
    expect(text).toBe(
      `apiVersion: v1\nkind: Secret\ndata:\n  password: "${REDACTED}"\n  user: "${REDACTED}"\nmetadata:\n  name: mlflow-db\n`,
    );
    expect(redactions[0]!.count).toBe(2);
  });
});

describe('redaction keeps the syntax of what it redacts', () => {
  it('keeps JSON valid when a value holds a password= pair or an escaped quote', () => {
    const json = '{"dsn": "host=db password=s3cr3t dbname=x", "header": "Authorization: Bearer ab\\"cd1234567", "n": 1}';
    const { text } = redact(json);
    expect(JSON.parse(text)).toEqual({
      dsn: `host=db password=${REDACTED} dbname=x`,
      header: `Authorization: ${REDACTED}\\"cd1234567`.replace('\\"', '"'),
      n: 1,
    });
  });

  it('rewrites only the secret scalars of YAML, as quoted scalars, block scalars included', () => {
    const yaml = '# deployment values\nmlflow:\n  db_password: hunter2   # set by ops\n  token: |\n    abc\n    def\n  replicas: 2\n';
    const { text, redactions } = redactOutput(yaml, 'output', [], 'yaml');
    expect(text).toBe(`# deployment values\nmlflow:\n  db_password: "${REDACTED}"   # set by ops\n  token: "${REDACTED}"\n  replicas: 2\n`);
    expect(redactions).toEqual([{ where: 'output', what: 'secret field', count: 2 }]);
  });

  it('redacts a block scalar under a secret key in text that is not YAML (a grep, a truncated file)', () => {
    const text = '[truncated\n  token: |\n    abc\n    def\n  next: 1\n';
    expect(redactOutput(text, 'output', [], 'text').text).toBe(`[truncated\n  token: |\n    ${REDACTED}\n    ${REDACTED}\n  next: 1\n`);
  });

  it('keeps the columns of a CSV', () => {
    const csv = 'user,password,role\nalice,"pa,ss",admin\nbob,${DB_PASSWORD},viewer\n';
    expect(redactOutput(csv, 'output', [], 'csv').text).toBe(`user,password,role\nalice,${REDACTED},admin\nbob,\${DB_PASSWORD},viewer\n`);
  });
});

describe('redaction by structure', () => {
  it('redacts container env by the variable name, and Secret data, keeping the rest', () => {
    const pod = {
      kind: 'Pod',
      spec: {
        containers: [
          {
            env: [
              { name: 'DB_PASSWORD', value: 'hunter2' },
              { name: 'MLFLOW_TRACKING_URI', value: 'http://mlflow' },
            ],
          },
        ],
      },
    };
    expect(JSON.stringify(redactJsonValue(pod).value)).toBe(
      JSON.stringify({
        kind: 'Pod',
        spec: {
          containers: [
            {
              env: [
                { name: 'DB_PASSWORD', value: REDACTED },
                { name: 'MLFLOW_TRACKING_URI', value: 'http://mlflow' },
              ],
            },
          ],
        },
      }),
    );
  });

  it('redacts inside the manifests kubectl keeps in last-applied-configuration, and Helm releases', () => {
    const lastApplied = JSON.stringify({ kind: 'ConfigMap', data: { api_key: 'k-123456', region: 'eu' } });
    const cm = {
      kind: 'ConfigMap',
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } },
      data: { region: 'eu' },
    };
    const out = redactJsonValue(cm).value as typeof cm;
    expect(JSON.parse(out.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'])).toEqual({
      kind: 'ConfigMap',
      data: { api_key: REDACTED, region: 'eu' },
    });
    const helm = { kind: 'ConfigMap', metadata: { labels: { owner: 'helm' } }, data: { release: 'H4sIAAAAAAAC/+y9' } };
    expect((redactJsonValue(helm).value as typeof helm).data.release).toBe(REDACTED);
  });

  it('redacts a Docker config and a kubeconfig', () => {
    const docker = { auths: { 'ghcr.io': { auth: 'cm9ib3Q6c2VjcmV0', identitytoken: 'abc' } } };
    expect(JSON.stringify(redactJsonValue(docker).value)).not.toMatch(/cm9ib3Q6c2VjcmV0|"abc"/);
    const kubeconfig =
      'users:\n- name: admin\n  user:\n    client-certificate-data: LS0tQ2VydA==\n    client-key-data: LS0tS2V5\n    token: eyJhbGc\n';
    const { text } = redactOutput(kubeconfig, 'output');
    expect(text).toContain('client-certificate-data: LS0tQ2VydA==');
    expect(text).not.toMatch(/LS0tS2V5|eyJhbGc/);
  });
});

describe('names and values that are not secrets', () => {
  it.each([
    'max_tokens=100 temperature=0.2',
    '{"token_type": "Bearer", "expires_in": 3600, "token_endpoint": "https://idp/token"}',
    'tls:\n- secretName: mlflow-tls\n  hosts: [mlflow.internal]\n',
    'valueFrom:\n  secretKeyRef:\n    name: mlflow-db\n    key: password\n',
    'PWD=/home/auditor\nOLDPWD=/tmp',
    'model: sk-learn-classifier-production-v1',
    'sent without credentials: MLFLOW_TRACKING_TOKEN is not set',
    '{"next_page_token": "eyJvZmZzZXQiOiAxMDB9", "NextToken": "abc=="}',
    'password: ${DB_PASSWORD}\ntoken: <set me>\napi_key: "****"',
    'error: password rejected for user mlflow',
  ])('%s', (text) => {
    expect(redactOutput(text, 'output')).toEqual({ text, redactions: [] });
  });

  it('takes the rest of a YAML-like line as the value, but its comment', () => {
    expect(redact('  db_password: correct horse battery  # rotated monthly').text).toBe(`  db_password: ${REDACTED}  # rotated monthly`);
  });

  it('still finds a secret after a match that held none (--from-literal=password=…)', () => {
    expect(redact('kubectl create secret generic db --from-literal=password=hunter2').text).toBe(
      `kubectl create secret generic db --from-literal=password=${REDACTED}`,
    );
  });
});

describe('redactText where no secret word occurs', () => {
  it('skips only what could not act: a name that holds a secret word is still judged, a cursor spelt as a header too', () => {
    const page = Array.from({ length: 200 }, (_, i) =>
      JSON.stringify({ info: { run_id: `r${i}` }, data: { tags: [{ key: 'k', value: `v${i}` }] } }),
    ).join('\n');
    expect(redactText(page, 'output').redactions).toEqual([]);
    for (const [text, leak] of [
      ['{"h":"X-Sync-Token: abc123"}', 'abc123'],
      ['{"resume-token":"abc123xyz"}', 'abc123xyz'],
      ['PAGE-TOKEN=abc123xyz', 'abc123xyz'],
      ['{"db_password": "hunter2"}', 'hunter2'],
      ['\u212Aey: x', null], // not a secret name: nothing to redact, nothing thrown
    ] as const) {
      const redacted = redactText(text, 'output').text;
      if (leak) expect(redacted, text).not.toContain(leak);
    }
  });

  it('gives the same result when told the text is ASCII and holds none of the words of the walk (a page read by canonicalJson)', () => {
    const texts = [
      '{"info":{"run_id":"a"},"data":{"tags":[{"key":"k","value":"v"}]}}',
      '{"h":"X-Sync-Token: abc123"}', // a cursor: the walk's test passes it by, the secret-name rules do not
      '{"next_page_token":"abc123xyz","a":"Bearer abc.def-123"}',
      '{"a":"Basic dXNlcjpwYXNzd29yZA=="}',
      '{"u":"postgres://user:s3cr3tpw@db:5432/x","c":"Server=x;Pwd=hunter2;"}',
      '{"t":"ghp_0123456789abcdefghijABCDEFGHIJ012345"}',
      '{"sync_token":"abc123xyz","s":"the-shared-value"}',
      '{"artifact_path":"model","cmd":"export PAT=abc123def456 PWD2=x9y8z7w6"}', // pat and pwd inside a string
      '{"\u212Aey":"x","k":"caf\u00e9 token: abc123"}',
    ];
    let walkFree = 0;
    for (const text of texts) {
      if (mayHoldStructuredSecrets(text)) continue;
      walkFree++;
      const ascii = !/[\u0080-\uffff]/.test(text);
      for (const secrets of [[], ['the-shared-value']]) {
        expect(redactTexts([text, text], 'output', secrets, { ascii, walkFree: true }), text).toEqual(
          redactTexts([text, text], 'output', secrets),
        );
      }
    }
    expect(walkFree).toBeGreaterThanOrEqual(6);
  });
});
