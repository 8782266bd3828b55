import { describe, expect, it } from 'vitest';
import { validateWorkbook } from '../../workbook/file-format';
import { redactDefinitions } from './definitions';

const workbook = validateWorkbook(
  {
    schemaVersion: 1,
    id: 'typed-secrets',
    title: 'Typed secrets',
    date: '2026-12-06',
    parameters: [
      { name: 'MLFLOW_TRACKING_URI', value: 'https://mlflow.internal' },
      { name: 'DB_PASSWORD', value: 'Pg-typed-42' },
      { name: 'MLFLOW_TRACKING_TOKEN', secret: { env: 'MLFLOW_TRACKING_TOKEN' } },
    ],
    pillars: [
      {
        number: 1,
        name: 'Evidence',
        order: 1,
        cells: [
          {
            id: 'runs',
            kind: 'rest',
            title: 'Runs',
            method: 'POST',
            url: '${MLFLOW_TRACKING_URI}/api/2.0/mlflow/runs/search',
            headers: [
              { name: 'Authorization', value: 'Bearer ${MLFLOW_TRACKING_TOKEN}' },
              { name: 'X-Internal-Token', value: 'opaque-typed-value' },
            ],
          },
          { id: 'db', kind: 'shell', title: 'DB', argv: ['env', 'PGPASSWORD=Pg-typed-42', 'psql', '-c', 'select 1'] },
          { id: 'tags', kind: 'check', title: 'Tags', sql: "SELECT * FROM run_tags WHERE key = 'password'" },
        ],
      },
    ],
  },
  'test',
);

describe('secrets typed into the workbook', () => {
  it('are replaced in cells and plain parameters, references and local SQL kept, and the places named', () => {
    const { workbook: out, redactions } = redactDefinitions(workbook);
    const text = JSON.stringify(out);
    expect(text).not.toContain('Pg-typed-42');
    expect(text).not.toContain('opaque-typed-value');
    expect(text).toContain('Bearer ${MLFLOW_TRACKING_TOKEN}');
    expect(text).toContain('https://mlflow.internal');
    expect(text).toContain("WHERE key = 'password'");
    expect([...new Set(redactions.map((r) => r.where))].sort()).toEqual(['cell db', 'cell runs', 'parameter DB_PASSWORD']);
  });

  it('leave a workbook without typed secrets as it is', () => {
    const clean = { ...workbook, parameters: workbook.parameters.slice(0, 1), pillars: [] };
    expect(redactDefinitions(clean)).toEqual({ workbook: clean, redactions: [] });
  });
});
