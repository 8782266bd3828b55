// Running a cell whose secret parameter references the OS keychain (`{ keychain: name }`), the
// way the desktop app does it: through `dispatch` with the keychain store in the context, against
// a real HTTP server. The token reaches the server and is written nowhere under the workbook.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretStore } from '../../electron/secret-store';
import { dispatch } from '../../node/api/handlers';
import { startServer, json, type TestServer } from '../helpers/http-server';
import { testEncryptor } from '../helpers/test-encryptor';
import { allText, evidenceWorkbook, tempDir } from '../helpers/workbooks';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const TOKEN = 'kc-tok-5e8b1f0a9d3c7e21';

async function setUp(required = false): Promise<{ server: TestServer; dir: string; home: string; userData: string }> {
  const server = await startServer((req, res) =>
    json(res, 200, { experiments: [{ experiment_id: '1', name: 'fraud', seen: String(req.headers['authorization']) }] }),
  );
  cleanups.push(server.close);
  const wb = await evidenceWorkbook(
    [
      { name: 'MLFLOW_TRACKING_URI', value: server.url },
      { name: 'MLFLOW_TRACKING_TOKEN', secret: { keychain: 'mlflow-token' }, ...(required ? { required: true } : {}) },
    ],
    [
      {
        id: 'experiments',
        kind: 'rest',
        title: 'Experiments',
        url: '${MLFLOW_TRACKING_URI}/api/2.0/mlflow/experiments/search',
        auth: { parameter: 'MLFLOW_TRACKING_TOKEN' },
      },
    ],
  );
  cleanups.push(wb.cleanup);
  const tmp = await tempDir('aw-keychain-run-');
  cleanups.push(tmp.cleanup);
  return { server, dir: wb.dir, home: join(tmp.dir, 'home'), userData: join(tmp.dir, 'user-data') };
}

describe('cell:run with a keychain secret', () => {
  it('resolves { keychain: name } from the store, sends it, and records only ${NAME}', async () => {
    const { server, dir, home, userData } = await setUp();
    const keychain = createSecretStore(join(userData, 'keychain.json'), testEncryptor());
    const ctx = { transport: 'electron' as const, keychain, home, env: {} };
    expect(await dispatch('secret:set', { name: 'mlflow-token', value: TOKEN }, ctx)).toEqual({ data: { name: 'mlflow-token' } });
    const result = await dispatch('cell:run', { dir, cell: 'experiments', confirmed: true }, ctx);
    if (!('data' in result)) throw new Error(result.error.message);
    expect((result.data as { outcome: { status: string } }).outcome.status).toBe('captured');
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    const files = await allText(dir);
    expect(files).not.toContain(TOKEN);
    expect(files).toContain('[REDACTED]');
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(await allText(userData)).not.toContain(TOKEN);
  });

  it('a required entry that is missing fails with one clear message, before any request, with or without a keychain', async () => {
    const { server, dir, home, userData } = await setUp(true);
    const keychain = createSecretStore(join(userData, 'keychain.json'), testEncryptor());
    for (const ctx of [
      { keychain, home, env: {} },
      { home, env: {} },
    ]) {
      const result = await dispatch('cell:run', { dir, cell: 'experiments', confirmed: true }, ctx);
      expect(result).toMatchObject({
        data: {
          outcome: {
            status: 'error',
            message: expect.stringContaining('secret parameter MLFLOW_TRACKING_TOKEN is required (keychain entry mlflow-token is not set'),
          },
        },
      });
    }
    expect(server.received).toHaveLength(0);
  });

  it('an optional entry that is missing sends the request without credentials, and says so', async () => {
    const { server, dir, home } = await setUp();
    const result = await dispatch('cell:run', { dir, cell: 'experiments', confirmed: true }, { home, env: {} });
    expect(result).toMatchObject({ data: { outcome: { status: 'captured' } } });
    expect(server.received.map((r) => r.headers['authorization'])).toEqual([undefined]);
    expect(JSON.stringify(result)).toContain('sent without credentials: MLFLOW_TRACKING_TOKEN is not set');
  });
});
