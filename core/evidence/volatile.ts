// Fields that change on every call without the evidence changing. They are dropped before hashing,
// so that re-running an unchanged system reproduces the same capture hash.

/** Object keys dropped from JSON output at any depth, and why. */
export const VOLATILE_JSON_KEYS: Readonly<Record<string, string>> = {
  resourceVersion: 'Kubernetes: bumped on every write to any object of the list',
  managedFields: 'Kubernetes: server-side apply bookkeeping, timestamps of every manager',
  lastHeartbeatTime: 'Kubernetes node and pod conditions: refreshed every few seconds',
  lastProbeTime: 'Kubernetes pod conditions: refreshed on every probe',
  ResponseMetadata: 'AWS CLI/SDK: request id, host id and retry counts of this call',
  $metadata: 'AWS SDK v3: request id, attempts and timing of this call',
};

/** Columns dropped from `kubectl get` tables: ages relative to now. */
export const VOLATILE_TABLE_COLUMNS: readonly string[] = ['AGE', 'LAST SEEN'];

function dropKeys(value: unknown, dropped: Set<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => dropKeys(v, dropped));
  if (value === null || typeof value !== 'object') return value;
  const kept: [string, unknown][] = [];
  for (const [k, v] of Object.entries(value)) {
    // Own names only (`constructor` or `__proto__` is a name like any other), kept as JSON.parse made them.
    if (Object.hasOwn(VOLATILE_JSON_KEYS, k)) dropped.add(k);
    else kept.push([k, dropKeys(v, dropped)]);
  }
  return Object.fromEntries(kept);
}

/** JSON without its volatile keys. */
export function dropVolatileKeys(value: unknown): { value: unknown; dropped: string[] } {
  const dropped = new Set<string>();
  const clean = dropKeys(value, dropped);
  return { value: clean, dropped: [...dropped].sort() };
}

/** JSON without its volatile keys, pretty-printed so that formatting never changes the hash. */
export function normaliseJson(value: unknown): { value: unknown; text: string; dropped: string[] } {
  const { value: clean, dropped } = dropVolatileKeys(value);
  return { value: clean, text: `${JSON.stringify(clean, null, 2)}\n`, dropped };
}

/** A `kubectl get` table without its age columns (cut by header position). */
export function normaliseKubectlTable(text: string): { text: string; dropped: string[] } {
  const lines = text.split('\n');
  const header = lines[0] ?? '';
  const starts = [...header.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ name: m[0], at: m.index }));
  const cut = starts
    .map((s, i) => ({ ...s, end: starts[i + 1]?.at ?? Number.POSITIVE_INFINITY }))
    .filter((s) => VOLATILE_TABLE_COLUMNS.includes(s.name));
  if (!cut.length) return { text, dropped: [] };
  const out = lines.map((line) => {
    let kept = line;
    for (const c of [...cut].reverse()) kept = kept.slice(0, c.at) + (Number.isFinite(c.end) ? kept.slice(c.end) : '');
    return kept.replace(/\s+$/, '');
  });
  return { text: out.join('\n'), dropped: cut.map((c) => c.name) };
}

/** Whether JSON text may hold a volatile key: when it does not, the walk that drops them is skipped. */
export function mayHoldVolatileKeys(jsonText: string): boolean {
  for (const key of Object.keys(VOLATILE_JSON_KEYS)) if (jsonText.includes(`"${key}"`)) return true;
  return false;
}
