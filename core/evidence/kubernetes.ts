// Kubernetes objects (kubectl -o json) normalised into the long tables checks can rely on whatever
// the objects hold: container_env (one row per environment variable) and container_args (one row
// per argument), for Pods and for the pod templates of Deployments, StatefulSets, Jobs and CronJobs.
import { ColumnarTable } from './columns';
import type { EvidenceTable } from './table';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The pod spec of an object, wherever its kind keeps it. */
function podSpec(o: Json): Json | null {
  const spec = o['spec'];
  if (!isObject(spec)) return null;
  if (o['kind'] === 'Pod') return spec;
  if (o['kind'] === 'CronJob') {
    const job = (spec['jobTemplate'] as Json | undefined)?.['spec'] as Json | undefined;
    return ((job?.['template'] as Json | undefined)?.['spec'] as Json | undefined) ?? null;
  }
  return ((spec['template'] as Json | undefined)?.['spec'] as Json | undefined) ?? null;
}

/** container_env and container_args for a kubectl JSON document, or null when it holds no workload. */
export function normaliseKubernetes(value: unknown): EvidenceTable[] | null {
  if (!isObject(value) || typeof value['kind'] !== 'string') return null;
  const objects = Array.isArray(value['items']) ? (value['items'] as unknown[]).filter(isObject) : [value];
  const env = new ColumnarTable('container_env', ['kind', 'namespace', 'name', 'container', 'env_name', 'value', 'value_from']);
  const args = new ColumnarTable('container_args', ['kind', 'namespace', 'name', 'container', 'position', 'arg']);
  let workloads = 0;
  for (const o of objects) {
    const spec = podSpec(o);
    if (!spec) continue;
    workloads++;
    const meta = (o['metadata'] ?? {}) as Json;
    const containers = [...((spec['initContainers'] as unknown[]) ?? []), ...((spec['containers'] as unknown[]) ?? [])].filter(isObject);
    for (const c of containers) {
      for (const e of ((c['env'] as unknown[]) ?? []).filter(isObject)) {
        env.push(o['kind'], meta['namespace'], meta['name'], c['name'], e['name'], e['value'], e['valueFrom'] ? JSON.stringify(e['valueFrom']) : null);
      }
      const argv = [...((c['command'] as unknown[]) ?? []), ...((c['args'] as unknown[]) ?? [])];
      argv.forEach((a, i) => args.push(o['kind'], meta['namespace'], meta['name'], c['name'], i, a));
    }
  }
  return workloads ? [env.toEvidenceTable(), args.toEvidenceTable()] : null;
}
