// Three-way merge of two edited copies of one workbook (two auditors, one git history). Entities
// are matched by identity — gaps and cells by id, pillars by number, parameters by name, controls by
// aspect, sections, committee sessions, changelog entries and versions by their keys — and merged
// field by field; captures are unioned (evidence is append-only). A field changed differently on
// both sides is a conflict: the merged workbook keeps ours, and the conflict is listed for the user.
import { canonicalJson } from './hash';
import type { Workbook } from './workbook/schema';

/** A field both sides changed differently, by path. */
export interface Conflict {
  path: string;
  base: unknown;
  ours: unknown;
  theirs: unknown;
}

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Merges one value three ways; objects recurse key by key, anything else is taken whole. */
function mergeValue(base: unknown, ours: unknown, theirs: unknown, path: string, conflicts: Conflict[]): unknown {
  if (same(ours, theirs)) return ours;
  if (same(base, ours)) return theirs;
  if (same(base, theirs)) return ours;
  if (isObject(ours) && isObject(theirs) && (base === undefined || isObject(base))) {
    const b = (base ?? {}) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of [...Object.keys(ours), ...Object.keys(theirs).filter((k) => !(k in ours))]) {
      const v = mergeValue(b[key], ours[key], theirs[key], path ? `${path}.${key}` : key, conflicts);
      if (v !== undefined) out[key] = v;
    }
    return out;
  }
  conflicts.push({ path, base, ours, theirs });
  return ours;
}

/** Merges lists of entities matched by `key`; ours' order first, then entities only theirs added. */
function mergeKeyed<T>(
  base: readonly T[],
  ours: readonly T[],
  theirs: readonly T[],
  key: (item: T) => string,
  path: string,
  conflicts: Conflict[],
  mergeItem: (b: T | undefined, o: T, t: T, itemPath: string) => T = (b, o, t, p) => mergeValue(b, o, t, p, conflicts) as T,
): T[] {
  const b = new Map(base.map((x) => [key(x), x]));
  const o = new Map(ours.map((x) => [key(x), x]));
  const t = new Map(theirs.map((x) => [key(x), x]));
  const out: T[] = [];
  const order = [...ours.map(key), ...theirs.map(key).filter((k) => !o.has(k))];
  for (const k of order) {
    const itemPath = `${path}[${k}]`;
    const [bo, oo, to] = [b.get(k), o.get(k), t.get(k)];
    if (oo && to) out.push(mergeItem(bo, oo, to, itemPath));
    else if (oo && !to) {
      // Theirs deleted it: gone, unless ours changed it meanwhile.
      if (!bo) out.push(oo);
      else if (!same(bo, oo)) {
        conflicts.push({ path: itemPath, base: bo, ours: oo, theirs: undefined });
        out.push(oo);
      }
    } else if (to && !oo) {
      if (!bo) out.push(to);
      else if (!same(bo, to)) {
        conflicts.push({ path: itemPath, base: bo, ours: undefined, theirs: to });
      }
    }
  }
  return out;
}

type Pillar = Workbook['pillars'][number];
type Cell = Pillar['cells'][number];

function mergeCell(b: Cell | undefined, o: Cell, t: Cell, path: string, conflicts: Conflict[]): Cell {
  const { captures: oc, ...oRest } = o;
  const { captures: tc } = t;
  const merged = mergeValue(
    b ? { ...b, captures: undefined } : undefined,
    { ...oRest, captures: undefined },
    { ...t, captures: undefined },
    path,
    conflicts,
  ) as Cell;
  // Evidence is append-only: every capture either side made is kept, in time order.
  const captures = [...new Map([...oc, ...tc].map((c) => [`${c.startedAt} ${c.hash}`, c])).values()].sort((x, y) =>
    x.startedAt.localeCompare(y.startedAt),
  );
  return { ...merged, captures };
}

function mergePillar(b: Pillar | undefined, o: Pillar, t: Pillar, path: string, conflicts: Conflict[]): Pillar {
  const fields = mergeValue(
    b ? { ...b, cells: undefined } : undefined,
    { ...o, cells: undefined },
    { ...t, cells: undefined },
    path,
    conflicts,
  ) as Pillar;
  const cells = mergeKeyed(
    b?.cells ?? [],
    o.cells,
    t.cells,
    (c) => c.id,
    `${path}.cells`,
    conflicts,
    (bc, oc, tc, p) => mergeCell(bc, oc, tc, p, conflicts),
  );
  return { ...fields, cells };
}

export function mergeWorkbooks(base: Workbook, ours: Workbook, theirs: Workbook): { merged: Workbook; conflicts: Conflict[] } {
  const conflicts: Conflict[] = [];
  const lists = {
    parameters: mergeKeyed(base.parameters, ours.parameters, theirs.parameters, (p) => p.name, 'parameters', conflicts),
    sections: mergeKeyed(base.sections, ours.sections, theirs.sections, (s) => s.id, 'sections', conflicts),
    controls: mergeKeyed(base.controls, ours.controls, theirs.controls, (c) => c.aspect, 'controls', conflicts),
    pillars: mergeKeyed(
      base.pillars,
      ours.pillars,
      theirs.pillars,
      (p) => String(p.number),
      'pillars',
      conflicts,
      (b, o, t, p) => mergePillar(b, o, t, p, conflicts),
    ),
    gaps: mergeKeyed(base.gaps, ours.gaps, theirs.gaps, (g) => g.id, 'gaps', conflicts),
    committee: mergeKeyed(base.committee, ours.committee, theirs.committee, (s) => s.id, 'committee', conflicts),
    changelog: mergeKeyed(base.changelog, ours.changelog, theirs.changelog, (e) => String(e.version), 'changelog', conflicts),
    versions: mergeKeyed(base.versions, ours.versions, theirs.versions, (v) => String(v.number), 'versions', conflicts),
  };
  const strip = (wb: Workbook) => Object.fromEntries(Object.entries(wb).filter(([k]) => !(k in lists)));
  const scalars = mergeValue(strip(base), strip(ours), strip(theirs), '', conflicts) as Partial<Workbook>;
  // Saving validates and writes the schema's key order, so the merged file diffs like any other.
  return { merged: { ...scalars, ...lists } as Workbook, conflicts };
}
