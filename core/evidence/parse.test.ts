import { describe, expect, it } from 'vitest';
import { readCsv } from './csv';
import { detectFormat, flatten, parseEvidence } from './parse';
import { tableFromArrow, tableToArrow } from './table';

const byName = <T extends { name: string }>(tables: T[], name: string): T => tables.find((t) => t.name === name)!;

describe('format detection', () => {
  it.each([
    ['{"runs": []}', 'json'],
    ['[1, 2]', 'json'],
    ['{"a":1}\n{"a":2}\n', 'ndjson'],
    ['src/a.py:12:mlflow.set_tag("x", 1)\nsrc/b.py:3:import mlflow\n', 'grep'],
    ['2026-04-20 09:00:00       1234 models/m1/model.pkl\n                           PRE runs/\n', 's3-ls'],
    ['NAME          READY   STATUS    RESTARTS   AGE\nmlflow-0      1/1     Running   0          3d\n', 'kubectl-table'],
    ['run_id,tag,present\n0a1,git,yes\n"3d,4",data,no\n', 'csv'],
    ['just some words\nand more', 'text'],
    ['{"truncated": [1, 2', 'text'],
  ])('%j is %s', (text, format) => {
    expect(detectFormat(text).format).toBe(format);
  });
});

describe('parsers', () => {
  it('reads grep output into file, line, content', () => {
    const { tables } = parseEvidence('hits', 'src/a.py:12:load("runs:/x/model")\nsrc/b.py:3:x = "a:b"\n');
    expect(tables[0]!.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['file:string', 'line:number', 'content:string']);
    expect(tables[0]!.rows).toEqual([
      ['src/a.py', 12, 'load("runs:/x/model")'],
      ['src/b.py', 3, 'x = "a:b"'],
    ]);
  });

  it('reads kubectl tables by header position, <none> as null', () => {
    const text =
      'NAME       CLASS    HOSTS             ADDRESS   PORTS   AGE\nmlflow     nginx    mlflow.internal   <none>    80      12d\n';
    const t = parseEvidence('ing', text).tables[0]!;
    expect(t.columns.map((c) => c.name)).toEqual(['name', 'class', 'hosts', 'address', 'ports', 'age']);
    expect(t.rows[0]).toEqual(['mlflow', 'nginx', 'mlflow.internal', null, '80', '12d']);
  });

  it('reads aws s3 ls with prefixes', () => {
    const t = parseEvidence('ls', '2026-04-20 09:00:00       1234 models/m1/model.pkl\n                           PRE runs/\n').tables[0]!;
    expect(t.rows).toEqual([
      ['2026-04-20 09:00:00', 1234, 'models/m1/model.pkl', false],
      [null, null, 'runs/', true],
    ]);
  });

  it('reads RFC 4180 CSV, numbers as numbers', () => {
    expect(readCsv('a,b\n"x, ""y""",2\r\n"multi\nline",3')).toEqual([
      ['a', 'b'],
      ['x, "y"', '2'],
      ['multi\nline', '3'],
    ]);
    expect(parseEvidence('c', 'id,n\n0a1,7\n', 'csv').tables[0]!.rows).toEqual([['0a1', 7]]);
  });

  it('keeps raw text as numbered lines', () => {
    expect(parseEvidence('t', 'one\n\nthree\n').tables[0]!.rows).toEqual([
      [1, 'one'],
      [2, ''],
      [3, 'three'],
    ]);
  });

  it('flattens kubectl objects: one row each, env by name, annotations as columns', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          kind: 'Pod',
          metadata: { name: 'mlflow-0', annotations: { team: 'ml' } },
          spec: {
            containers: [
              {
                name: 'mlflow',
                image: 'mlflow:2.12',
                env: [
                  { name: 'MLFLOW_TRACKING_URI', value: 'http://x' },
                  { name: 'DB', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
                ],
              },
            ],
          },
        },
        { kind: 'Pod', metadata: { name: 'console-0' }, spec: { containers: [] } },
      ],
    };
    const t = parseEvidence('pods', JSON.stringify(list)).tables[0]!;
    expect(t.rows).toHaveLength(2);
    const col = (name: string) => t.rows.map((r) => r[t.columns.findIndex((c) => c.name === name)]);
    expect(col('metadata.name')).toEqual(['mlflow-0', 'console-0']);
    expect(col('metadata.annotations.team')).toEqual(['ml', null]);
    expect(col('spec.containers.0.env.MLFLOW_TRACKING_URI')).toEqual(['http://x', null]);
    expect(col('spec.containers.0.env.DB.secretKeyRef.name')).toEqual(['s', null]);
  });

  it('normalises workloads into container_env and container_args', () => {
    const deployment = {
      kind: 'Deployment',
      metadata: { name: 'mlflow', namespace: 'ml' },
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'server',
                command: ['mlflow', 'server'],
                args: ['--backend-store-uri', 'sqlite:///x.db'],
                env: [
                  { name: 'A', value: '1' },
                  { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
                ],
              },
            ],
          },
        },
      },
    };
    const { tables } = parseEvidence('deploy', JSON.stringify(deployment));
    expect(byName(tables, 'container_env').rows).toEqual([
      ['Deployment', 'ml', 'mlflow', 'server', 'A', '1', null],
      ['Deployment', 'ml', 'mlflow', 'server', 'B', null, '{"secretKeyRef":{"name":"s","key":"k"}}'],
    ]);
    expect(byName(tables, 'container_args').rows.map((r) => r[5])).toEqual(['mlflow', 'server', '--backend-store-uri', 'sqlite:///x.db']);
    expect(parseEvidence('cm', JSON.stringify({ kind: 'ConfigMap', data: {} })).tables.map((t) => t.name)).toEqual(['cm']);
  });

  it('flattens scalars arrays to JSON text', () => {
    expect(flatten({ a: { b: [1, 2] }, c: [] })).toEqual({ 'a.b': '[1,2]', c: null });
  });
});

