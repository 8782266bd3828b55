// The CLI's conventions: --version, --json on validate, query, diff, run and verify (the shapes the
// README documents; stdout holds the JSON alone), exit status 130 when interrupted, and the
// status line a terminal shows while a cell runs.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main';
import type { Io } from '../cli/args';
import { fixedClock } from '../core/ports';
import { copyFixture } from './helpers/workbooks';

let demo: Awaited<ReturnType<typeof copyFixture>>;
beforeAll(async () => {
  demo = await copyFixture('demo-helix-backbone');
});
afterAll(() => demo?.cleanup());

async function cli(args: string[], extra: Partial<Io> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t), clock: fixedClock('2026-12-06T10:00:00Z'), ...extra });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('CLI conventions', () => {
  it('--version prints the version of package.json', async () => {
    const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: `audit-workbench ${version}` });
  });

  it('validate --json', async () => {
    const r = await cli(['validate', demo.dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ dir: demo.dir, valid: true, problems: [], tombstones: 0 });
    expect(JSON.parse(r.stdout).blobs).toBeGreaterThan(0);
  });

  it('query --json: typed columns and every row as an object', async () => {
    const r = await cli(['query', demo.dir, "SELECT 1 AS n, 'a' AS s UNION ALL SELECT 2, NULL ORDER BY n", '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      columns: [
        { name: 'n', type: 'number' },
        { name: 's', type: 'string' },
      ],
      rows: [
        { n: 1, s: 'a' },
        { n: 2, s: null },
      ],
      truncated: false,
    });
    const limited = JSON.parse((await cli(['query', demo.dir, 'SELECT 1 AS n UNION ALL SELECT 2', '--json', '--max-rows', '1'])).stdout);
    expect(limited).toMatchObject({ truncated: true });
    expect(limited.rows).toHaveLength(1);
  }, 120_000);

  it('diff --json: what changed, by identity', async () => {
    const r = await cli(['diff', demo.dir, '--from', 'v1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const delta = JSON.parse(r.stdout);
    expect(delta).toMatchObject({ from: 'v1', empty: expect.any(Boolean) });
    for (const key of ['pillars', 'verdicts', 'gaps', 'scores', 'evidence', 'parameters']) expect(delta).toHaveProperty(key);
    expect(delta.evidence.length).toBeGreaterThan(0);
  });

  it('run --json: the outcomes once done, progress on stderr, and a status line while each cell runs', async () => {
    const status: (string | null)[] = [];
    const r = await cli(['run', demo.dir, '--checks', '--json'], { status: (t) => status.push(t) });
    const result = JSON.parse(r.stdout) as { cells: { cell: string; status: string }[]; summary: Record<string, number> };
    expect(result.cells.length).toBeGreaterThan(0);
    expect(Object.values(result.summary).reduce((a, b) => a + b, 0)).toBe(result.cells.length);
    expect(r.stderr).toMatch(/^\[1\/\d+\] /m);
    expect(status[0]).toMatch(new RegExp(`^\\[1/${result.cells.length}\\] ${result.cells[0]!.cell} … 0 s$`));
    expect(status.at(-1)).toBeNull();
  }, 120_000);

  it('exits 130 when interrupted', async () => {
    const interrupted = new AbortController();
    interrupted.abort();
    const r = await cli(['run', demo.dir, '--checks'], { signal: interrupted.signal });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/cancelled: \d+ cell\(s\) not run/);
  });
});
