// Cells that meet a stock MLflow server: no token needed, experiments discovered instead of named,
// every search paginated, one request per model version's source run, list parameters in argv and
// in checks. Served by the MLflow stand-in that enforces MLflow 2.9's rules.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CellInput } from '../../core/workbook/schema';
import { loadWorkbook } from '../../core/workbook/store';
import { runCells } from '../../node/evidence/engine';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { startMlflowServer, type MlflowData } from '../helpers/mlflow-server';
import { evidenceWorkbook, tempDir } from '../helpers/workbooks';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const run = (id: string, experiment: string, stage = 'active') => ({
  info: {
    run_id: id,
    run_uuid: id,
    experiment_id: experiment,
    run_name: id,
    user_id: 'ana',
    status: 'FINISHED',
    start_time: 1,
    end_time: 2,
    artifact_uri: `s3://b/${id}`,
    lifecycle_stage: stage,
  },
  data: { metrics: [], params: [{ key: 'lr', value: '0.1' }], tags: [{ key: 'data.version', value: 'v1' }] },
});

/** Three experiments (one deleted), runs in each, 150 registered models, versions whose runs are live, deleted or gone. */
const DATA: MlflowData = {
  experiments: [
    { experiment_id: '0', name: 'Default', lifecycle_stage: 'active' },
    { experiment_id: '7', name: 'churn', lifecycle_stage: 'active' },
    { experiment_id: '9', name: 'old', lifecycle_stage: 'deleted' },
  ],
  runs: [run('r0', '0'), run('r1', '7'), run('r2', '7'), run('r3', '7', 'deleted'), run('r9', '9')],
  registeredModels: Array.from({ length: 150 }, (_, i) => ({
    name: `model-${String(i).padStart(3, '0')}`,
    aliases: i === 0 ? [{ alias: 'champion', version: '1' }] : [],
  })),
  modelVersions: [
    { name: 'model-000', version: '1', run_id: 'r1', current_stage: 'None', aliases: ['champion'] },
    { name: 'model-000', version: '2', run_id: 'r3', current_stage: 'None' },
    { name: 'model-001', version: '1', run_id: 'gone', current_stage: 'Production' },
  ],
};

async function workbook(url: string, cells: Parameters<typeof evidenceWorkbook>[1], extra: Parameters<typeof evidenceWorkbook>[0] = []) {
  const wb = await evidenceWorkbook(
    [{ name: 'MLFLOW_TRACKING_URI', value: url }, { name: 'MLFLOW_TRACKING_TOKEN', secret: { env: 'AW_DISCOVERY_TOKEN' } }, ...extra],
    cells,
  );
  cleanups.push(wb.cleanup);
  return wb.dir;
}

const experiments = {
  id: 'experiments',
  kind: 'rest',
  title: 'Experiments',
  url: '${MLFLOW_TRACKING_URI}/api/2.0/mlflow/experiments/search?max_results=1000',
  pagination: 'mlflow',
  auth: { parameter: 'MLFLOW_TRACKING_TOKEN' },
} satisfies CellInput;
const runs = {
  id: 'all-runs',
  kind: 'rest',
  title: 'Runs of every active experiment',
  method: 'POST',
  url: '${MLFLOW_TRACKING_URI}/api/2.0/mlflow/runs/search',
  inputs: [{ name: 'EXPERIMENT_IDS', sql: "SELECT experiment_id FROM experiments WHERE lifecycle_stage = 'active' ORDER BY 1" }],
  body: '{"experiment_ids": ${EXPERIMENT_IDS:json}, "max_results": 2, "run_view_type": "ALL"}',
  pagination: 'mlflow',
  readOnly: true,
  auth: { parameter: 'MLFLOW_TRACKING_TOKEN' },
} satisfies CellInput;

