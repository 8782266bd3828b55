// A corpus of hostile workbooks: generated variants of the demo workbook (path traversal in hashes
// and ids, links in evidence/ and versions/, devices and pipes, __proto__ keys, deep nesting, huge
// strings, invalid UTF-8, duplicate keys, wrong types, a newer schema, edited versions, swapped
// blobs) opened by every command that reads a workbook and by the server's handlers. Programs on
// PATH are canaries and the deployment's URLs point at a canary port: nothing may run or connect.
// Each must end with an answer — no crash, no hang, nothing written outside its folder — and a
// refusal names the file.
import { execFileSync } from 'node:child_process';
import { chmod, cp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main';
import { fixedClock } from '../core/ports';
import { dispatch } from '../node/api/handlers';
import { FIXTURES, tempDir } from './helpers/workbooks';

const DEMO = join(FIXTURES, 'demo-helix-backbone');
let root: { dir: string; cleanup: () => Promise<void> };
let canaryServer: Server;
let canaryPort = 0;
let connections = 0;
let base: Record<string, unknown>;
let hashes: string[];
const savedPath = process.env['PATH'];
const savedHome = process.env['AUDIT_WORKBENCH_HOME'];

type Variant = { name: string; make: (dir: string) => Promise<void> };

// Made while the canaries are on PATH: the real mkfifo, found on the PATH the tests started with.
const mkfifo = (path: string) => void execFileSync('mkfifo', [path], { env: { PATH: savedPath ?? '/usr/bin:/bin' } });
const deepArray = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

function variants(): Variant[] {
  const list: Variant[] = [];
  const json = (name: string, edit: (wb: Record<string, unknown>) => unknown) =>
    list.push({ name, make: (dir) => writeFile(join(dir, 'workbook.json'), JSON.stringify(edit(structuredClone(base)), null, 2)) });
  const raw = (name: string, text: string | Buffer) => list.push({ name, make: (dir) => writeFile(join(dir, 'workbook.json'), text) });
  const cells = (wb: Record<string, unknown>) => (wb['pillars'] as { cells: Record<string, unknown>[] }[]).flatMap((p) => p.cells);
  const captures = (wb: Record<string, unknown>) => cells(wb).flatMap((c) => (c['captures'] as Record<string, unknown>[]) ?? []);

  // Path traversal and odd values where hashes and ids go.
  const traversals = [
    '../../../../etc/passwd',
    '/etc/passwd',
    '..',
    'evidence/../workbook.json',
    'a'.repeat(64).toUpperCase(),
    '0'.repeat(63),
    '%2e%2e%2fetc',
    'C:\\\\Windows\\\\win.ini',
    '',
    ' ',
  ];
  for (const [i, t] of traversals.entries()) {
    json(`capture hash ${i}`, (wb) => ((captures(wb)[0]!['hash'] = t), wb));
    json(`table hash ${i}`, (wb) => (((captures(wb)[0]!['tables'] as Record<string, unknown>[])[0]!['hash'] = t), wb));
    json(`cell id ${i}`, (wb) => ((cells(wb)[0]!['id'] = t), wb));
    json(`gap id ${i}`, (wb) => (((wb['gaps'] as Record<string, unknown>[])[0]!['id'] = t), wb));
    json(`workbook id ${i}`, (wb) => ((wb['id'] = t), wb));
    json(`version number ${i}`, (wb) => (((wb['versions'] as Record<string, unknown>[])[0]!['number'] = t), wb));
  }
  // __proto__, constructor and prototype keys at several depths.
  for (const key of ['__proto__', 'constructor', 'prototype']) {
    for (const [i, where] of ['top', 'pillar', 'cell', 'gap', 'capture'].entries()) {
      list.push({
        name: `${key} in ${where}`,
        make: async (dir) => {
          const text = JSON.stringify(base, null, 2);
          const anchor = ['"schemaVersion"', '"number": 1', '"kind"', '"severity"', '"startedAt"'][i]!;
          await writeFile(join(dir, 'workbook.json'), text.replace(anchor, `"${key}": {"polluted": true, "isAdmin": true}, ${anchor}`));
        },
      });
    }
  }
  // Deep nesting, huge strings, invalid UTF-8, duplicate keys, not JSON at all.
  for (const depth of [100, 1000, 10_000, 100_000]) {
    raw(`nested ${depth} at the top`, deepArray(depth));
    list.push({
      name: `nested ${depth} in a title`,
      make: (dir) => writeFile(join(dir, 'workbook.json'), JSON.stringify(base).replace(/"title":"[^"]*"/, `"title":${deepArray(depth)}`)),
    });
  }
  for (const mb of [1, 16, 60]) json(`a ${mb} MB title`, (wb) => ((wb['title'] = 'x'.repeat(mb * 2 ** 20)), wb));
  json('20,000 empty gaps', (wb) => ((wb['gaps'] = Array.from({ length: 20_000 }, () => ({}))), wb));
  raw(
    'invalid UTF-8',
    Buffer.concat([Buffer.from('{"schemaVersion": 1, "title": "'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}')]),
  );
  raw('duplicate keys', JSON.stringify(base).replace('"title":', '"title": "first", "title":'));
  raw('empty', '');
  raw('a BOM then JSON', `\ufeff${JSON.stringify(base)}`);
  raw('not JSON', 'schemaVersion: 1\ntitle: YAML\n');
  raw('NUL bytes', '\u0000'.repeat(100));
  raw('truncated', JSON.stringify(base).slice(0, 5000));
  for (const [i, value] of [null, 1, 'x', [], true, {}, { a: 1 }].entries()) {
    json(`wrong type at the top ${i}`, () => value);
    json(`wrong type for pillars ${i}`, (wb) => ((wb['pillars'] = value), wb));
    json(`wrong type for gaps ${i}`, (wb) => ((wb['gaps'] = value), wb));
    json(`wrong type for a capture ${i}`, (wb) => ((cells(wb)[0]!['captures'] = [value]), wb));
    json(`wrong type for parameters ${i}`, (wb) => ((wb['parameters'] = value), wb));
  }
  for (const v of [2, 99, 0, -1, 1.5, '1', null]) json(`schema version ${String(v)}`, (wb) => ((wb['schemaVersion'] = v), wb));
  // Control characters where they reach the terminal.
  json('escape sequences in a gap id and a title', (wb) => {
    wb['title'] = 'Audit \u001b[2J\u0007 cleared';
    (wb['gaps'] as Record<string, unknown>[])[0]!['id'] = 'ML-\u001b[31m01';
    return wb;
  });
  // The files around workbook.json.
  const blob = (i: number) => hashes[i % hashes.length]!;
  const files: [string, (dir: string) => Promise<void>][] = [
    ['workbook.json is a folder', async (dir) => (await rm(join(dir, 'workbook.json')), await mkdir(join(dir, 'workbook.json')))],
    [
      'workbook.json links to /etc/passwd',
      async (dir) => (await rm(join(dir, 'workbook.json')), await symlink('/etc/passwd', join(dir, 'workbook.json'))),
    ],
    [
      'workbook.json links to /dev/zero',
      async (dir) => (await rm(join(dir, 'workbook.json')), await symlink('/dev/zero', join(dir, 'workbook.json'))),
    ],
    ['workbook.json is a FIFO', async (dir) => (await rm(join(dir, 'workbook.json')), mkfifo(join(dir, 'workbook.json')))],
    ['workbook.json unreadable', async (dir) => chmod(join(dir, 'workbook.json'), 0o000)],
    [
      'evidence/ links out',
      async (dir) => (await rm(join(dir, 'evidence'), { recursive: true }), await symlink('/etc', join(dir, 'evidence'))),
    ],
    [
      'evidence/ is a file',
      async (dir) => (await rm(join(dir, 'evidence'), { recursive: true }), await writeFile(join(dir, 'evidence'), 'x')),
    ],
    [
      'versions/ links out',
      async (dir) => (await rm(join(dir, 'versions'), { recursive: true }), await symlink('/etc', join(dir, 'versions'))),
    ],
    [
      'versions/v1.json links to /etc/passwd',
      async (dir) => (await rm(join(dir, 'versions', 'v1.json')), await symlink('/etc/passwd', join(dir, 'versions', 'v1.json'))),
    ],
    ['versions/v1.json is a FIFO', async (dir) => (await rm(join(dir, 'versions', 'v1.json')), mkfifo(join(dir, 'versions', 'v1.json')))],
    [
      'versions/v1.json edited',
      async (dir) =>
        writeFile(
          join(dir, 'versions', 'v1.json'),
          (await readFile(join(dir, 'versions', 'v1.json'), 'utf8')).replace('"message": "', '"message": "edited '),
        ),
    ],
    ['versions/v1.json deeply nested', async (dir) => writeFile(join(dir, 'versions', 'v1.json'), deepArray(50_000))],
    ['exports/ links out', async (dir) => symlink('/tmp', join(dir, 'exports'))],
  ];
  for (let i = 0; i < 8; i++) {
    files.push([
      `blob ${i} links to /etc/passwd`,
      async (dir) => (await rm(join(dir, 'evidence', blob(i))), await symlink('/etc/passwd', join(dir, 'evidence', blob(i)))),
    ]);
    files.push([
      `blob ${i} links to /proc/self/environ`,
      async (dir) => (await rm(join(dir, 'evidence', blob(i))), await symlink('/proc/self/environ', join(dir, 'evidence', blob(i)))),
    ]);
    files.push([
      `blob ${i} links to /dev/urandom`,
      async (dir) => (await rm(join(dir, 'evidence', blob(i))), await symlink('/dev/urandom', join(dir, 'evidence', blob(i)))),
    ]);
    files.push([`blob ${i} is a FIFO`, async (dir) => (await rm(join(dir, 'evidence', blob(i))), mkfifo(join(dir, 'evidence', blob(i))))]);
    files.push([
      `blob ${i} swapped`,
      async (dir) => writeFile(join(dir, 'evidence', blob(i)), await readFile(join(dir, 'evidence', blob(i + 1)))),
    ]);
    files.push([`blob ${i} emptied`, async (dir) => writeFile(join(dir, 'evidence', blob(i)), '')]);
    files.push([
      `blob ${i} is a folder`,
      async (dir) => (await rm(join(dir, 'evidence', blob(i))), await mkdir(join(dir, 'evidence', blob(i)))),
    ]);
  }
  for (const [name, make] of files) list.push({ name, make });
  return list;
}

beforeAll(async () => {
  root = await tempDir('aw-hostile-');
  process.env['AUDIT_WORKBENCH_HOME'] = join(root.dir, 'home');
  await mkdir(join(root.dir, 'home'));
  base = JSON.parse(await readFile(join(DEMO, 'workbook.json'), 'utf8'));
  hashes = (await readdir(join(DEMO, 'evidence'))).filter((n) => /^[0-9a-f]{64}$/.test(n)).sort();
  // Canaries: any program the product tried to start, or any connection it tried, is recorded.
  const bin = join(root.dir, 'bin');
  await mkdir(bin);
  for (const program of ['git', 'kubectl', 'grep', 'rg', 'find', 'psql', 'curl', 'sh', 'bash', 'aws', 'ls', 'cat', 'env', 'python3']) {
    await writeFile(join(bin, program), `#!/bin/sh\necho "$0 $*" >> ${join(root.dir, 'ran.log')}\n`, { mode: 0o755 });
  }
  canaryServer = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => canaryServer.listen(0, '127.0.0.1', resolve));
  canaryPort = (canaryServer.address() as { port: number }).port;
  base['parameters'] = (base['parameters'] as { name: string; value?: string }[]).map((p) =>
    p.value?.startsWith('http') ? { ...p, value: `http://127.0.0.1:${canaryPort}` } : p,
  );
}, 60_000);
afterAll(async () => {
  process.env['PATH'] = savedPath;
  if (savedHome === undefined) delete process.env['AUDIT_WORKBENCH_HOME'];
  else process.env['AUDIT_WORKBENCH_HOME'] = savedHome;
  await new Promise((r) => canaryServer?.close(r));
  await root?.cleanup();
});

// Every variant is opened by validate, by one of the commands that render or export (report,
// issues, diff, export-evidence) and by one of those that load the query engine (seconds each),
// taking turns: across the corpus each command opens a quarter of the variants, and the corpus
// stays within minutes.
const COMMANDS = (dir: string, out: string, i: number) => [
  ['validate', dir],
  [
    ['report', dir, '--out', join(out, 'report.md')],
    ['issues', dir, '--out', join(out, 'issues')],
    ['diff', dir, '--from', 'v1'],
    ['export-evidence', dir, '--format', 'parquet', '--out', join(out, 'evidence')],
  ][i % 4]!,
  [
    ['query', dir, 'SELECT 1 AS one'],
    ['run', dir, '--checks'],
    ['verify', dir],
    ['doctor', dir, '--offline'],
  ][i % 4]!,
];

describe('hostile workbooks', () => {
  it('are refused or read, by every command and the server: no crash, hang, run, request or write outside', async () => {
    const list = variants();
    expect(list.length).toBeGreaterThanOrEqual(200);
    const problems: string[] = [];
    let opened = 0;
    let refusedWithoutFile = 0;
    const timings: [number, string][] = [];
    const tryVariant = async (i: number, v: Variant) => {
      const variantRoot = join(root.dir, `v${i}`);
      const dir = join(variantRoot, 'wb');
      const out = join(variantRoot, 'out');
      await mkdir(out, { recursive: true });
      await cp(DEMO, dir, { recursive: true });
      await v.make(dir);
      const started = Date.now();
      {
        for (const argv of COMMANDS(dir, out, i)) {
          const err: string[] = [];
          let code: number;
          try {
            code = await main(argv, { out: () => undefined, err: (t) => err.push(t), clock: fixedClock('2026-12-06T10:00:00Z') });
          } catch (error) {
            problems.push(`${v.name}: ${argv[0]} threw ${(error as Error).message.slice(0, 200)}`);
            continue;
          }
          opened++;
          const message = err.join('\n');
          // doctor's exit 1 is its answer (cells not ready here), not a refusal of the workbook.
          if (code !== 0 && argv[0] !== 'doctor' && !/workbook\.json|evidence|versions|exports|not trusted|no version|v1/.test(message)) {
            refusedWithoutFile++;
            problems.push(`${v.name}: ${argv[0]} refused without naming the file: ${message.slice(0, 200)}`);
          }
          if (message.includes('\u001b') || message.includes('\u0007')) problems.push(`${v.name}: ${argv[0]} printed a control character`);
        }
        for (const [channel, body] of [
          ['workbook:open', { dir }],
          ['workbook:validate', { dir }],
          ['report:preview', { dir }],
          ...(i % 4 === 0 ? ([['query:run', { dir, sql: 'SELECT 1' }]] as const) : []),
          ...hashes.slice(0, 3).map((hash) => ['evidence:blob', { dir, hash }] as const),
        ] as const) {
          const result = (await dispatch(channel, body, { home: join(variantRoot, 'home') })) as {
            error?: { kind: string; message: string };
          };
          opened++;
          if (
            result.error?.kind === 'failed' &&
            /Maximum call stack|Invalid string length|Cannot read prop|is not a function|is not iterable/.test(result.error.message)
          )
            problems.push(`${v.name}: ${channel} failed obscurely: ${result.error.message.slice(0, 200)}`);
        }
      }
      const written = (await readdir(variantRoot)).filter((n) => !['wb', 'out', 'home'].includes(n));
      if (written.length) problems.push(`${v.name}: written next to the workbook's folder: ${written.join(', ')}`);
      timings.push([Date.now() - started, v.name]);
      await rm(variantRoot, { recursive: true, force: true }).catch(() => undefined);
    };
    // Two at a time (the machine's two cores); the canaries stay on PATH for the whole corpus.
    process.env['PATH'] = join(root.dir, 'bin');
    try {
      let next = 0;
      const worker = async () => {
        while (next < list.length) {
          const i = next++;
          await tryVariant(i, list[i]!);
        }
      };
      await Promise.all([worker(), worker()]);
    } finally {
      process.env['PATH'] = savedPath;
    }
    const strays = (await readdir(root.dir)).filter((n) => !['bin', 'home', 'ran.log'].includes(n) && !/^v\d+$/.test(n));
    expect(strays).toEqual([]);
    // doctor asks the tools of this machine for their version and kubectl for the server of a context
    // (`kubectl version --client`, `grep --version`, `kubectl config view --minify`): fixed, reading
    // probes, never a command of the workbook. Anything else is a run.
    const ran = (await readFile(join(root.dir, 'ran.log'), 'utf8').catch(() => ''))
      .split('\n')
      .filter(
        (line) =>
          line !== '' &&
          !/^\S+\/(kubectl version --client|[a-z0-9]+ --version|kubectl (--context \S+ )?config view --minify -o jsonpath=\S+)$/.test(line),
      )
      .join('\n');
    if (process.env['HOSTILE_REPORT']) {
      const slowest = timings
        .sort((a, b) => b[0] - a[0])
        .slice(0, 15)
        .map(([ms, name]) => `${ms} ms ${name}`);
      await writeFile(process.env['HOSTILE_REPORT'], [...problems, '', ...slowest].join('\n'));
    }
    expect({ problems, ran, connections }).toEqual({ problems: [], ran: '', connections: 0 });
    expect(refusedWithoutFile).toBe(0);
    console.log(`hostile corpus: ${list.length} workbooks opened ${opened} times by the CLI and the server's handlers; 0 problems`);
    expect(opened).toBeGreaterThan(list.length * 6);
  }, 1_200_000);
});