describe('MLflow REST 2.0 normalisation', () => {
  const page1 = {
    runs: [
      {
        info: {
          run_id: 'r1',
          experiment_id: '1',
          run_name: 'train',
          user_id: 'alice',
          status: 'FINISHED',
          start_time: 1,
          end_time: 2,
          artifact_uri: 's3://b/1/r1',
          lifecycle_stage: 'active',
        },
        data: {
          metrics: [{ key: 'auc', value: 0.9, timestamp: 5, step: 0 }],
          params: [{ key: 'lr', value: '0.1' }],
          tags: [
            { key: 'mlflow.user', value: 'alice' },
            { key: 'cvn.data_version', value: 'd1' },
          ],
        },
      },
    ],
    next_page_token: 'abc',
  };
  const page2 = { runs: [{ info: { run_uuid: 'r2', experiment_id: '1', user_id: '' }, data: {} }] };

  it('splits paginated runs into runs, run_tags, run_params, run_metrics', () => {
    const { tables } = parseEvidence('recent-runs', JSON.stringify([page1, page2]));
    expect(tables.map((t) => t.name)).toEqual(['recent-runs', 'runs', 'run_tags', 'run_params', 'run_metrics']);
    expect(byName(tables, 'runs').rows.map((r) => r[0])).toEqual(['r1', 'r2']);
    // The base table is the runs of both pages, a row each (not a page per row, flattened wide).
    const base = byName(tables, 'recent-runs');
    const runId = base.columns.findIndex((c) => c.name === 'info.run_id');
    expect(base.rows.map((r) => r[runId])).toEqual(['r1', null]);
    expect(byName(tables, 'run_tags').rows).toEqual([
      ['r1', 'mlflow.user', 'alice'],
      ['r1', 'cvn.data_version', 'd1'],
    ]);
    expect(byName(tables, 'run_metrics').rows).toEqual([['r1', 'auc', 0.9, 5, 0]]);
  });

  it('keeps the columns of an empty normalised table', () => {
    const { tables } = parseEvidence('none', '{"runs": []}');
    expect(byName(tables, 'run_tags').columns.map((c) => c.name)).toEqual(['run_id', 'key', 'value']);
  });

  it('normalises registered models with aliases, and model versions', () => {
    const models = {
      registered_models: [{ name: 'ftf', aliases: [{ alias: 'production', version: '3' }], latest_versions: [{ version: '3' }] }],
    };
    expect(byName(parseEvidence('m', JSON.stringify(models)).tables, 'model_aliases').rows).toEqual([['ftf', 'production', '3']]);
    const versions = {
      model_versions: [
        { name: 'ftf', version: '3', current_stage: 'Production', run_id: 'r1', source: 'runs:/r1/model', aliases: ['production'] },
      ],
    };
    const t = parseEvidence('v', JSON.stringify(versions)).tables;
    expect(byName(t, 'model_version').rows[0]!.slice(0, 5)).toEqual(['ftf', '3', 'Production', null, 'r1']);
    expect(byName(t, 'model_aliases').rows).toEqual([['ftf', 'production', '3']]);
  });

  it('round-trips every table through Arrow IPC', () => {
    for (const t of parseEvidence('recent-runs', JSON.stringify([page1, page2])).tables) {
      expect(tableFromArrow(t.name, tableToArrow(t))).toEqual(t);
    }
  });
});

describe('one table per name', () => {
  it('keeps the normalised table when the cell is named like it (a cell `experiments`)', () => {
    const body = JSON.stringify({ experiments: [{ experiment_id: '1', name: 'prod', lifecycle_stage: 'active' }] });
    const { tables } = parseEvidence('experiments', body);
    expect(tables.filter((t) => t.name === 'experiments')).toHaveLength(1);
    expect(tables.find((t) => t.name === 'experiments')!.columns.map((c) => c.name)).toContain('experiment_id');
  });
});