describe('a stock MLflow server', () => {
  it('is read without a token, its experiments discovered and every search paginated', async () => {
    const server = await startMlflowServer(DATA);
    cleanups.push(server.close);
    const models = {
      id: 'models',
      kind: 'rest',
      title: 'Registered models',
      url: '${MLFLOW_TRACKING_URI}/api/2.0/mlflow/registered-models/search',
      pagination: 'mlflow',
    } satisfies CellInput;
    const dir = await workbook(server.url, [experiments, runs, models]);
    const outcomes = await runCells(dir, {}, { env: {} });
    expect(outcomes.map((o) => o.status)).toEqual(['captured', 'captured', 'captured']);
    const [exp, found, registry] = outcomes.map((o) => (o.status === 'captured' ? o.recorded : null));
    // No token: sent without credentials, and the capture says so.
    expect(server.received.every((r) => r.headers['authorization'] === undefined)).toBe(true);
    expect(exp!.capture.notes).toEqual(['sent without credentials: MLFLOW_TRACKING_TOKEN is not set']);
    expect(exp!.capture.command).toMatch(/sent without credentials: MLFLOW_TRACKING_TOKEN is not set$/);
    expect(exp!.capture.command).not.toContain('Authorization');
    // Runs across the active experiments (0 and 7, not the deleted 9), page by page; the resolved request is recorded.
    expect(found!.tables.find((t) => t.name === 'runs')!.rows.map((r) => r[0])).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(found!.capture.command).toContain(`-d '{"experiment_ids": ["0","7"], "max_results": 2, "run_view_type": "ALL"}'`);
    expect(found!.capture.command).toContain('2 requests');
    // 150 models over two pages of MLflow's default 100: none lost.
    expect(registry!.tables.find((t) => t.name === 'registered_models')!.rows).toHaveLength(150);
  });

  it('sends a token when one is set, and a required token that is missing stops the cell before any request', async () => {
    const server = await startMlflowServer(DATA, { token: 'tok-7d1e' });
    cleanups.push(server.close);
    const dir = await workbook(server.url, [experiments]);
    const [ok] = await runCells(dir, {}, { env: { AW_DISCOVERY_TOKEN: 'tok-7d1e' } });
    expect(ok!.status === 'captured' && ok!.recorded.capture.command).toContain(
      ` -H "Authorization: Bearer \${AW_DISCOVERY_TOKEN}"  # paginated`,
    );
    const [refused] = await runCells(dir, {}, { env: {} });
    expect(refused!.status === 'error' && refused!.error).toMatch(/^HTTP 401 .*UNAUTHENTICATED/);
    const required = await workbook(server.url, [experiments], []);
    const wb = await loadWorkbook(fs, required);
    wb.parameters[1] = { ...wb.parameters[1]!, required: true };
    const { saveWorkbook } = await import('../../core/workbook/store');
    await saveWorkbook(fs, required, wb);
    const before = server.received.length;
    const [stopped] = await runCells(required, {}, { env: {} });
    expect(stopped).toEqual({
      cell: 'experiments',
      status: 'error',
      error: 'secret parameter MLFLOW_TRACKING_TOKEN is required (set the environment variable AW_DISCOVERY_TOKEN)',
    });
    expect(server.received.length).toBe(before);
  });

  it('refuses, as MLflow does, a JSON body sent without its Content-Type', async () => {
    const server = await startMlflowServer(DATA);
    cleanups.push(server.close);
    const plain = {
      ...runs,
      inputs: undefined,
      body: '{"experiment_ids": ["7"]}',
      headers: [{ name: 'Content-Type', value: 'text/plain' }],
    };
    const dir = await workbook(server.url, [plain]);
    const [outcome] = await runCells(dir, {}, { env: {} });
    expect(outcome!.status === 'error' && outcome!.error).toMatch(
      /^HTTP 400 .*INVALID_PARAMETER_VALUE: Bad Request\. Content-Type must be one of \['application\/json'\]\.$/,
    );
  });

  it('reads the source run of every model version, one request each, a missing run being evidence (404)', async () => {
    const server = await startMlflowServer(DATA);
    cleanups.push(server.close);
    const versions = {
      id: 'versions',
      kind: 'rest',
      title: 'Model versions',
      url: '${MLFLOW_TRACKING_URI}/api/2.0/mlflow/model-versions/search',
      pagination: 'mlflow',
    } satisfies CellInput;
    const sources = {
      id: 'source-runs',
      kind: 'rest',
      title: 'Source run of every model version',
      url: '${MLFLOW_TRACKING_URI}/api/2.0/mlflow/runs/get?run_id=${RUN_ID}',
      forEach: { sql: 'SELECT DISTINCT run_id FROM model_version ORDER BY 1' },
      acceptStatus: [404],
    } satisfies CellInput;
    const check = {
      id: 'orphans',
      kind: 'check',
      title: 'Versions whose source run is deleted or missing',
      sql: `SELECT v.name, v.version, v.run_id, coalesce(r.lifecycle_stage, 'missing') AS state
            FROM model_version v LEFT JOIN runs r ON r.run_id = v.run_id
            WHERE r.run_id IS NULL OR r.lifecycle_stage = 'deleted' ORDER BY 1, 2`,
    } satisfies CellInput;
    const dir = await workbook(server.url, [versions, sources, check]);
    const outcomes = await runCells(dir, {}, { env: {} });
    expect(outcomes.map((o) => o.status)).toEqual(['captured', 'captured', 'captured']);
    const fanned = outcomes[1]!.status === 'captured' ? outcomes[1]!.recorded : null;
    expect(fanned!.tables.find((t) => t.name === 'http_responses')!.rows.map((r) => r[2])).toEqual([404, 200, 200]);
    expect(fanned!.capture.command).toContain('one request per row of: SELECT DISTINCT run_id FROM model_version ORDER BY 1');
    const result = outcomes[2]!.status === 'captured' ? outcomes[2]!.recorded.tables[0]! : null;
    expect(result!.rows).toEqual([
      ['model-000', '2', 'r3', 'deleted'],
      ['model-001', '1', 'gone', 'missing'],
    ]);
  });
});

