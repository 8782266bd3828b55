// Runs as MLflow's runs/search returns them, and the cell that searches them page by page, for the
// tests and benchmarks of paginated captures.

/** Run number `n`: its id is `id(n)` (32 hex digits by default, as MLflow's), with one extra tag if given. */
export function mlflowRun(n: number, options: { id?: (n: number) => string; tag?: { key: string; value: string } } = {}) {
  return {
    info: {
      run_id: (options.id ?? ((k: number) => k.toString(16).padStart(32, '0')))(n),
      experiment_id: '1',
      run_name: `train-${n}`,
      user_id: `user${n % 7}`,
      status: 'FINISHED',
      start_time: 1714000000000 + n,
      end_time: 1714000060000 + n,
      artifact_uri: `s3://mlflow/1/${n}/artifacts`,
      lifecycle_stage: 'active',
    },
    data: {
      metrics: [{ key: 'auc', value: 0.5 + (n % 50) / 100, timestamp: 1714000030000 + n, step: 0 }],
      params: [{ key: 'lr', value: String(0.001 * (1 + (n % 10))) }],
      tags: [{ key: 'mlflow.user', value: `user${n % 7}` }, ...(options.tag ? [options.tag] : [])],
    },
  };
}

/** A rest cell reading every run of `experiment` through runs/search, `pageSize` a page. */
export function runsSearchCell(url: string, pageSize: number, experiment = '1') {
  return {
    id: 'all-runs',
    kind: 'rest',
    title: 'Every run',
    method: 'POST',
    url: `${url}/api/2.0/mlflow/runs/search`,
    body: `{"experiment_ids": ["${experiment}"], "max_results": ${pageSize}}`,
    pagination: 'mlflow',
    readOnly: true,
  } as const;
}
