// Importers that say what and where: a malformed file is refused naming the file, the line and the
// column; a format given with --format is obeyed or refused, never downgraded; text that looks like
// JSON but is not is kept as text and says so; grep output with colons in file names, or with -Z,
// keeps each name whole; valid NDJSON imports as NDJSON.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { fixedClock } from '../../core/ports';
import { loadWorkbook } from '../../core/workbook/store';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { evidenceWorkbook } from '../helpers/workbooks';

let wb: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  wb = await evidenceWorkbook([], [
    { id: 'captured', kind: 'import', title: 'Captured', sourceCommand: 'kubectl get pods -o json' },
  ] as never);
});
afterAll(() => wb?.cleanup());

async function importText(name: string, text: string, ...flags: string[]) {
  const file = join(wb.dir, `../${name}`);
  await writeFile(file, text);
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['import', wb.dir, '--cell', 'captured', '--file', file, ...flags], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    clock: fixedClock('2026-12-06T10:00:00Z'),
  });
  const latest = (await loadWorkbook(fs, wb.dir)).pillars[0]!.cells[0]!.captures.at(-1);
  return { code, err: err.join('\n'), file, latest };
}

describe('importers', () => {
  it('refuses invalid JSON given as JSON, naming the file, line and column', async () => {
    const r = await importText('pods.json', '{\n  "items": [\n    {"name": "a",}\n  ]\n}\n', '--format', 'json');
    expect(r.code).toBe(1);
    expect(r.err).toBe(`audit-workbench import: ${r.file}: not valid JSON: unexpected "}" at line 3, column 18`);
  });

  it('names the line of a bad NDJSON record, and imports valid NDJSON as NDJSON', async () => {
    const bad = await importText('runs.ndjson', '{"a": 1}\n{"a": 2}\n{"a": 3\n', '--format', 'ndjson');
    expect(bad.err).toBe(`audit-workbench import: ${bad.file}: not valid NDJSON: line 3: unexpected end of file at column 8`);
    const lines = Array.from({ length: 35 }, (_, i) => JSON.stringify({ run_id: `r${i}`, status: 'FINISHED', metrics: { loss: i / 10 } }));
    const good = await importText('runs-ok.ndjson', `${lines.join('\n')}\n`, '--format', 'ndjson');
    expect(good.code, good.err).toBe(0);
    expect(good.latest!.tables[0]!.rows).toBe(35);
  });

  it('names the line and column of invalid YAML', async () => {
    const r = await importText('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: [1, 2\n', '--format', 'yaml');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`${r.file}: not valid YAML: .*\\(line \\d+, column \\d+\\)`));
  });

  it('keeps truncated JSON as text and says it is not the JSON it looks like', async () => {
    const r = await importText('truncated.json', '{"runs": [{"info": {"run_id": "a1"}}, {"info": {"run_');
    expect(r.code, r.err).toBe(0);
    expect(r.latest!.notes).toEqual([
      expect.stringMatching(/^read as text: it starts like JSON but is not JSON \(unexpected end of file at line 1, column \d+\)$/),
    ]);
  });

  it('keeps file names with colons whole, and reads grep -Z output', async () => {
    const plain = await importText(
      'grep.txt',
      'jobs/a:b.py:12:mlflow.set_tracking_uri(x)\nsrc/ok.py:3:import mlflow\n',
      '--format',
      'grep',
    );
    expect(plain.code, plain.err).toBe(0);
    const out: string[] = [];
    const query = (sql: string) =>
      main(['query', wb.dir, sql], { out: (t) => out.push(t), err: (t) => out.push(t), clock: fixedClock('2026-12-06T10:00:00Z') });
    await query('SELECT file, line FROM captured ORDER BY line');
    expect(out.join('\n')).toMatch(/src\/ok\.py\s+3[\s\S]*jobs\/a:b\.py\s+12/);
    const zeroed = await importText('grep-z.txt', 'weird:7:name.py\u000042:mlflow.log_metric(x)\n', '--format', 'grep');
    expect(zeroed.code, zeroed.err).toBe(0);
    out.length = 0;
    await query('SELECT file, line FROM captured');
    expect(out.join('\n')).toMatch(/weird:7:name\.py\s+42/);
  });
});