describe('metric history', () => {
  it('reads the history of stepped metrics, page by page, each row naming the run it was requested for', async () => {
    const losses = [0.9, 0.7, 0.4, 0.3, 0.35, 0.42, 0.45, 0.5];
    const history = (values: number[]) => values.map((value, step) => ({ key: 'val_loss', value, timestamp: 1000 + step, step }));
    const data: MlflowData = {
      ...DATA,
      runs: [
        { ...run('r1', '7'), data: { metrics: [{ key: 'val_loss', value: 0.5, timestamp: 1007, step: 7 }], params: [], tags: [] } },
        { ...run('r2', '7'), data: { metrics: [{ key: 'val_loss', value: 0.2, timestamp: 1007, step: 7 }], params: [], tags: [] } },
      ],
      metricHistory: { 'r1/val_loss': history(losses), 'r2/val_loss': history([0.8, 0.5, 0.3, 0.2]) },
    };
    const server = await startMlflowServer(data);
    cleanups.push(server.close);
    const search = { ...runs, inputs: undefined, body: '{"experiment_ids": ["7"]}' } satisfies CellInput;
    const histories = {
      id: 'metric-history',
      kind: 'rest',
      title: 'Metric histories',
      url: '${MLFLOW_TRACKING_URI}/api/2.0/mlflow/metrics/get-history?run_id=${RUN_ID}&metric_key=${KEY}&max_results=3',
      forEach: { sql: 'SELECT DISTINCT run_id, key FROM run_metrics ORDER BY 1, 2' },
      pagination: 'mlflow',
    } satisfies CellInput;
    const check = {
      id: 'degraded',
      kind: 'check',
      title: 'Runs whose loss ends worse than its best step',
      sql: 'SELECT run_id, key, arg_max(value, step) AS final, min(value) AS best, count(*) AS points FROM metric_history GROUP BY 1, 2 HAVING arg_max(value, step) > 1.1 * min(value) ORDER BY 1',
    } satisfies CellInput;
    const dir = await workbook(server.url, [search, histories, check]);
    const outcomes = await runCells(dir, {}, { env: {} });
    expect(outcomes.map((o) => o.status)).toEqual(['captured', 'captured', 'captured']);
    const fetched = outcomes[1]!.status === 'captured' ? outcomes[1]!.recorded : null;
    // r1: 8 points over 3 pages of 3; r2: 4 points over 2 pages — every point tied to its run.
    expect(fetched!.tables.find((t) => t.name === 'http_responses')!.rows).toHaveLength(5);
    const table = fetched!.tables.find((t) => t.name === 'metric_history')!;
    expect(table.rows.map((r) => r[0])).toEqual([...Array(8).fill('r1'), ...Array(4).fill('r2')]);
    const result = outcomes[2]!.status === 'captured' ? outcomes[2]!.recorded.tables[0]! : null;
    expect(result!.rows).toEqual([['r1', 'val_loss', 0.5, 0.3, 8]]);
  });
});

