// A local HTTP server answering the Kubernetes API paths kubectl needs for `get` (legacy
// discovery, lists, single objects, and server-side Table printing), over recorded objects.
import type { ServerResponse } from 'node:http';
import { json, startServer, type TestServer } from './http-server';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    annotations?: Record<string, string>;
  };
  [key: string]: unknown;
}

const RESOURCES: Record<string, { group: string; version: string; kind: string; namespaced: boolean }> = {
  pods: { group: '', version: 'v1', kind: 'Pod', namespaced: true },
  secrets: { group: '', version: 'v1', kind: 'Secret', namespaced: true },
  configmaps: { group: '', version: 'v1', kind: 'ConfigMap', namespaced: true },
  services: { group: '', version: 'v1', kind: 'Service', namespaced: true },
  namespaces: { group: '', version: 'v1', kind: 'Namespace', namespaced: false },
  ingresses: { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress', namespaced: true },
  deployments: { group: 'apps', version: 'v1', kind: 'Deployment', namespaced: true },
};

function resourceList(group: string, version: string) {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: Object.entries(RESOURCES)
      .filter(([, r]) => r.group === group && r.version === version)
      .map(([name, r]) => ({
        name,
        singularName: r.kind.toLowerCase(),
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: ['get', 'list', 'watch'],
        shortNames: name === 'pods' ? ['po'] : name === 'ingresses' ? ['ing'] : [],
      })),
  };
}

/** Server-side printing: the columns `kubectl get` shows for each kind. */
function asTable(kind: string, items: KubeObject[]) {
  const age = (o: KubeObject) => (o.metadata.creationTimestamp ? '3d' : '<unknown>');
  const columns: Record<string, [string[], (o: KubeObject) => unknown[]]> = {
    Pod: [
      ['Name', 'Ready', 'Status', 'Restarts', 'Age'],
      (o) => [o.metadata.name, '1/1', (o['status'] as { phase?: string } | undefined)?.phase ?? 'Running', 0, age(o)],
    ],
    Secret: [
      ['Name', 'Type', 'Data', 'Age'],
      (o) => [o.metadata.name, o['type'] ?? 'Opaque', Object.keys((o['data'] as object | undefined) ?? {}).length, age(o)],
    ],
    Ingress: [
      ['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age'],
      (o) => [o.metadata.name, 'nginx', 'mlflow.internal', '', '80, 443', age(o)],
    ],
  };
  const [names, cells] = columns[kind] ?? [['Name', 'Age'], (o: KubeObject) => [o.metadata.name, age(o)]];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: '1' },
    columnDefinitions: names.map((n) => ({
      name: n,
      type: n === 'Restarts' || n === 'Data' ? 'integer' : 'string',
      format: n === 'Name' ? 'name' : '',
      description: n,
      priority: 0,
    })),
    rows: items.map((o) => ({
      cells: cells(o),
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}

export async function startKubeApi(objects: KubeObject[]): Promise<TestServer> {
  return startServer((req, res: ServerResponse) => {
    const url = new URL(req.url, 'http://x');
    const wantsTable = String(req.headers['accept'] ?? '').includes('as=Table');
    if (url.pathname === '/version')
      return json(res, 200, { major: '1', minor: '30', gitVersion: 'v1.30.0-audit-fixture', platform: 'linux/amd64' });
    if (url.pathname === '/api') return json(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
    if (url.pathname === '/apis') {
      const groups = [
        ...new Set(
          Object.values(RESOURCES)
            .filter((r) => r.group)
            .map((r) => `${r.group}/${r.version}`),
        ),
      ];
      return json(res, 200, {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: groups.map((gv) => {
          const [name, version] = gv.split('/') as [string, string];
          return { name, versions: [{ groupVersion: gv, version }], preferredVersion: { groupVersion: gv, version } };
        }),
      });
    }
    if (url.pathname === '/api/v1') return json(res, 200, resourceList('', 'v1'));
    const groupMatch = /^\/apis\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (groupMatch) return json(res, 200, resourceList(groupMatch[1]!, groupMatch[2]!));

    const m = /^\/(?:api\/v1|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(url.pathname);
    const resource = m ? RESOURCES[m[4]!] : undefined;
    if (!m || !resource)
      return json(res, 404, {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        message: `the server could not find the requested resource (${url.pathname})`,
        reason: 'NotFound',
        code: 404,
      });
    const namespace = m[3];
    const items = objects.filter((o) => o.kind === resource.kind && (!namespace || o.metadata.namespace === namespace));
    if (m[5]) {
      const one = items.find((o) => o.metadata.name === m[5]);
      if (!one)
        return json(res, 404, {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message: `${m[4]} "${m[5]}" not found`,
          reason: 'NotFound',
          code: 404,
        });
      return json(res, 200, wantsTable ? asTable(resource.kind, [one]) : one);
    }
    if (wantsTable) return json(res, 200, asTable(resource.kind, items));
    json(res, 200, {
      kind: `${resource.kind}List`,
      apiVersion: resource.group ? `${resource.group}/${resource.version}` : 'v1',
      metadata: { resourceVersion: String(Date.now()) },
      items,
    });
  });
}

/** A kubeconfig pointing at the server, with a bearer token (to prove it is redacted). */
export function kubeconfig(server: string, token: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: fixture\n  cluster:\n    server: ${server}`,
    'users:',
    `- name: auditor\n  user:\n    token: ${token}`,
    'contexts:',
    '- name: fixture\n  context:\n    cluster: fixture\n    user: auditor\n    namespace: default',
    'current-context: fixture',
    '',
  ].join('\n');
}
