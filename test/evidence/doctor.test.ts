// `audit-workbench doctor` before a run: on the Orbit deployment (its own conventions, no token)
// every cell is ready but the ones left out on purpose; with a wrong address, a missing context and
// a required secret unset, each blocked cell says why and what to do — and nothing is written.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/ports';
import { main } from '../../cli/main';
import { templateWorkbook } from '../helpers/deployment';

let run: Awaited<ReturnType<typeof templateWorkbook>>;
beforeAll(async () => void (run = await templateWorkbook('mlflow-backbone', 'orbit')), 120_000);
afterAll(() => run?.stop());

async function doctor(args: string[], env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await main(['doctor', ...args], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      clock: fixedClock('2026-05-04T10:00:00Z'),
    });
    return { code, out, err };
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

describe('doctor', () => {
  it('finds every cell of a reachable deployment ready, but those left out on purpose', async () => {
    const before = await readFile(join(run.dir, 'workbook.json'), 'utf8');
    const { code, out } = await doctor([run.dir], run.deployment.env);
    expect(out.filter((l) => !l.startsWith('ok '))).toEqual([
      'skipped backtest-hashes (pillar 6, shell): no path to read: BACKTEST_ARTIFACTS is empty; set it to run this cell',
      'skipped live-hashes (pillar 6, shell): no path to read: LIVE_ARTIFACTS is empty; set it to run this cell',
      '24 ready, 2 left out, 0 blocked of 26 evidence cell(s).',
    ]);
    expect(out).toContain('ok      experiments (pillar 5, rest): MLFLOW_TRACKING_TOKEN is not set: the request goes without credentials');
    expect(code).toBe(0);
    expect(await readFile(join(run.dir, 'workbook.json'), 'utf8')).toBe(before);
  }, 60_000);

  it('names what blocks a cell and the fix: a closed port, an unknown context, a required secret', async () => {
    const wb = JSON.parse(await readFile(join(run.dir, 'workbook.json'), 'utf8')) as {
      parameters: { name: string; value?: string; required?: boolean }[];
    };
    const set = (name: string, change: object) =>
      Object.assign(
        wb.parameters.find((p) => p.name === name)!,
        change,
      );
    set('MLFLOW_TRACKING_URI', { value: 'http://127.0.0.1:1' });
    set('K8S_CONTEXT', { value: 'prod-eu' });
    set('MLFLOW_TRACKING_TOKEN', { required: true });
    const broken = join(run.dir, '..', 'broken');
    const { cp } = await import('node:fs/promises');
    await cp(run.dir, broken, { recursive: true });
    await writeFile(join(broken, 'workbook.json'), `${JSON.stringify(wb, null, 2)}\n`);
    const { code, out, err } = await doctor([broken], run.deployment.env);
    expect(code).toBe(1);
    expect(out).toContain(
      'BLOCKED experiments (pillar 5, rest): secret parameter MLFLOW_TRACKING_TOKEN is required (set the environment variable MLFLOW_TRACKING_TOKEN)',
    );
    expect(out).toContain('BLOCKED anonymous-read (pillar 7, rest): 127.0.0.1:1 refuses connections');
    expect(out).toContain(
      '        fix: check MLFLOW_TRACKING_URI, the VPN or the proxy; offline, import the output of the command instead',
    );
    expect(out).toContain('BLOCKED serving-pods (pillar 6, kubectl): kubeconfig has no context prod-eu');
    expect(err.join('\n')).toMatch(/cell\(s\) cannot run as the workbook stands/);
    // --offline makes no connection: the closed port is not found, the rest still is.
    const offline = await doctor([broken, '--offline'], run.deployment.env);
    expect(offline.out.some((l) => l.includes('refuses connections'))).toBe(false);
    expect(offline.out).toContain('BLOCKED serving-pods (pillar 6, kubectl): kubeconfig has no context prod-eu');
  }, 60_000);
});
