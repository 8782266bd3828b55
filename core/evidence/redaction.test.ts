import { describe, expect, it } from 'vitest';
import { REDACTED, redactKubernetesSecretYaml, redactKubernetesSecrets, redactText } from './redaction';

const redact = (text: string, known: string[] = []) => redactText(text, 'output', known);

describe('redactText', () => {
  it.each([
    ['Authorization: Bearer abc.def.ghi-123', 'Authorization: [REDACTED]', 'secret header'],
    ['curl -H "X-Api-Key: 0123456789abcdef" http://x', 'curl -H "X-Api-Key: [REDACTED]', 'secret header'],
    ['token is Bearer eyJhbGciOiJIUzI1NiJ9x', `token is Bearer ${REDACTED}`, 'bearer token'],
    ['postgresql://mlflow:hunter2pass@db:5432/mlflow', `postgresql://mlflow:${REDACTED}@db:5432/mlflow`, 'password in URL'],
    ['host=db user=mlflow password=s3cr3t dbname=x', `host=db user=mlflow password=${REDACTED} dbname=x`, 'password in connection string'],
    ['{"db_password": "hunter2", "user": "a"}', `{"db_password": "${REDACTED}", "user": "a"}`, 'secret field'],
    ['aws_access_key_id = AKIAIOSFODNN7EXAMPLE', `aws_access_key_id = ${REDACTED}`, 'AWS access key id'],
    ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', `aws_secret_access_key = ${REDACTED}`, 'AWS secret access key'],
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
    const { value, redactions } = redactKubernetesSecrets(secret, 'output');
    const text = JSON.stringify(value);
    expect(text).not.toContain('aHVudGVyMg==');
    expect(text).not.toContain('plain');
    expect(text).toContain('http://mlflow');
    expect(redactions).toEqual([{ where: 'output', what: 'Kubernetes Secret value', count: 4 }]);
  });

  it('redacts Secret YAML blocks', () => {
    const yaml = 'apiVersion: v1\nkind: Secret\ndata:\n  password: aHVudGVyMg==\n  user: bWxmbG93\nmetadata:\n  name: mlflow-db\n';
    const { text, redactions } = redactKubernetesSecretYaml(yaml, 'output');
    expect(text).toBe(`apiVersion: v1\nkind: Secret\ndata:\n  password: ${REDACTED}\n  user: ${REDACTED}\nmetadata:\n  name: mlflow-db\n`);
    expect(redactions[0]!.count).toBe(2);
  });
});
