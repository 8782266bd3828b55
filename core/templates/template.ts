// Audit templates: a reusable definition of pillars, parameters, severity grids and evidence cells,
// written in YAML under audit-templates/<name>/template.yaml. A new workbook is instantiated from one.
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import * as z from 'zod';
import type { WorkbookId } from '../ids';
import { parseListValue, REFERENCE } from '../evidence/substitution';
import { FormatError, formatPath, validateWorkbook } from '../workbook/file-format';
import { lineColumn } from '../workbook/json-position';
import {
  CellSchema,
  CURRENT_SCHEMA_VERSION,
  SectionSchema,
  SeverityLabelsSchema,
  SeverityRuleSchema,
  WeightsSchema,
  type Parameter,
  type Workbook,
} from '../workbook/schema';

const TemplateParameterSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'an UPPER_SNAKE_CASE parameter name'),
    description: z.string().default(''),
    /** A list parameter's default is a YAML list; `${NAME}` expands to its items. */
    list: z.boolean().default(false),
    default: z.union([z.string(), z.array(z.string())]).optional(),
    secret: z.boolean().default(false),
    /** A secret without which the cells using it cannot run (an optional one unset is left out). */
    required: z.boolean().default(false),
  })
  .refine((p) => p.default === undefined || Array.isArray(p.default) === p.list, {
    message: 'a list parameter (list: true) takes a YAML list as default, any other a text',
    path: ['default'],
  })
  .refine((p) => !p.required || p.secret, { message: 'only a secret parameter can be required', path: ['required'] })
  .refine((p) => !(p.list && p.secret), { message: 'a secret cannot be a list', path: ['list'] });

const TemplatePillarSchema = z.strictObject({
  number: z.int().min(1).max(99),
  name: z.string().min(1),
  principle: z.string().default(''),
  source: z.string().default(''),
  order: z.int().min(1),
  failFast: z.boolean().default(false),
  severityGrid: z.array(SeverityRuleSchema).default([]),
  method: z.string().default(''),
  cells: z.array(CellSchema).default([]),
});

export const TemplateSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a kebab-case template name'),
  version: z.int().min(1),
  title: z.string().min(1),
  description: z.string().default(''),
  parameters: z.array(TemplateParameterSchema).default([]),
  weights: WeightsSchema.default({ pnl: 1, ops: 1, compliance: 1 }),
  severityLabels: SeverityLabelsSchema.optional(),
  sections: z.array(SectionSchema).default([]),
  /** The ✅/❌ table of the report, each aspect set by a check (seed 001's summary, seed 003's compliance status). */
  controls: z
    .array(z.strictObject({ aspect: z.string().min(1), pillar: z.int().min(1).max(99).optional(), check: z.string().min(1) }))
    .default([]),
  pillars: z.array(TemplatePillarSchema).min(1, 'a template has at least one pillar'),
});

/** A parsed, validated audit template. */
export type Template = z.infer<typeof TemplateSchema>;
export type TemplateParameter = z.infer<typeof TemplateParameterSchema>;

/** `file:line: path: message`, using the YAML node's position when the path resolves. */
function locate(doc: Document, text: string, path: readonly PropertyKey[]): string {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as (string | number)[], true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) {
      return `line ${lineColumn(text, node.range[0]).line}`;
    }
  }
  return 'line 1';
}

/** `line N: pillars[2] (pillar 3).cells[1] (id).sql` for a place in a template's text. */
export function templatePlace(text: string, path: readonly (string | number)[]): string {
  const doc = parseDocument(text, { prettyErrors: false });
  return `${locate(doc, text, path)}: ${formatPath(path, doc.toJS())}`;
}

