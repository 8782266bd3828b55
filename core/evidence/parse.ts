// Raw evidence text → tables. Every format a runner produces can also be imported as text, so the
// offline path parses exactly what the online path does: JSON (with MLflow REST 2.0 and kubectl
// shapes recognised), YAML (read as the JSON it denotes), NDJSON, CSV, kubectl tables, grep lines,
// `aws s3 ls`, and raw text.
import { parseAllDocuments } from 'yaml';
import { describeJsonError } from '../workbook/file-format';
import { FORMATS, type Format } from './formats';
import { csvValue, looksLikeCsv, readCsv } from './csv';
import {
  isKubectlTable,
  looksLikeGrep,
  looksLikeS3Listing,
  numberedLines,
  readGrep,
  readKubectlTable,
  readS3Listing,
} from './line-formats';
import { normaliseKubernetes } from './kubernetes';
import { normaliseMlflow } from './mlflow';
import { normaliseS3 } from './s3';
import { tableFromRecords, type EvidenceTable } from './table';

export { FORMATS, type Format };

export { isKubectlTable };

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

/** A format guessed for captured text, and why: recorded on the capture so the reader can check it. */
export interface Detected {
  format: Format;
  why: string;
}

/** Guesses the format of captured text; `text` when nothing more specific fits. */
export function detectFormat(text: string): Detected {
  const trimmed = text.trim();
  if (trimmed === '') return { format: 'text', why: 'the output is empty' };
  if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && isJson(trimmed))
    return { format: 'json', why: 'the whole text is one JSON value' };
  const lines = numberedLines(text).map((l) => l.content);
  if (lines.every((l) => l.trim().startsWith('{') && isJson(l))) return { format: 'ndjson', why: 'every line is a JSON object' };
  const firstLine = lines.find((l) => !l.startsWith('#')) ?? '';
  if (/^(?:---|apiVersion:|kind:)/.test(firstLine) && yamlValue(text) !== null) {
    return { format: 'yaml', why: `it starts with ${JSON.stringify(firstLine.split(':')[0])} and reads as YAML maps and lists` };
  }
  if (looksLikeGrep(text)) return { format: 'grep', why: 'every line is a grep hit (file:line:text)' };
  if (looksLikeS3Listing(text)) return { format: 's3-ls', why: 'every line is an `aws s3 ls` line' };
  if (isKubectlTable(text))
    return { format: 'kubectl-table', why: 'the first line is a kubectl header (upper-case columns two spaces apart)' };
  if (looksLikeCsv(text)) return { format: 'csv', why: 'every record has as many comma-separated fields as the first' };
  return { format: 'text', why: 'no structured format fits every line' };
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
  options: {
    /** The text is a JSON array of response pages (a paginated rest capture): the base table concatenates their rows. */
    pages?: boolean;
    /** Whether a path exists in the searched folder, when it is at hand: resolves grep lines that split several ways. */
    isFile?: (path: string) => boolean;
  } = {},
): { format: Format; tables: EvidenceTable[]; detected?: Detected } {
  const detected = format === 'auto' ? detectFormat(text) : undefined;
  return { ...parseAs(name, text, detected?.format ?? (format as Format), options), ...(detected ? { detected } : {}) };
}

/**
 * A table the normalisation names like the cell's own (a cell `experiments` capturing MLflow's
 * experiments) replaces it: one name, one table — the one a query of that name reads, and the one
 * the report and the exports list.
 */
function onePerName(tables: EvidenceTable[]): EvidenceTable[] {
  const last = new Map(tables.map((t, i) => [t.name, i]));
  return tables.filter((t, i) => last.get(t.name) === i);
}

function parseAs(name: string, text: string, f: Format, options: { pages?: boolean; isFile?: (path: string) => boolean }) {
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
      const [header = [], ...rows] = readOrRefuse('CSV', () => readCsv(text));
      const records = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, csvValue(r[i])])));
      return { format: f, tables: [tableFromRecords(name, records)] };
    }
    case 'kubectl-table':
      return {
        format: f,
        tables: [
          tableFromRecords(
            name,
            readOrRefuse('a kubectl table', () => readKubectlTable(text)),
          ),
        ],
      };
    case 'grep': {
      const hits = readOrRefuse('grep output', () => readGrep(text, options.isFile));
      return { format: f, tables: [tableFromRecords(name, hits, ['file', 'line', 'content'])] };
    }
    case 's3-ls':
      return {
        format: f,
        tables: [
          tableFromRecords(
            name,
            readOrRefuse('an `aws s3 ls` listing', () => readS3Listing(text)),
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

/** A reader's refusal, saying what the text was read as. */
function readOrRefuse<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new Error(`not valid ${what}: ${(error as Error).message}`);
  }
}

/**
 * A JSON document as tables: MLflow responses normalised, kubectl objects one row each, else rows.
 * The pages of a paginated response are one table: the rows of each page, one after the other.
 */
export function jsonTables(name: string, value: unknown, pages = false): EvidenceTable[] {
  return onePerName(jsonTablesOf(name, value, pages));
}

function jsonTablesOf(name: string, value: unknown, pages: boolean): EvidenceTable[] {
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
