// MLflow REST 2.0 responses normalised into the tables audits query: runs, run_tags, run_params,
// run_metrics, experiments, registered_models, model_version, model_aliases. A paginated capture
// is given as the array of its pages.
import { RUNS_COLUMNS, RunsPagesScanner } from './runs-pages';
import { tableFromArrowTable, tableFromRecords, type EvidenceTable } from './table';

/** The columns of each normalised table, present even when a capture has no rows. */
export const MLFLOW_COLUMNS = {
  ...RUNS_COLUMNS,
  experiments: ['experiment_id', 'name', 'artifact_location', 'lifecycle_stage', 'creation_time', 'last_update_time', 'tags'],
  registered_models: ['name', 'description', 'creation_timestamp', 'last_updated_timestamp', 'latest_versions', 'tags'],
  model_version: [
    'name',
    'version',
    'current_stage',
    'status',
    'run_id',
    'source',
    'creation_timestamp',
    'last_updated_timestamp',
    'description',
    'tags',
  ],
  model_aliases: ['name', 'alias', 'version'],
  metric_history: ['run_id', 'key', 'value', 'timestamp', 'step'],
} as const;
const RUNS_TABLES = Object.keys(RUNS_COLUMNS);
const table = (name: keyof typeof MLFLOW_COLUMNS, records: Record<string, unknown>[]) =>
  tableFromRecords(name, records, MLFLOW_COLUMNS[name]);

type Json = Record<string, unknown>;
const asArray = (v: unknown): Json[] => (Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Json[]) : []);
const pagesOf = (value: unknown): Json[] =>
  Array.isArray(value) ? asArray(value) : value && typeof value === 'object' ? [value as Json] : [];

/**
 * Tables for an MLflow response (or array of pages), or null when it is not one. `requests` are the
 * values each page was requested with (a `forEach` capture): `metrics/get-history` does not echo
 * its run, so the run id comes from there.
 */
export function normaliseMlflow(value: unknown, requests?: readonly Record<string, string>[]): EvidenceTable[] | null {
  const pages = pagesOf(value);
  if (!pages.length) return null;
  const has = (key: string) => pages.some((p) => key in p);
  // metrics/get-history pages: `metrics` and a page token only (an empty history is `{}`, as protobuf's JSON omits empty lists).
  const historyPage = (p: Json) => Object.keys(p).every((k) => k === 'metrics' || k === 'next_page_token');
  if (requests && pages.every(historyPage)) return [metricHistoryTable(pages, requests)];
  // A single `run` (runs/get) is the same as a page of one run.
  if (has('runs') || has('run')) return runsTables(pages);
  if (has('experiments') || has('experiment')) {
    return experimentTables(pages.flatMap((p) => [...asArray(p['experiments']), ...(p['experiment'] ? [p['experiment'] as Json] : [])]));
  }
  if (has('registered_models') || has('registered_model')) {
    return registeredModelTables(
      pages.flatMap((p) => [...asArray(p['registered_models']), ...(p['registered_model'] ? [p['registered_model'] as Json] : [])]),
    );
  }
  if (has('model_versions') || has('model_version')) {
    return modelVersionTables(
      pages.flatMap((p) => [...asArray(p['model_versions']), ...(p['model_version'] ? [p['model_version'] as Json] : [])]),
    );
  }
  return null;
}

const encoder = new TextEncoder();

/** Runs pages already parsed (a capture), through the one runs normaliser, which reads bytes. */
function runsTables(pages: Json[]): EvidenceTable[] {
  const scanner = new RunsPagesScanner();
  for (const page of pages) scanner.addPage(encoder.encode(JSON.stringify(page)));
  return scanner.tables().map((t, i) => tableFromArrowTable(RUNS_TABLES[i]!, t));
}

function experimentTables(experiments: Json[]): EvidenceTable[] {
  return [
    table(
      'experiments',
      experiments.map((e) => ({
        experiment_id: e['experiment_id'],
        name: e['name'],
        artifact_location: e['artifact_location'],
        lifecycle_stage: e['lifecycle_stage'],
        creation_time: e['creation_time'],
        last_update_time: e['last_update_time'],
        tags: e['tags'] ? JSON.stringify(e['tags']) : null,
      })),
    ),
  ];
}

function registeredModelTables(models: Json[]): EvidenceTable[] {
  return [
    table(
      'registered_models',
      models.map((m) => ({
        name: m['name'],
        description: m['description'],
        creation_timestamp: m['creation_timestamp'],
        last_updated_timestamp: m['last_updated_timestamp'],
        latest_versions:
          asArray(m['latest_versions'])
            .map((v) => v['version'])
            .join(',') || null,
        tags: m['tags'] ? JSON.stringify(m['tags']) : null,
      })),
    ),
    table(
      'model_aliases',
      models.flatMap((m) => asArray(m['aliases']).map((a) => ({ name: m['name'], alias: a['alias'], version: a['version'] }))),
    ),
  ];
}

function modelVersionTables(versions: Json[]): EvidenceTable[] {
  return [
    table(
      'model_version',
      versions.map((v) => ({
        name: v['name'],
        version: v['version'],
        current_stage: v['current_stage'],
        status: v['status'],
        run_id: v['run_id'],
        source: v['source'],
        creation_timestamp: v['creation_timestamp'],
        last_updated_timestamp: v['last_updated_timestamp'],
        description: v['description'],
        tags: v['tags'] ? JSON.stringify(v['tags']) : null,
      })),
    ),
    table(
      'model_aliases',
      versions.flatMap((v) =>
        Array.isArray(v['aliases']) ? (v['aliases'] as unknown[]).map((alias) => ({ name: v['name'], alias, version: v['version'] })) : [],
      ),
    ),
  ];
}

/** `metrics/get-history` pages (one metric of one run each, as requested) as one long table. */
function metricHistoryTable(pages: Json[], requests: readonly Record<string, string>[]): EvidenceTable {
  const runOf = (request: Record<string, string> | undefined) => request?.['RUN_ID'] ?? request?.['RUN_UUID'] ?? null;
  return table(
    'metric_history',
    pages.flatMap((page, i) =>
      asArray(page['metrics']).map((m) => ({
        run_id: runOf(requests[i]),
        key: m['key'],
        value: m['value'],
        timestamp: m['timestamp'],
        step: m['step'],
      })),
    ),
  );
}
