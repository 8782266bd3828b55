// The formats evidence text can be read as: what an import cell declares and `--format` accepts.
export const FORMATS = ['json', 'ndjson', 'yaml', 'csv', 'kubectl-table', 'grep', 's3-ls', 'text'] as const;
export type Format = (typeof FORMATS)[number];
