// Kubernetes objects (kubectl -o json) normalised into the long tables checks can rely on whatever
// the objects hold: container_env (one row per environment variable) and container_args (one row
// per argument), for Pods and for the pod templates of Deployments, StatefulSets, Jobs and CronJobs;
// k8s_objects (one row per object) and k8s_annotations (one row per annotation) for every kind, so
// that a check can ask which Ingress carries no authentication annotation.
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

/** A copy of the whole object kubectl keeps for `apply`: not an annotation of interest, and it can hold a Secret's data. */
const SKIPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

/** The tables of a kubectl JSON document, or null when it holds no Kubernetes object. */
export function normaliseKubernetes(value: unknown): EvidenceTable[] | null {
  if (!isObject(value) || typeof value['kind'] !== 'string') return null;
  const objects = Array.isArray(value['items']) ? (value['items'] as unknown[]).filter(isObject) : [value];
  const env = new ColumnarTable('container_env', ['kind', 'namespace', 'name', 'container', 'env_name', 'value', 'value_from']);
  const args = new ColumnarTable('container_args', ['kind', 'namespace', 'name', 'container', 'position', 'arg']);
  const listed = new ColumnarTable('k8s_objects', ['kind', 'namespace', 'name']);
  const annotations = new ColumnarTable('k8s_annotations', ['kind', 'namespace', 'name', 'key', 'value']);
  let workloads = 0;
  for (const o of objects) {
    if (typeof o['kind'] !== 'string' || !isObject(o['metadata'])) continue;
    const { namespace = null, name = null } = o['metadata'] as Json;
    listed.push(o['kind'], namespace, name);
    for (const [key, text] of Object.entries(((o['metadata'] as Json)['annotations'] as Json | undefined) ?? {})) {
      if (!SKIPPED_ANNOTATIONS.has(key)) annotations.push(o['kind'], namespace, name, key, text);
    }
    const spec = podSpec(o);
    if (!spec) continue;
    workloads++;
    const meta = (o['metadata'] ?? {}) as Json;
    const containers = [...((spec['initContainers'] as unknown[]) ?? []), ...((spec['containers'] as unknown[]) ?? [])].filter(isObject);
    for (const c of containers) {
      for (const e of ((c['env'] as unknown[]) ?? []).filter(isObject)) {
        env.push(
          o['kind'],
          meta['namespace'],
          meta['name'],
          c['name'],
          e['name'],
          e['value'],
          e['valueFrom'] ? JSON.stringify(e['valueFrom']) : null,
        );
      }
      const argv = [...((c['command'] as unknown[]) ?? []), ...((c['args'] as unknown[]) ?? [])];
      argv.forEach((a, i) => args.push(o['kind'], meta['namespace'], meta['name'], c['name'], i, a));
    }
  }
  const workloadTables = workloads ? [env.toEvidenceTable(), args.toEvidenceTable()] : [];
  return listed.length ? [...workloadTables, listed.toEvidenceTable(), annotations.toEvidenceTable()] : null;
}
