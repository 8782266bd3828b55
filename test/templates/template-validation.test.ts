// Template validation with the real SQL engine: a check whose SQL does not parse is refused with
// the template file and the line; SQL that only needs evidence tables not captured yet is fine.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listTemplates, loadTemplate } from '../../node/templates';
import { tempDir } from '../helpers/workbooks';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const template = (sql: string) => `name: t
version: 1
title: T
pillars:
  - number: 1
    name: One
    order: 1
    cells:
      - id: fine
        kind: check
        title: Reads a table captured later
        sql: SELECT run_id FROM runs WHERE user_id = ''
      - id: broken
        kind: check
        title: Broken
        sql: ${sql}
`;

describe('template SQL validation', () => {
  it('accepts every bundled template', async () => {
    const names = await listTemplates();
    expect(names).toEqual(expect.arrayContaining(['ai-governance', 'mlflow-backbone']));
    for (const name of names) await expect(loadTemplate(name)).resolves.toMatchObject({ name });
    // Each load parses every SQL of the template in DuckDB-wasm: slow on a busy 2-core machine.
  }, 120_000);

  it('refuses a check whose SQL does not parse, naming the file and the line', async () => {
    const tmp = await tempDir('aw-template-');
    cleanups.push(tmp.cleanup);
    const file = join(tmp.dir, 'template.yaml');
    await writeFile(file, template('SELEC run_id FROM runs'));
    await expect(loadTemplate(file)).rejects.toThrow(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: line 16: pillars\\[0\\] \\(pillar 1\\)\\.cells\\[1\\] \\(broken\\)\\.sql: invalid SQL: Parser Error: syntax error at or near "SELEC"`,
      ),
    );
    await writeFile(file, template('SELECT run_id FROM runs WHERE'));
    await expect(loadTemplate(file)).rejects.toThrow(/line 16: .*invalid SQL: Parser Error/);
    await writeFile(file, template('SELECT nope FROM not_captured_yet'));
    await expect(loadTemplate(file)).resolves.toMatchObject({ name: 't' });
  }, 120_000);

  it('checks the SQL of discovered inputs and forEach rows too, and that their names are not parameters', async () => {
    const tmp = await tempDir('aw-template-');
    cleanups.push(tmp.cleanup);
    const file = join(tmp.dir, 'template.yaml');
    const rest = (inputs: string, forEach: string) => `name: t
version: 1
title: T
parameters:
  - { name: URL, default: 'http://127.0.0.1:5000' }
pillars:
  - number: 1
    name: One
    order: 1
    cells:
      - id: runs
        kind: rest
        title: Runs
        method: POST
        readOnly: true
        url: \${URL}/api/2.0/mlflow/runs/search
        inputs: [{ name: ${inputs} }]
        body: '{"experiment_ids": \${IDS:json}}'
      - id: sources
        kind: rest
        title: Sources
        url: \${URL}/api/2.0/mlflow/runs/get?run_id=\${RUN_ID}
        forEach: { sql: "${forEach}" }
`;
    await writeFile(file, rest(`IDS, sql: "SELECT experiment_id FROM experiments"`, 'SELECT run_id FROM model_version'));
    await expect(loadTemplate(file)).resolves.toMatchObject({ name: 't' });
    await writeFile(file, rest(`IDS, sql: "SELEC experiment_id"`, 'SELECT run_id FROM model_version'));
    await expect(loadTemplate(file)).rejects.toThrow(
      /line 17: pillars\[0\] \(pillar 1\)\.cells\[0\] \(runs\)\.inputs\[0\] \(IDS\)\.sql: invalid SQL: Parser Error/,
    );
    await writeFile(file, rest(`IDS, sql: "SELECT 1"`, 'SELEC run_id'));
    await expect(loadTemplate(file)).rejects.toThrow(/cells\[1\] \(sources\)\.forEach\.sql: invalid SQL/);
    await writeFile(file, rest(`URL, sql: "SELECT 1"`, 'SELECT 1'));
    await expect(loadTemplate(file)).rejects.toThrow(/input URL has the name of a parameter/);
  }, 120_000);
});