describe('list parameters and absent paths', () => {
  it('expands a list into argv, leaves out a folder that does not exist with a note, and reaches checks', async () => {
    const repo = await tempDir('aw-repo-');
    cleanups.push(repo.cleanup);
    await mkdir(join(repo.dir, 'app'));
    await mkdir(join(repo.dir, 'jobs'));
    await writeFile(join(repo.dir, 'app', 'serve.py'), 'model = mlflow.pyfunc.load_model("models:/churn@champion")\n');
    await writeFile(join(repo.dir, 'jobs', 'train.py'), 'mlflow.set_tag("data.version", v)\n');
    await writeFile(join(repo.dir, 'jobs', 'notes.txt'), 'mlflow.set_tag in a text file\n');
    const grep = {
      id: 'tags-in-code',
      kind: 'shell',
      title: 'Tag emission',
      argv: ['grep', '-rn', 'mlflow.set_tag', '--include=${CODE_GLOBS}'],
      paths: ['${CODE_PATHS}'],
    } satisfies CellInput;
    const check = {
      id: 'unknown-tags',
      kind: 'check',
      title: 'Mandatory tags never set in code',
      sql: "SELECT p.value AS tag FROM workbook_parameters p WHERE p.name = 'DATA_TAGS' AND NOT EXISTS (SELECT 1 FROM tags_in_code g WHERE g.content LIKE '%' || p.value || '%') ORDER BY 1",
    } satisfies CellInput;
    const dir = await workbook(
      'http://127.0.0.1:9',
      [grep, check],
      [
        { name: 'REPO_DIR', value: repo.dir },
        { name: 'CODE_PATHS', values: ['app/', 'dags/', 'jobs/'] },
        { name: 'CODE_GLOBS', values: ['*.py', '*.ipynb'] },
        { name: 'DATA_TAGS', values: ['data.version', 'feature_set.version'] },
      ],
    );
    const [captured, checked] = await runCells(dir, {}, { env: {} });
    if (captured!.status !== 'captured') throw new Error(JSON.stringify(captured));
    expect(captured!.recorded.capture.command).toBe(
      `cd ${repo.dir} && grep -rn mlflow.set_tag '--include=*.py' '--include=*.ipynb' -- app/ jobs/`,
    );
    expect(captured!.recorded.capture.notes).toEqual(['not present, left out: dags/']);
    expect(captured!.recorded.tables[0]!.rows.map((r) => r[0])).toEqual(['jobs/train.py']);
    expect(checked!.status === 'captured' && checked!.recorded.tables[0]!.rows).toEqual([['feature_set.version']]);
    // None of the folders there: a clear error naming them.
    const wb = await loadWorkbook(fs, dir);
    wb.parameters[3] = { name: 'CODE_PATHS', description: '', values: ['src/', 'dags/'] };
    const { saveWorkbook } = await import('../../core/workbook/store');
    await saveWorkbook(fs, dir, wb);
    const [none] = await runCells(dir, { cell: 'tags-in-code' }, { env: {} });
    expect(none!.status === 'error' && none!.error).toBe(
      `none of src/, dags/ exists in ${repo.dir}; set the paths parameter to the folders of this codebase`,
    );
  });
});
