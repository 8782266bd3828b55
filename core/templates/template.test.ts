import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { workbookId } from '../ids';
import { FormatError } from '../workbook/file-format';
import { instantiateTemplate, parseTemplate } from './template';

const FILE = 'audit-templates/mlflow-backbone/template.yaml';
const text = readFileSync(new URL(`../../${FILE}`, import.meta.url), 'utf8');

function problems(yaml: string): string[] {
  try {
    parseTemplate(yaml, 'my/template.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(FormatError);
    return (error as FormatError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error('expected the template to be rejected');
}

const minimal = `name: t
version: 1
title: T
parameters:
  - name: REPO_DIR
pillars:
  - number: 1
    name: One
    order: 1
    cells:
      - id: grep-it
        kind: shell
        title: Grep
        argv: [grep, -rn, x, "\${REPO_DIR}"]
`;

describe('mlflow-backbone template', () => {
  const t = parseTemplate(text, FILE);

  it('has the eight pillars of seed 000 in audit order 5 → 6 → 7 → 3 → 4 → 8 → 2 → 1', () => {
    expect(t.pillars.map((p) => p.number).sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...t.pillars].sort((a, b) => a.order - b.order).map((p) => p.number)).toEqual([5, 6, 7, 3, 4, 8, 2, 1]);
  });

  it('marks pillars 5, 6 and 7 fail-fast', () => {
    expect(
      t.pillars
        .filter((p) => p.failFast)
        .map((p) => p.number)
        .sort(),
    ).toEqual([5, 6, 7]);
  });

  it('carries the RBAC and lineage severity grids of seed 000 as data', () => {
    const rbac = t.pillars.find((p) => p.number === 7)!;
    expect(rbac.severityGrid).toContainEqual({ condition: 'Unauthenticated writes to Tracking Server', severity: 'Critical' });
    expect(rbac.severityGrid).toContainEqual({ condition: 'Public S3 artifacts', severity: 'Critical' });
    const lineage = t.pillars.find((p) => p.number === 8)!;
    expect(lineage.severityGrid).toContainEqual({ condition: 'Runtime loads by run_id instead of alias', severity: 'Major' });
    expect(t.pillars.find((p) => p.number === 1)!.principle).toMatch(/no local \.\/mlruns/);
  });

  it('uses MLflow parameter names, with secrets as references', () => {
    expect(t.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        'MLFLOW_TRACKING_URI',
        'MLFLOW_TRACKING_TOKEN',
        'K8S_CONTEXT',
        'K8S_NAMESPACE',
        'ARTIFACT_BUCKET',
        'S3_ENDPOINT_URL',
        'REPO_DIR',
        'BACKEND_STORE_URI',
      ]),
    );
    const wb = instantiateTemplate(t, {
      id: workbookId('w'),
      date: '2026-05-01',
      params: { MLFLOW_TRACKING_TOKEN: 'keychain:mlflow-prod' },
    });
    expect(wb.parameters.find((p) => p.name === 'MLFLOW_TRACKING_TOKEN')).toMatchObject({ secret: { keychain: 'mlflow-prod' } });
    expect(wb.parameters.find((p) => p.name === 'BACKEND_STORE_URI')).toMatchObject({ secret: { env: 'BACKEND_STORE_URI' } });
    expect(wb.pillars.every((p) => p.verdict.status === 'not-assessed')).toBe(true);
    expect(wb.template).toEqual({ name: 'mlflow-backbone', version: 2 });
    // Conventions are list parameters with stock defaults; a list given on the command line is comma-separated.
    expect(wb.parameters.find((p) => p.name === 'PRODUCTION_ALIASES')).toMatchObject({ values: ['champion', 'production', 'prod'] });
    const given = instantiateTemplate(t, {
      id: workbookId('w'),
      date: '2026-05-01',
      params: { CODE_PATHS: 'app/, jobs/', LINEAGE_TAGS: '' },
    });
    expect(given.parameters.find((p) => p.name === 'CODE_PATHS')).toMatchObject({ values: ['app/', 'jobs/'] });
    expect(given.parameters.find((p) => p.name === 'LINEAGE_TAGS')).toMatchObject({ values: [] });
  });

  it('refuses a secret given in clear, and unknown parameters', () => {
    expect(() => instantiateTemplate(t, { id: workbookId('w'), date: '2026-05-01', params: { MLFLOW_TRACKING_TOKEN: 'abc123' } })).toThrow(
      /secret: give a reference such as env:MLFLOW_TRACKING_TOKEN/,
    );
    expect(() => instantiateTemplate(t, { id: workbookId('w'), date: '2026-05-01', params: { NOPE: '1' } })).toThrow(
      /unknown parameter NOPE/,
    );
  });
});

describe('invalid templates name the file and the place', () => {
  it('accepts the minimal example', () => {
    expect(parseTemplate(minimal, 'my/template.yaml').pillars[0]!.cells[0]!.kind).toBe('shell');
  });

  it('rejects YAML syntax errors with their line', () => {
    expect(problems('name: t\npillars: [\n')[0]).toMatch(/^line \d+: not valid YAML/);
  });

  it('rejects an unknown parameter reference', () => {
    expect(problems(minimal.replace('${REPO_DIR}', '${REPO_DIRR}'))).toEqual([
      'line 14: pillars[0] (pillar 1).cells[0] (grep-it).argv: unknown parameter ${REPO_DIRR}: declare it under parameters',
    ]);
  });

  it('rejects an unknown cell kind', () => {
    expect(problems(minimal.replace('kind: shell', 'kind: ftp'))[0]).toMatch(
      /^line 12: pillars\[0\] \(pillar 1\)\.cells\[0\] \(grep-it\)\.kind: /,
    );
  });

  it('rejects a duplicate pillar and a misspelt field', () => {
    const dup = `${minimal}  - number: 1\n    name: Again\n    order: 2\n    fialFast: true\n`;
    const found = problems(dup);
    expect(found).toEqual(['line 18: pillars[1] (pillar 1): Unrecognized key: "fialFast"']);
  });

  it('rejects a template without pillars', () => {
    expect(problems('name: t\nversion: 1\ntitle: T\npillars: []\n')[0]).toMatch(/pillars: a template has at least one pillar/);
  });
});
