// Raw evidence text → tables. Every format a runner produces can also be imported as text, so the
// offline path parses exactly what the online path does: JSON (with MLflow REST 2.0 and kubectl
// shapes recognised), YAML (read as the JSON it denotes), NDJSON, CSV, kubectl tables, grep lines,
// `aws s3 ls`, and raw text.
import { parseAllDocuments } from 'yaml';
import { describeJsonError } from '../workbook/file-format';
import { FORMATS, type Format } from './formats';
import { normaliseKubernetes } from './kubernetes';
import { normaliseMlflow } from './mlflow';
import { normaliseS3 } from './s3';
import { tableFromRecords, type EvidenceTable } from './table';

export { FORMATS, type Format };

const nonEmptyLines = (text: string) => text.split(/\r?\n/).filter((l) => l.trim() !== '');

// file:line:content — the file is everything before the first `:<digits>:`, so a name with colons
// (`a:b.py:12:…`) stays whole; `grep -Z` ends the name with a NUL instead, which is unambiguous.
const GREP_LINE = /^([^:\s\0][^\0]*?):(\d+):(.*)$/;
const GREP_NULL_LINE = /^([^\0]+)\0(\d+):(.*)$/;
const S3_LS_LINE = /^(?:(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})\s+(\d+) (.+)|\s+PRE (.+))$/;
const KUBECTL_HEADER = /^[A-Z][A-Z0-9()-]*(?: [A-Z][A-Z0-9()-]*)*(?: {2,}[A-Z][A-Z0-9()-]*(?: [A-Z][A-Z0-9()-]*)*)+\s*$/;

/** Whether the text starts with a `kubectl get` table header (upper-case columns two spaces apart). */
export const isKubectlTable = (text: string) => KUBECTL_HEADER.test(text.slice(0, Math.max(0, text.indexOf('\n')) || text.length));

/** Whether the text is one JSON value. */
export function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The value a YAML text denotes: one document as is, several (`---`) as a Kubernetes-style List, so
 * that `kubectl get -o yaml` and a folder of manifests read like their JSON. Null when it is not YAML.
 */
export function yamlValue(text: string): unknown {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) return null;
  const values = docs.map((d) => d.toJS({ maxAliasCount: 100 }) as unknown).filter((v) => v !== null && v !== undefined);
  if (values.length === 0 || values.some((v) => typeof v !== 'object')) return null;
  return values.length === 1 ? values[0] : { kind: 'List', items: values };
}

/** What is wrong with YAML text, where: the first error's line and column. */
function yamlError(text: string): string {
  const error = parseAllDocuments(text)
    .flatMap((d) => ('errors' in d ? d.errors : []))
    .at(0);
  if (!error) return 'it is not made of maps and lists';
  const at = error.linePos?.[0];
  return `${error.message.split('\n')[0]}${at ? ` (line ${at.line}, column ${at.col})` : ''}`;
}

/** An HTTP response as `curl -i` prints it: status line, headers, blank line, body. */
export function parseHttpResponse(text: string): { status: number; body: string } | null {
  const m = /^HTTP\/\d(?:\.\d)? (\d{3})[^\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n?/.exec(text);
  if (!m) return null;
  return { status: Number(m[1]), body: text.slice(m[0].length) };
}

/** Guesses the format of captured text; `text` when nothing more specific fits. */
export function detectFormat(text: string): Format {
  const trimmed = text.trim();
  if (trimmed === '') return 'text';
  if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && isJson(trimmed)) return 'json';
  const lines = nonEmptyLines(text);
  if (lines.every((l) => l.trim().startsWith('{') && isJson(l))) return 'ndjson';
  if (/^(?:---|apiVersion:|kind:)/.test(lines.find((l) => !l.startsWith('#')) ?? '') && yamlValue(text) !== null) return 'yaml';
  if (lines.every((l) => GREP_NULL_LINE.test(l) || GREP_LINE.test(l))) return 'grep';
  if (lines.every((l) => S3_LS_LINE.test(l))) return 's3-ls';
  if (KUBECTL_HEADER.test(lines[0]!)) return 'kubectl-table';
  if (lines.length >= 2 && lines[0]!.includes(',')) {
    const width = parseCsv(lines[0]!)[0]!.length;
    const rows = parseCsv(text);
    if (rows.length >= 2 && rows.every((r) => r.length === width)) return 'csv';
  }
  return 'text';
}

