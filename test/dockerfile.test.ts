// The container image cannot be built here (no Docker, no network beyond npm and Debian), so this
// checks what can be checked without building it: the Dockerfile's structure (Node 20 slim, kubectl
// pinned by version and checksum from the official release, a non-root user, the CLI as
// entrypoint), and that the files its runtime stage copies are enough to run the bundled CLI
// through bin/ without the sources (laid out as the image lays them out, node_modules linked).
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/workbooks';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE = join(ROOT, 'dist', `cli-docker-test-${process.pid}`);
let dockerfile: string;
let layout: Awaited<ReturnType<typeof tempDir>>;

/** The instructions of the last stage (the image), continuation lines joined. */
const finalStage = (text: string) => {
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  const from = lines.map((l, i) => (/^FROM\s/i.test(l) ? i : -1)).filter((i) => i >= 0);
  return lines.slice(from.at(-1)).filter((l) => l.trim() && !l.trim().startsWith('#'));
};

beforeAll(async () => {
  dockerfile = await readFile(join(ROOT, 'Dockerfile'), 'utf8');
  const { buildCli } = await import('../scripts/build-cli.mjs');
  await buildCli({ outdir: BUNDLE });
  layout = await tempDir('aw-image-');
}, 60_000);
afterAll(async () => {
  await rm(BUNDLE, { recursive: true, force: true });
  await layout?.cleanup();
});

describe('Dockerfile', () => {
  it('is Node 20 slim, kubectl pinned by version and checksum, a non-root user, the CLI as entrypoint', async () => {
    const froms = [...dockerfile.matchAll(/^FROM\s+(\S+)/gim)].map((m) => m[1]!);
    expect(froms.length).toBeGreaterThan(0);
    for (const image of froms) expect(image).toMatch(/^node:20[-.\w]*-slim$/);
    const stage = finalStage(dockerfile);
    expect(stage.find((l) => /^ARG KUBECTL_VERSION=/.test(l))).toMatch(/=v\d+\.\d+\.\d+$/);
    expect(stage.find((l) => /^ARG KUBECTL_SHA256=/.test(l))).toMatch(/=[0-9a-f]{64}$/);
    const install = stage.find((l) => l.includes('dl.k8s.io'))!;
    expect(install).toContain('https://dl.k8s.io/release/${KUBECTL_VERSION}/bin/linux/amd64/kubectl');
    expect(install).toMatch(/\$\{KUBECTL_SHA256\}\s+\S*kubectl"?\s*\|\s*sha256sum --check/);
    const users = stage.filter((l) => /^USER\s/.test(l));
    expect(users.at(-1)).toBeDefined();
    expect(users.at(-1)).not.toMatch(/^USER\s+(root|0)(:|\s|$)/);
    const entrypoint = stage.find((l) => /^ENTRYPOINT\s/.test(l))!;
    // Exec form, so signals reach node (Ctrl-C stops after the current step) and arguments pass as they are.
    expect(JSON.parse(entrypoint.replace(/^ENTRYPOINT\s+/, ''))).toEqual(['node', '/opt/audit-workbench/bin/audit-workbench.mjs']);
    const ignore = await readFile(join(ROOT, '.dockerignore'), 'utf8');
    for (const entry of ['.git', 'node_modules', 'dist']) expect(ignore.split('\n')).toContain(entry);
  });

  it('runs the bundled CLI from the files the runtime stage copies, without the sources', async () => {
    const image = join(layout.dir, 'opt');
    const copies = finalStage(dockerfile)
      .map((l) => /^COPY --from=build\s+(.+)\s+(\S+)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null);
    expect(copies.length).toBeGreaterThan(0);
    for (const [, sources, target] of copies) {
      for (const source of sources!.split(/\s+/)) {
        const rel = source.replace(/^\/src\//, '');
        const to = target === './' ? join(image, rel) : join(image, target!);
        await mkdir(join(to, '..'), { recursive: true });
        if (rel === 'node_modules') await symlink(join(ROOT, 'node_modules'), to);
        else if (rel === 'dist/cli') await cp(BUNDLE, to, { recursive: true });
        else await cp(join(ROOT, rel), to, { recursive: true });
      }
    }
    const cli = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile(process.execPath, [join(image, 'bin', 'audit-workbench.mjs'), ...args], { cwd: layout.dir }, (error, stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        ),
      );
    const version = await cli('--version');
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout).toMatch(/^audit-workbench \d+\.\d+\.\d+/);
    const created = await cli('new', join(layout.dir, 'w'), '--template', 'mlflow-registry');
    expect(created.code, created.stderr).toBe(0);
    const help = await cli('reaudit', '--help');
    expect(help.stdout).toContain('3  could not run or report');
  }, 60_000);
});

describe('docs/workflows/reaudit.yml', () => {
  it('runs the re-audit on a schedule and by hand, uploads the delta document whatever the outcome', async () => {
    const { parse } = await import('yaml');
    type Step = { uses?: string; run?: string; if?: string; with?: Record<string, unknown> };
    const flow = parse(await readFile(join(ROOT, 'docs/workflows/reaudit.yml'), 'utf8')) as {
      on: { schedule: { cron: string }[]; workflow_dispatch: unknown };
      permissions: Record<string, string>;
      jobs: Record<string, { steps: Step[] }>;
    };
    expect(flow.on.schedule[0]!.cron.split(' ')).toHaveLength(5);
    expect(flow.on).toHaveProperty('workflow_dispatch');
    expect(flow.permissions).toEqual({ contents: 'read', issues: 'write' });
    const steps = Object.values(flow.jobs).flatMap((j) => j.steps);
    expect(steps.some((s) => s.run?.includes(' reaudit "$WORKBOOK" --trust') && s.run.includes('--out reaudit/delta.md'))).toBe(true);
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload.if).toBe('always()');
    expect(upload.with?.['path']).toBe('reaudit/');
  });
});
