// Importers that say what and where: a malformed file is refused naming the file, the line and the
// column; a format given with --format is obeyed or refused, never downgraded; text that looks like
// JSON but is not is kept as text and says so; grep output with colons in file names, or with -Z,
// keeps each name whole, and a name that splits several ways is settled by the files of the searched
// folder; valid NDJSON imports as NDJSON; CSV, kubectl tables, grep and `aws s3 ls` output that
// cannot be read whole is refused at its line and column; a detected format is recorded, with why.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { fixedClock } from '../../core/ports';
import { loadWorkbook } from '../../core/workbook/store';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { evidenceWorkbook } from '../helpers/workbooks';

let wb: { dir: string; cleanup: () => Promise<void> };
let repo: string;
beforeAll(async () => {
  // The searched codebase has a file literally named `deploy:7:train.py` (colons are legal in names).
  const tmp = await evidenceWorkbook([], []);
  repo = join(tmp.dir, 'repo');
  await mkdir(join(repo, 'jobs'), { recursive: true });
  await writeFile(join(repo, 'jobs', 'deploy:7:train.py'), 'mlflow.log_metric(x)\n');
  wb = await evidenceWorkbook([{ name: 'REPO_DIR', value: repo }], [
    { id: 'captured', kind: 'import', title: 'Captured', sourceCommand: 'kubectl get pods -o json' },
  ] as never);
});
afterAll(() => wb?.cleanup());

const query = async (sql: string) => {
  const out: string[] = [];
  await main(['query', wb.dir, sql], { out: (t) => out.push(t), err: (t) => out.push(t), clock: fixedClock('2026-12-06T10:00:00Z') });
  return out.join('\n');
};

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
    expect(r.err).toBe(
      `audit-workbench import: ${r.file}: not valid JSON: at line 3, column 18: a property name in double quotes expected, found "}"`,
    );
  });

  it('names the line of a bad NDJSON record, and imports valid NDJSON as NDJSON', async () => {
    const bad = await importText('runs.ndjson', '{"a": 1}\n{"a": 2}\n{"a": 3\n', '--format', 'ndjson');
    expect(bad.err).toBe(
      `audit-workbench import: ${bad.file}: not valid NDJSON: line 3: at column 8: a comma or } expected, found the end of the file`,
    );
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
      expect.stringMatching(/^read as text: it starts like JSON but is not JSON \(at line 1, column \d+: .*, found the end of the file\)$/),
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
    expect(await query('SELECT file, line FROM captured ORDER BY line')).toMatch(/src\/ok\.py\s+3[\s\S]*jobs\/a:b\.py\s+12/);
    const zeroed = await importText('grep-z.txt', 'weird:7:name.py\u000042:mlflow.log_metric(x)\n', '--format', 'grep');
    expect(zeroed.code, zeroed.err).toBe(0);
    expect(await query('SELECT file, line FROM captured')).toMatch(/weird:7:name\.py\s+42/);
  });

  it('settles a grep line that splits several ways by the files of the searched folder', async () => {
    // `jobs/deploy:7:train.py:1:…` reads as file `jobs/deploy` line 7, or file `jobs/deploy:7:train.py` line 1.
    const text = 'jobs/deploy:7:train.py:1:mlflow.log_metric(x)\njobs/other:3:x = 1\n';
    const r = await importText('grep-ambiguous.txt', text, '--format', 'grep');
    expect(r.code, r.err).toBe(0);
    expect(await query("SELECT file || '@' || line AS hit FROM captured ORDER BY hit")).toMatch(
      /jobs\/deploy:7:train\.py@1[\s\S]*jobs\/other@3/,
    );
  });

  it.each([
    [
      'runs.csv',
      'run_id,status,loss\na1,FINISHED,0.3\na2,FAILED,0.4,extra\n',
      'csv',
      'not valid CSV: line 3: 4 fields where the header has 3',
    ],
    [
      'open.csv',
      'run_id,note\na1,"fine"\na2,"never closed\na3,x\n',
      'csv',
      'not valid CSV: line 3: a quoted field that starts here or below is never closed (the text ends inside it)',
    ],
    [
      'inner.csv',
      'run_id,size\na1,5" screen\n',
      'csv',
      'not valid CSV: line 2, field 2: a quote inside a field that is not quoted (quote the field and double the quote)',
    ],
    [
      'quote.csv',
      'run_id,note\na1,"closed"early\n',
      'csv',
      'not valid CSV: line 2, field 2: a closing quote is followed by text instead of a comma or the end of the line',
    ],
    [
      'pods.txt',
      'NAME    READY   STATUS\nmlflow-0        1/1     Running\n',
      'kubectl-table',
      'not valid a kubectl table: line 2, column 9: the NAME value runs into the READY column (the table was re-flowed or cut)',
    ],
    [
      'tabs.txt',
      'NAME    READY   STATUS\nmlflow-0\t1/1\tRunning\n',
      'kubectl-table',
      'not valid a kubectl table: line 2, column 9: a tab: kubectl aligns its columns with spaces, so this table was re-flowed',
    ],
    [
      'nohead.txt',
      'mlflow-0   1/1   Running\n',
      'kubectl-table',
      'not valid a kubectl table: line 1, column 1: expected a kubectl header (upper-case column names two spaces apart), found "mlflow-0   1/1   Running"',
    ],
    [
      'hits.txt',
      'src/a.py:3:import mlflow\n--\nsrc/b.py:9:x\n',
      'grep',
      'not valid grep output: line 2, column 1: expected a grep hit (file:line:text, or file NUL line:text with -Z), found "--"',
    ],
    [
      'ls.txt',
      '2026-04-20 09:00:00       1234 models/m.pkl\ntotal 3\n',
      's3-ls',
      'not valid an `aws s3 ls` listing: line 2, column 1: expected an `aws s3 ls` line (date time size key, or PRE prefix/), found "total 3"',
    ],
  ])('refuses %s where it goes wrong', async (name, text, format, message) => {
    const r = await importText(name, text, '--format', format);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`audit-workbench import: ${r.file}: ${message}`);
  });

  it('records the format it detected and why; a format given is recorded as given', async () => {
    const detected = await importText('pods-table.txt', 'NAME       READY   STATUS\nmlflow-0   1/1     Running\n');
    expect(detected.latest!.readAs).toEqual({
      format: 'kubectl-table',
      detected: 'the first line is a kubectl header (upper-case columns two spaces apart)',
    });
    const given = await importText('runs-given.csv', 'run_id,loss\na1,0.3\n', '--format', 'csv');
    expect(given.latest!.readAs).toEqual({ format: 'csv' });
    const csv = await importText('runs-detected.csv', 'run_id,loss\na1,0.3\n');
    expect(csv.latest!.readAs?.format).toBe('csv');
  });
});