/** JSON.parse, failing with where the text goes wrong (line and column) and what it was read as. */
function parseJson(text: string, what = 'JSON'): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid ${what}: ${describeJsonError(text, error)}`);
  }
}

/** NDJSON: each non-empty line one JSON document; a bad line is named by its number. */
function parseNdjson(text: string): unknown[] {
  const values: unknown[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      values.push(JSON.parse(line));
    } catch (error) {
      throw new Error(`not valid NDJSON: line ${i + 1}: ${describeJsonError(line, error).replace(/at line 1, column/, 'at column')}`);
    }
  });
  return values;
}

/** Tables of `text` read as `format` (or detected). The base table is named `name`. */
export function parseEvidence(
  name: string,
  text: string,
  format: Format | 'auto' = 'auto',
  /** The text is a JSON array of response pages (a paginated rest capture): the base table concatenates their rows. */
  options: { pages?: boolean } = {},
): { format: Format; tables: EvidenceTable[] } {
  const f = format === 'auto' ? detectFormat(text) : format;
  switch (f) {
    case 'json':
      return { format: f, tables: jsonTables(name, parseJson(text), options.pages) };
    case 'yaml': {
      const value = yamlValue(text);
      if (value === null) throw new Error(`not valid YAML: ${yamlError(text)}`);
      return { format: f, tables: jsonTables(name, value, options.pages) };
    }
    case 'ndjson':
      return {
        format: f,
        tables: [
          tableFromRecords(
            name,
            parseNdjson(text).map((v) => flatten(v)),
          ),
        ],
      };
    case 'csv': {
      const [header = [], ...rows] = parseCsv(text);
      return {
        format: f,
        tables: [
          tableFromRecords(
            name,
            rows.map((r) => Object.fromEntries(header.map((h, i) => [h, csvValue(r[i])]))),
          ),
        ],
      };
    }
    case 'kubectl-table':
      return { format: f, tables: [kubectlTable(name, text)] };
    case 'grep':
      return {
        format: f,
        tables: [
          tableFromRecords(
            name,
            nonEmptyLines(text).flatMap((l) => {
              const m = GREP_NULL_LINE.exec(l) ?? GREP_LINE.exec(l);
              // `grep -r … .` prints ./src/x.py: the same file as `grep -r … src/` prints src/x.py.
              return m ? [{ file: m[1]!.replace(/^(\.\/)+/, ''), line: Number(m[2]), content: m[3] }] : [];
            }),
          ),
        ],
      };
    case 's3-ls':
      return {
        format: f,
        tables: [
          tableFromRecords(
            name,
            nonEmptyLines(text).flatMap((l): Record<string, unknown>[] => {
              const m = S3_LS_LINE.exec(l);
              if (!m) return [];
              return m[5] !== undefined
                ? [{ modified: null, size: null, key: m[5], is_prefix: true }]
                : [{ modified: `${m[1]} ${m[2]}`, size: Number(m[3]), key: m[4], is_prefix: false }];
            }),
          ),
        ],
      };
    case 'text':
      return {
        format: f,
        tables: [
          tableFromRecords(
            name,
            text
              .split(/\r?\n/)
              .filter((l, i, all) => l !== '' || i < all.length - 1)
              .map((l, i) => ({ line: i + 1, text: l })),
          ),
        ],
      };
  }
}

/**
 * A JSON document as tables: MLflow responses normalised, kubectl objects one row each, else rows.
 * The pages of a paginated response are one table: the rows of each page, one after the other.
 */
export function jsonTables(name: string, value: unknown, pages = false): EvidenceTable[] {
  const result = asColumnsAndRows(value);
  if (result) return [tableFromRecords(name, result.rows, result.columns)];
  const requested = asRequestedPages(value);
  if (requested) {
    // One request per row of earlier evidence: each page's rows carry the values it was requested with.
    const responses = requested.map((r) =>
      r.response !== null && typeof r.response === 'object' && !Array.isArray(r.response) ? r.response : {},
    );
    const rows = requested.flatMap((r) => pageRows(r.response).map((row) => ({ ...lowerKeys(r.request), ...row })));
    return [
      tableFromRecords(name, rows),
      ...(normaliseMlflow(
        responses,
        requested.map((r) => r.request),
      ) ?? []),
    ];
  }
  // MLflow's normaliser reads an array as pages too, so an imported paginated capture is paged.
  const mlflow = normaliseMlflow(value);
  const rows = Array.isArray(value) && (pages || mlflow) ? value.flatMap(pageRows) : rowsOf(value);
  const normalised = mlflow ?? normaliseKubernetes(value) ?? normaliseS3(value);
  return [tableFromRecords(name, rows), ...(normalised ?? [])];
}

/** A `forEach` capture: `[{ request: { RUN_ID: … }, response: … }, …]`, one entry per page received. */
function asRequestedPages(value: unknown): { request: Record<string, string>; response: unknown }[] | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const entries = value as { request?: unknown; response?: unknown }[];
  const shaped = entries.every(
    (e) =>
      e !== null &&
      typeof e === 'object' &&
      !Array.isArray(e) &&
      Object.keys(e).length === 2 &&
      'response' in e &&
      e.request !== null &&
      typeof e.request === 'object' &&
      !Array.isArray(e.request),
  );
  return shaped ? (entries as { request: Record<string, string>; response: unknown }[]) : null;
}

const lowerKeys = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));

/** `{columns: [...], rows: [...]}`, the shape SQL results are captured in so that columns survive an empty result. */
function asColumnsAndRows(value: unknown): { columns: string[]; rows: Record<string, unknown>[] } | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const r = value as Record<string, unknown>;
  const keys = Object.keys(r);
  if (keys.length !== 2 || !Array.isArray(r['columns']) || !Array.isArray(r['rows'])) return null;
  if (!(r['columns'] as unknown[]).every((c) => typeof c === 'string')) return null;
  if (!(r['rows'] as unknown[]).every((x) => x !== null && typeof x === 'object' && !Array.isArray(x))) return null;
  return { columns: r['columns'] as string[], rows: r['rows'] as Record<string, unknown>[] };
}

/** The rows a JSON value stands for: an array, a kubectl List's items, a single array property, or itself. */
function rowsOf(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.map((v) => flatten(v));
  const list = listOf(value);
  if (list && list.length > 0) return list.map((v) => flatten(v));
  return [flatten(value)];
}

/** The rows of one page: its items, even none (`{"runs": [], …}`), or the page itself when it has no list. */
function pageRows(page: unknown): Record<string, unknown>[] {
  if (Array.isArray(page)) return page.map((v) => flatten(v));
  const list = listOf(page);
  return list ? list.map((v) => flatten(v)) : [flatten(page)];
}

/** A kubectl List's items, or an object's one property that is a list of objects (`runs`, `experiments` …). */
function listOf(value: unknown): unknown[] | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  if (Array.isArray(record['items']) && typeof record['kind'] === 'string') return record['items'] as unknown[];
  const arrays = Object.values(record).filter(
    (v) => Array.isArray(v) && v.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x)),
  );
  return arrays.length === 1 ? (arrays[0] as unknown[]) : null;
}

/**
 * Nested objects become dotted columns (`metadata.annotations.team`); arrays of objects are indexed
 * (`spec.containers.0.image`), and `{name, value}` lists such as a container's env become one column
 * per name (`spec.containers.0.env.MLFLOW_TRACKING_URI`). Arrays of scalars stay JSON text.
 */
export function flatten(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value === null || typeof value !== 'object') {
    out[prefix || 'value'] = value;
    return out;
  }
  if (Array.isArray(value)) {
    const objects = value.length > 0 && value.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
    if (!objects) {
      out[prefix || 'value'] = value.length ? JSON.stringify(value) : null;
      return out;
    }
    const named = value.every(
      (v) =>
        typeof (v as Record<string, unknown>)['name'] === 'string' &&
        Object.keys(v).every((k) => k === 'name' || k === 'value' || k === 'valueFrom'),
    );
    value.forEach((v, i) => {
      const record = v as Record<string, unknown>;
      if (named) flatten(record['value'] ?? record['valueFrom'] ?? null, `${prefix}.${String(record['name'])}`, out);
      else flatten(v, prefix ? `${prefix}.${i}` : String(i), out);
    });
    return out;
  }
  const entries = Object.entries(value);
  if (entries.length === 0 && prefix) out[prefix] = null;
  for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

/** RFC 4180 CSV: quoted fields, doubled quotes, newlines inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const csvValue = (v: string | undefined): string | number | null =>
  v === undefined || v === '' ? null : /^-?(0|[1-9]\d*)(\.\d+)?$/.test(v) ? Number(v) : v;

/** `kubectl get` table output: columns start where the header words start. */
function kubectlTable(name: string, text: string): EvidenceTable {
  const lines = nonEmptyLines(text);
  const header = lines[0]!;
  const starts: { name: string; at: number }[] = [];
  for (const m of header.matchAll(/\S+(?: \S+)*/g)) starts.push({ name: m[0].toLowerCase().replace(/[^a-z0-9]+/g, '_'), at: m.index });
  const records = lines.slice(1).map((line) =>
    Object.fromEntries(
      starts.map((col, i) => {
        const end = i + 1 < starts.length ? starts[i + 1]!.at : line.length;
        const raw = line.slice(col.at, end).trim();
        return [col.name, raw === '' || raw === '<none>' ? null : raw];
      }),
    ),
  );
  return tableFromRecords(name, records);
}