/** The SQL run in the local DuckDB — query and check cells, discovered inputs, forEach rows — with its path, for a syntax check. */
export function templateSql(t: Template): { path: (string | number)[]; sql: string }[] {
  return t.pillars.flatMap((p, i) =>
    p.cells.flatMap((c, j) => {
      const at = ['pillars', i, 'cells', j];
      const own = c.kind === 'query' || c.kind === 'check' ? [{ path: [...at, 'sql'], sql: c.sql }] : [];
      const inputs = 'inputs' in c ? (c.inputs ?? []).map((input, k) => ({ path: [...at, 'inputs', k, 'sql'], sql: input.sql })) : [];
      const rows = c.kind === 'rest' && c.forEach ? [{ path: [...at, 'forEach', 'sql'], sql: c.forEach.sql }] : [];
      return [...own, ...inputs, ...rows];
    }),
  );
}

/** Parses and validates template YAML. Problems name the file, the line and the field path. */
export function parseTemplate(text: string, file: string): Template {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length) {
    throw new FormatError(
      file,
      doc.errors.map((e) => ({ path: `line ${lineColumn(text, e.pos[0]).line}`, message: `not valid YAML: ${e.message.split('\n')[0]}` })),
    );
  }
  if (!isMap(doc.contents) && !isSeq(doc.contents)) {
    throw new FormatError(file, [{ path: '', message: 'expected a YAML mapping with name, version, title and pillars' }]);
  }
  const raw: unknown = doc.toJS();
  const result = TemplateSchema.safeParse(raw);
  if (!result.success) {
    throw new FormatError(
      file,
      result.error.issues.map((i) => {
        // For a misspelt key, point at the key's own line rather than at its parent mapping.
        const at = i.code === 'unrecognized_keys' && i.keys[0] !== undefined ? [...i.path, i.keys[0]] : i.path;
        return { path: `${locate(doc, text, at)}: ${formatPath(i.path, raw)}`, message: i.message };
      }),
    );
  }
  const problems = checkTemplate(result.data).map((p) => ({
    path: `${locate(doc, text, p.path)}: ${formatPath(p.path, raw)}`,
    message: p.message,
  }));
  if (problems.length) throw new FormatError(file, problems);
  return result.data;
}

/** Rules across fields: unique pillars, orders and cell ids; every `${PARAM}` declared. */
function checkTemplate(t: Template): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const declared = new Set(t.parameters.map((p) => p.name));
  const numbers = new Set<number>();
  const orders = new Set<number>();
  const cellIds = new Set<string>();
  t.pillars.forEach((pillar, p) => {
    if (numbers.has(pillar.number)) problems.push({ path: ['pillars', p, 'number'], message: `pillar ${pillar.number} appears twice` });
    numbers.add(pillar.number);
    if (orders.has(pillar.order))
      problems.push({ path: ['pillars', p, 'order'], message: `audit order position ${pillar.order} is used twice` });
    orders.add(pillar.order);
    pillar.cells.forEach((cell, c) => {
      if (cellIds.has(cell.id)) problems.push({ path: ['pillars', p, 'cells', c, 'id'], message: `cell id "${cell.id}" appears twice` });
      cellIds.add(cell.id);
      const discovered = new Set('inputs' in cell ? (cell.inputs ?? []).map((i) => i.name) : []);
      discovered.forEach((name) => {
        if (declared.has(name))
          problems.push({ path: ['pillars', p, 'cells', c, 'inputs'], message: `input ${name} has the name of a parameter` });
      });
      // A forEach cell binds its row's columns by name: those cannot be checked before a run.
      if (cell.kind === 'rest' && cell.forEach) return;
      for (const [field, value] of Object.entries(cell)) {
        if (field === 'inputs') continue;
        for (const name of referencedParams(value)) {
          if (!declared.has(name) && !discovered.has(name)) {
            problems.push({
              path: ['pillars', p, 'cells', c, field],
              message: `unknown parameter \${${name}}: declare it under parameters`,
            });
          }
        }
      }
      if (cell.kind === 'rest' && cell.auth && !declared.has(cell.auth.parameter)) {
        problems.push({ path: ['pillars', p, 'cells', c, 'auth', 'parameter'], message: `unknown parameter ${cell.auth.parameter}` });
      }
    });
  });
  const checks = new Set(t.pillars.flatMap((p) => p.cells.filter((c) => c.kind === 'check').map((c) => c.id as string)));
  t.controls.forEach((control, i) => {
    if (!checks.has(control.check))
      problems.push({ path: ['controls', i, 'check'], message: `"${control.check}" is not a check cell of this template` });
    if (control.pillar !== undefined && !numbers.has(control.pillar))
      problems.push({ path: ['controls', i, 'pillar'], message: `no pillar numbered ${control.pillar}` });
  });
  return problems;
}

