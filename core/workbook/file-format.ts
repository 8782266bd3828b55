// workbook.json ⇄ Workbook. Parsing migrates old files, validates, and reports problems with the
// file name and field path; stringifying gives stable bytes (schema key order, 2-space indent,
// trailing newline), so that an unchanged workbook saves to identical bytes.
import type * as z from 'zod';
import { jsonSyntaxError, lineColumn } from './json-position';
import { checkReferences } from './references';
import { CURRENT_SCHEMA_VERSION, WorkbookShape, type Workbook } from './schema';
import { FormatError } from './format-error';

export { FormatError };

/** A migration turns the raw JSON of schema version N into that of version N+1. */
export type Migration = (raw: Record<string, unknown>) => Record<string, unknown>;

/**
 * Migrations by the version they upgrade from. Empty while the format is at its first version;
 * when a change to schema.ts breaks old files, bump CURRENT_SCHEMA_VERSION and add the step here.
 */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

/** Brings raw JSON up to `target` by applying migrations in order. */
export function migrate(
  raw: Record<string, unknown>,
  file: string,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
  target: number = CURRENT_SCHEMA_VERSION,
): Record<string, unknown> {
  const version = raw['schemaVersion'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new FormatError(file, [{ path: 'schemaVersion', message: `expected a positive integer, got ${JSON.stringify(version)}` }]);
  }
  if (version > target) {
    throw new FormatError(file, [
      {
        path: 'schemaVersion',
        message: `version ${version} is newer than this build of Audit Workbench supports (${target}); update Audit Workbench to open it`,
      },
    ]);
  }
  let current = raw;
  for (let v = version; v < target; v++) {
    const step = migrations[v];
    if (!step) throw new FormatError(file, [{ path: 'schemaVersion', message: `no migration from version ${v} to ${v + 1}` }]);
    current = { ...step(current), schemaVersion: v + 1 };
  }
  return current;
}

/** Parses JSON text, naming the file and the line and column on failure. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FormatError(file, [{ path: '', message: `not valid JSON (${describeJsonError(text, error)})` }]);
  }
}

/** Where and how JSON text goes wrong: `at line 3, column 7: a comma or } expected, found "]"`, or that it is empty. */
export function describeJsonError(text: string, error: unknown): string {
  if (text.trim() === '') return 'the file is empty';
  const syntax = jsonSyntaxError(text);
  if (!syntax) return (error instanceof Error ? error.message : String(error)).split(/[,:(]/)[0]!.trim();
  if (syntax.offset === undefined) return syntax.problem;
  const { line, column } = lineColumn(text, syntax.offset);
  const found = syntax.offset >= text.length ? 'the end of the file' : JSON.stringify(text[syntax.offset]);
  return `at line ${line}, column ${column}: ${syntax.problem}, found ${found}`;
}

/** Validates any value against a schema, turning zod issues into a FormatError naming the file. */
export function validateWith<S extends z.ZodType>(schema: S, value: unknown, file: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new FormatError(
      file,
      result.error.issues.map((issue) => ({ path: formatPath(issue.path, value), message: issue.message })),
    );
  }
  return result.data;
}

/** Validates raw workbook JSON (already at the current schema version) and its references. */
export function validateWorkbook(raw: unknown, file: string): Workbook {
  const wb = validateWith(WorkbookShape, raw, file);
  const problems = checkReferences(wb);
  if (problems.length > 0) {
    throw new FormatError(
      file,
      problems.map((p) => ({ path: formatPath(p.path, raw), message: p.message })),
    );
  }
  return wb;
}

/** Reads workbook.json text: JSON, migration, validation. Throws FormatError. */
export function parseWorkbook(text: string, file = 'workbook.json'): Workbook {
  const raw = parseJsonText(text, file);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new FormatError(file, [{ path: '', message: 'expected a JSON object at the top level' }]);
  }
  return validateWorkbook(migrate(raw as Record<string, unknown>, file), file);
}

/** The bytes of workbook.json: schema key order, 2-space indent, trailing newline. */
export function stringifyWorkbook(wb: Workbook): string {
  return stableJson(wb);
}

/** Pretty JSON as every file of a workbook is written. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * `gaps[2].severity`, with the id of the element when it has one — `gaps[2] (ML-03).severity` —
 * so that the user can find the place in a long file.
 */
export function formatPath(path: readonly PropertyKey[], root: unknown): string {
  let out = '';
  let node: unknown = root;
  let parentKey = '';
  for (const key of path) {
    if (typeof key === 'number') {
      out += `[${key}]`;
      node = Array.isArray(node) ? node[key] : undefined;
      const label = elementLabel(node, parentKey);
      if (label) out += ` (${label})`;
    } else {
      out += out ? `.${String(key)}` : String(key);
      parentKey = String(key);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[String(key)] : undefined;
    }
  }
  return out;
}

function elementLabel(node: unknown, arrayKey: string): string | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  const record = node as Record<string, unknown>;
  const number = record['number'];
  if (typeof number === 'number' && arrayKey === 'pillars') return `pillar ${number}`;
  if (typeof number === 'number' && arrayKey === 'versions') return `v${number}`;
  const value = record['id'] ?? record['name'] ?? number;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}
