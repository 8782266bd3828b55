// The handlers the app calls, through `dispatch` as every transport does: trust enforced by the
// server itself, recovery journal, evidence blobs by hash only, malformed arguments refused.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workbook } from '../../core/workbook/schema';
import { workbookRevision } from '../../core/workbook/store';
import { dispatch, type HandlerContext } from '../../node/api/handlers';
import { startShellServer } from '../../node/shell/server';
import { copyFixture, tempDir } from '../helpers/workbooks';

let demo: { dir: string; cleanup: () => Promise<void> };
let home: { dir: string; cleanup: () => Promise<void> };
let ctx: Partial<HandlerContext>;
beforeEach(async () => {
  demo = await copyFixture('demo-helix-backbone');
  home = await tempDir('aw-home-');
  ctx = { home: home.dir, env: { PATH: process.env['PATH'] ?? '' } };
});
afterEach(async () => {
  await demo.cleanup();
  await home.cleanup();
});

const data = <T>(r: { data?: unknown; error?: { message: string } }): T => {
  if (!('data' in r)) throw new Error(`expected data, got ${JSON.stringify(r)}`);
  return r.data as T;
};

describe('app handlers', () => {
  it('an untrusted workbook runs no external cell without confirmation; trusting it is remembered', async () => {
    const opened = data<{ trusted: boolean; recovery: unknown }>(await dispatch('workbook:open', { dir: demo.dir }, ctx));
    expect(opened).toMatchObject({ trusted: false, recovery: null });
    const before = await readFile(join(demo.dir, 'workbook.json'), 'utf8');
    const refused = await dispatch('cell:run', { dir: demo.dir, cell: 'tag-emission-sites' }, ctx);
    expect(refused).toEqual({
      error: { kind: 'failed', message: expect.stringMatching(/not trusted on this machine.*tag-emission-sites/) },
    });
    expect(await readFile(join(demo.dir, 'workbook.json'), 'utf8')).toBe(before);
    // Query and check cells read only the local evidence: they run untrusted.
    expect(
      data<{ outcome: { status: string } }>(await dispatch('cell:run', { dir: demo.dir, cell: 'run-durations' }, ctx)).outcome.status,
    ).toBe('captured');
    const preview = data<{ command: { text: string }; trusted: boolean }>(
      await dispatch('cell:preview', { dir: demo.dir, cell: 'tag-emission-sites' }, ctx),
    );
    expect(preview.command.text).toContain("grep -rn 'mlflow.set_tag");
    expect(preview.trusted).toBe(false);
    data(await dispatch('workbook:trust', { dir: demo.dir }, ctx));
    expect(data<{ trusted: boolean }>(await dispatch('workbook:open', { dir: `${demo.dir}/.` }, ctx)).trusted).toBe(true);
    const otherHome = await tempDir('aw-home2-');
    expect(data<{ trusted: boolean }>(await dispatch('workbook:open', { dir: demo.dir }, { ...ctx, home: otherHome.dir })).trusted).toBe(
      false,
    );
    await otherHome.cleanup();
  });

  it('journals unsaved edits outside the workbook and clears them on save', async () => {
    const wb = data<{ workbook: Workbook }>(await dispatch('workbook:open', { dir: demo.dir }, ctx)).workbook;
    const base = workbookRevision(wb);
    const edited = { ...wb, title: '' }; // not valid yet: cannot be saved, must not be lost
    data(await dispatch('recovery:put', { dir: demo.dir, workbook: edited }, ctx));
    expect(await dispatch('workbook:save', { dir: demo.dir, workbook: edited, base }, ctx)).toEqual({
      error: { kind: 'failed', message: expect.stringContaining('title') },
    });
    expect(data<{ recovery: { savedAt: string } | null }>(await dispatch('workbook:open', { dir: demo.dir }, ctx)).recovery).not.toBeNull();
    expect(data<{ workbook: { title: string } }>(await dispatch('recovery:take', { dir: demo.dir }, ctx)).workbook.title).toBe('');
    data(await dispatch('workbook:save', { dir: demo.dir, workbook: { ...wb, title: 'Edited' }, base }, ctx));
    expect(data<{ recovery: unknown }>(await dispatch('workbook:open', { dir: demo.dir }, ctx)).recovery).toBeNull();
    expect(JSON.parse(await readFile(join(demo.dir, 'workbook.json'), 'utf8')).title).toBe('Edited');
  });

  it('refuses a save made on a state of workbook.json that another window has since replaced', async () => {
    const opened = data<{ workbook: Workbook }>(await dispatch('workbook:open', { dir: demo.dir }, ctx)).workbook;
    const base = workbookRevision(opened);
    // Window A saves first; its answer is the base of its next save.
    const a = data<{ workbook: Workbook }>(
      await dispatch('workbook:save', { dir: demo.dir, workbook: { ...opened, scope: 'A' }, base }, ctx),
    );
    // Window B still holds the state both opened: its save is refused and writes nothing.
    expect(await dispatch('workbook:save', { dir: demo.dir, workbook: { ...opened, scope: 'B' }, base }, ctx)).toEqual({
      error: {
        kind: 'conflict',
        message: expect.stringMatching(/workbook\.json changed since this window last loaded or saved it.*nothing was written/),
      },
    });
    expect(JSON.parse(await readFile(join(demo.dir, 'workbook.json'), 'utf8')).scope).toBe('A');
    // A saves on from its own answer; B may overwrite when its auditor says so.
    data(
      await dispatch('workbook:save', { dir: demo.dir, workbook: { ...a.workbook, scope: 'A2' }, base: workbookRevision(a.workbook) }, ctx),
    );
    data(await dispatch('workbook:save', { dir: demo.dir, workbook: { ...opened, scope: 'B' }, base, overwrite: true }, ctx));
    expect(JSON.parse(await readFile(join(demo.dir, 'workbook.json'), 'utf8')).scope).toBe('B');
  });

  it('serves evidence blobs by hash only, and refuses malformed arguments with the field named', async () => {
    const wb = JSON.parse(await readFile(join(demo.dir, 'workbook.json'), 'utf8'));
    const hash = wb.pillars[0].cells[0].captures[0].hash as string;
    const blob = data<{ base64: string }>(await dispatch('evidence:blob', { dir: demo.dir, hash }, ctx));
    expect(Buffer.from(blob.base64, 'base64').equals(await readFile(join(demo.dir, 'evidence', hash)))).toBe(true);
    expect(await dispatch('evidence:blob', { dir: demo.dir, hash: '../workbook.json' }, ctx)).toEqual({
      error: { kind: 'invalid-request', message: expect.stringMatching(/^evidence:blob: hash: a sha256 hash/) },
    });
    expect(await dispatch('cell:run', { dir: demo.dir, cell: 7 }, ctx)).toEqual({
      error: { kind: 'invalid-request', message: expect.stringMatching(/^cell:run: cell: /) },
    });
    expect(await dispatch('workbook:delta', { dir: demo.dir, from: 'v1' }, ctx)).toEqual({
      error: { kind: 'invalid-request', message: expect.stringMatching(/^workbook:delta: from: /) },
    });
    expect(await dispatch('cell:cancel', { runId: '' }, ctx)).toMatchObject({ error: { kind: 'invalid-request' } });
    expect(await dispatch('workbook:open', { dir: demo.dir, extra: true }, ctx)).toMatchObject({ error: { kind: 'invalid-request' } });
  });

  it('gives the delta between a version and the working copy', async () => {
    const { delta, markdown } = data<{ delta: { from: string; to: string }; markdown: string }>(
      await dispatch('workbook:delta', { dir: demo.dir, from: 1 }, ctx),
    );
    expect(delta).toMatchObject({ from: 'v1', to: 'working copy' });
    expect(markdown).toMatch(/^# Delta — Helix Capital/);
    expect(await dispatch('workbook:delta', { dir: demo.dir, from: 9 }, ctx)).toEqual({
      error: { kind: 'failed', message: expect.stringContaining('has no version v9') },
    });
  });

  it('refuses a Host header other than its own (DNS rebinding)', async () => {
    const server = await startShellServer({ context: ctx });
    try {
      const { request } = await import('node:http');
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          `${server.url}/api/app:info`,
          { method: 'POST', headers: { host: 'attacker.example:80', 'x-audit-workbench-token': server.token } },
          (res) => resolve(res.statusCode ?? 0),
        );
        req.on('error', reject);
        req.end('{}');
      });
      expect(status).toBe(421);
    } finally {
      await server.close();
    }
  });
});