function referencedParams(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(REFERENCE)].map((m) => m[1]!);
  if (Array.isArray(value)) return value.flatMap(referencedParams);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(referencedParams);
  return [];
}

/** What the app's template gallery and parameter form show of a template. */
export interface TemplateSummary {
  name: string;
  title: string;
  description: string;
  pillars: { number: number; name: string }[];
  parameters: TemplateParameter[];
}

export const summarizeTemplate = (t: Template): TemplateSummary => ({
  name: t.name,
  title: t.title,
  description: t.description,
  pillars: [...t.pillars].sort((a, b) => a.order - b.order).map((p) => ({ number: p.number, name: p.name })),
  parameters: t.parameters,
});

/** What `new` needs besides the template. */
export interface NewWorkbookInput {
  id: WorkbookId;
  date: string;
  title?: string;
  auditor?: string;
  scope?: string;
  /** Values by parameter name; a secret parameter takes `env:NAME` or `keychain:ENTRY`, a list one comma-separated items. */
  params?: Record<string, string>;
}

function parameterFor(def: TemplateParameter, given: string | undefined): Parameter {
  const base = { name: def.name, description: def.description };
  if (def.list)
    return { ...base, values: given === undefined ? [...((def.default as string[] | undefined) ?? [])] : parseListValue(given) };
  if (!def.secret) {
    const value = given ?? (def.default as string | undefined);
    return value === undefined ? base : { ...base, value };
  }
  const ref = given ?? (def.default as string | undefined) ?? `env:${def.name}`;
  const match = /^(env|keychain):(.+)$/.exec(ref);
  if (!match) {
    throw new Error(
      `parameter ${def.name} is a secret: give a reference such as env:${def.name} or keychain:<entry>, never the secret itself`,
    );
  }
  return {
    ...base,
    secret: match[1] === 'env' ? { env: match[2]! } : { keychain: match[2]! },
    ...(def.required ? { required: true } : {}),
  };
}

/** A fresh workbook from a template: pillars in place, nothing assessed, nothing captured. */
export function instantiateTemplate(t: Template, input: NewWorkbookInput): Workbook {
  const given = input.params ?? {};
  for (const name of Object.keys(given)) {
    if (!t.parameters.some((p) => p.name === name)) {
      const known = t.parameters.map((p) => p.name).join(', ') || 'none';
      throw new Error(`unknown parameter ${name} for template ${t.name} (known: ${known})`);
    }
  }
  const raw = {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    id: input.id,
    title: input.title ?? t.title,
    scope: input.scope ?? '',
    auditor: input.auditor ?? '',
    date: input.date,
    template: { name: t.name, version: t.version },
    parameters: t.parameters.map((def) => parameterFor(def, given[def.name])),
    weights: t.weights,
    ...(t.severityLabels ? { severityLabels: t.severityLabels } : {}),
    sections: t.sections,
    controls: t.controls.map((c) => ({ ...c, status: 'not-assessed' })),
    pillars: t.pillars.map((p) => ({ ...p, stateObserved: '', verdict: { status: 'not-assessed', justification: '' } })),
  };
  return validateWorkbook(raw, `template ${t.name}`);
}
