// The IPC wrapper's decisions with plain values: only the app window's top frame on the app's
// origin reaches the handlers, which validate every request against the contract.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEncryptor } from '../test/helpers/test-encryptor';
import { copyFixture, tempDir } from '../test/helpers/workbooks';
import { guardedDispatch, isAppUrl, senderRefusal, type Sender } from './ipc-guard';
import { createSecretStore } from './secret-store';

const APP_WINDOW = 7;
const app = (url = 'app://workbench/index.html'): Sender => ({ webContentsId: APP_WINDOW, frame: { url, isTop: true } });

let demo: { dir: string; cleanup: () => Promise<void> };
let home: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  demo = await copyFixture('demo-helix-backbone');
  home = await tempDir('aw-ipc-home-');
});
afterAll(async () => {
  await demo?.cleanup();
  await home?.cleanup();
});

describe('IPC sender check', () => {
  it('accepts the app window top frame on app://workbench only', () => {
    expect(senderRefusal(app(), APP_WINDOW)).toBeNull();
    expect(senderRefusal(app('app://workbench/'), APP_WINDOW)).toBeNull();
    expect(senderRefusal({ webContentsId: 8, frame: { url: 'app://workbench/index.html', isTop: true } }, APP_WINDOW)).toBe(
      'refused: the request does not come from the app window',
    );
    expect(senderRefusal(app(), undefined)).toBe('refused: the request does not come from the app window');
    expect(senderRefusal({ webContentsId: APP_WINDOW, frame: { url: 'app://workbench/frame.html', isTop: false } }, APP_WINDOW)).toBe(
      'refused: the request comes from a sub-frame',
    );
    expect(senderRefusal({ webContentsId: APP_WINDOW, frame: null }, APP_WINDOW)).toBe('refused: the sending frame is gone');
    expect(senderRefusal(app('https://example.com/'), APP_WINDOW)).toBe(
      'refused: the request comes from a page outside the app (https://example.com)',
    );
    expect(senderRefusal(app('file:///etc/passwd'), APP_WINDOW)).toMatch(/^refused: the request comes from a page outside the app/);
    expect(senderRefusal(app('app://evil/index.html'), APP_WINDOW)).toBe(
      'refused: the request comes from a page outside the app (app://evil)',
    );
  });

  it('tells app URLs from look-alikes', () => {
    expect(isAppUrl('app://workbench/assets/index.js')).toBe(true);
    for (const url of ['app://workbench.evil/', 'app://user:pw@workbench/', 'apps://workbench/', 'http://workbench/', 'not a url', ''])
      expect(isAppUrl(url)).toBe(false);
  });
});

describe('guarded dispatch', () => {
  const ctx = () => ({ env: { ...process.env, AUDIT_WORKBENCH_HOME: home.dir }, home: home.dir });

  it('answers the contract for the app frame, over the electron transport', async () => {
    // No keychain in this context: a secret cannot be entered, and the app says so.
    expect(await guardedDispatch('app:info', {}, app(), APP_WINDOW, ctx())).toEqual({
      data: { name: 'Audit Workbench', version: '0.1.0', transport: 'electron', secrets: 'none' },
    });
    const open = await guardedDispatch('workbook:open', { dir: demo.dir }, app(), APP_WINDOW, ctx());
    expect('data' in open && (open.data as { workbook: { title: string } }).workbook.title).toBe('Helix Capital — MLflow backbone audit');
  });

  it('rejects malformed arguments with the zod message naming the field', async () => {
    expect(await guardedDispatch('workbook:open', { dir: '' }, app(), APP_WINDOW, ctx())).toEqual({
      error: { kind: 'invalid-request', message: 'workbook:open: dir: a workbook folder' },
    });
    expect(await guardedDispatch('workbook:open', { dir: demo.dir, extra: 1 }, app(), APP_WINDOW, ctx())).toMatchObject({
      error: { kind: 'invalid-request', message: expect.stringMatching(/^workbook:open: .*extra/) },
    });
    expect(await guardedDispatch('workbook:publish', { dir: demo.dir, message: 42 }, app(), APP_WINDOW, ctx())).toMatchObject({
      error: { kind: 'invalid-request', message: expect.stringMatching(/^workbook:publish: message: /) },
    });
    // Well-formed but refused by the use case (core's one rule), in words a dialog can show.
    expect(await guardedDispatch('workbook:publish', { dir: demo.dir, message: '   ' }, app(), APP_WINDOW, ctx())).toEqual({
      error: { kind: 'failed', message: 'publish needs a changelog message' },
    });
    expect(await guardedDispatch('secret:set', { name: '../etc', value: 'x' }, app(), APP_WINDOW, ctx())).toEqual({
      error: { kind: 'invalid-request', message: 'secret:set: name: a keychain entry name (letters, digits, _ . -)' },
    });
  });

  it('rejects an unknown channel', async () => {
    expect(await guardedDispatch('shell:exec', { argv: ['rm'] }, app(), APP_WINDOW, ctx())).toEqual({
      error: { kind: 'unknown-channel', message: 'no channel "shell:exec"' },
    });
  });

  it('refuses a foreign sender before any handler runs', async () => {
    const tmp = await tempDir('aw-ipc-keychain-');
    try {
      const keychain = createSecretStore(join(tmp.dir, 'keychain.json'), testEncryptor());
      const foreign: Sender[] = [
        { webContentsId: APP_WINDOW, frame: { url: 'https://example.com/', isTop: true } },
        { webContentsId: APP_WINDOW, frame: { url: 'app://workbench/index.html', isTop: false } },
        { webContentsId: 99, frame: { url: 'app://workbench/index.html', isTop: true } },
      ];
      for (const sender of foreign) {
        const result = await guardedDispatch('secret:set', { name: 'mlflow-token', value: 'planted' }, sender, APP_WINDOW, {
          ...ctx(),
          keychain,
        });
        expect(result).toMatchObject({ error: { kind: 'failed', message: expect.stringMatching(/^refused: /) } });
      }
      expect(await keychain.list()).toEqual([]);
      expect(
        await guardedDispatch('secret:set', { name: 'mlflow-token', value: 'mine' }, app(), APP_WINDOW, { ...ctx(), keychain }),
      ).toEqual({ data: { name: 'mlflow-token' } });
      expect(await keychain.get('mlflow-token')).toBe('mine');
    } finally {
      await tmp.cleanup();
    }
  });
});
