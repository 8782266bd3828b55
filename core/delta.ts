// What changed between two states of a workbook (two versions, or a version and the working copy):
// the one mechanism behind "delta vs baseline", `diff`, and the committee's delta review.
import { canonicalJson } from './hash';
import { reviewDelta, type ReviewDelta } from './review-delta';
import { compositeScore, compareGapIds } from './scoring';
import type { Capture, Cell, Gap, Pillar, Verdict, Weights, Workbook } from './workbook/schema';

/** One field that differs, addressed by a dotted path (`scores.pnl`, `waiver.expires`). */
export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Field-level differences: recurses into objects; arrays and scalars compare as whole values. */
export function diffFields(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...Object.keys(before), ...Object.keys(after).filter((k) => !(k in before))];
    return keys.flatMap((key) => diffFields(before[key], after[key], path ? `${path}.${key}` : key));
  }
  if (canonicalJson(before ?? null) === canonicalJson(after ?? null)) return [];
  return [{ path, before, after }];
}

export type EvidenceStatus = 'reproduced' | 'drifted' | 'not re-run' | 'first capture' | 'cell added' | 'cell removed';

export interface EvidenceChange {
  cell: string;
  title: string;
  pillar: number;
  status: EvidenceStatus;
  before?: Capture;
  after?: Capture;
}

export interface GapChange {
  id: string;
  title: string;
  changes: FieldChange[];
}

export interface WorkbookDelta {
  from: string;
  to: string;
  weights: { before: Weights; after: Weights } | null;
  pillars: { added: Pillar[]; removed: Pillar[]; changed: { number: number; name: string; changes: FieldChange[] }[] };
  verdicts: { pillar: number; name: string; before: Verdict; after: Verdict }[];
  gaps: { added: Gap[]; removed: Gap[]; changed: GapChange[] };
  scores: { id: string; title: string; before: number | null; after: number | null }[];
  evidence: EvidenceChange[];
  parameters: FieldChange[];
  /** Sign-offs and review notes; left out of the gaps' and pillars' field changes. */
  reviews: ReviewDelta;
}

/** True when nothing an auditor or a committee would review has changed. */
export function isDeltaEmpty(d: WorkbookDelta): boolean {
  return (
    d.weights === null &&
    d.pillars.added.length + d.pillars.removed.length + d.pillars.changed.length === 0 &&
    d.verdicts.length + d.gaps.added.length + d.gaps.removed.length + d.gaps.changed.length === 0 &&
    d.scores.length === 0 &&
    d.parameters.length === 0 &&
    d.reviews.signOffs.length + d.reviews.notes.length === 0 &&
    d.evidence.every((e) => e.status === 'not re-run')
  );
}

const latest = (cell: Cell): Capture | undefined => cell.captures.at(-1);

function evidenceStatus(before: Capture | undefined, after: Capture | undefined): EvidenceStatus | null {
  if (!before && !after) return null;
  if (!before) return 'first capture';
  if (!after) return 'cell removed';
  if (before.hash !== after.hash) return 'drifted';
  return before.startedAt === after.startedAt ? 'not re-run' : 'reproduced';
}

function cellsById(wb: Workbook): Map<string, { cell: Cell; pillar: number }> {
  const map = new Map<string, { cell: Cell; pillar: number }>();
  for (const pillar of wb.pillars) for (const cell of pillar.cells) map.set(cell.id, { cell, pillar: pillar.number });
  return map;
}

/** Everything that differs from `a` (labelled `from`) to `b` (labelled `to`). */
export function workbookDelta(a: Workbook, b: Workbook, from: string, to: string): WorkbookDelta {
  const pillarsA = new Map(a.pillars.map((p) => [p.number, p]));
  const pillarsB = new Map(b.pillars.map((p) => [p.number, p]));
  const byNumber = (x: Pillar, y: Pillar) => x.number - y.number;
  const pillarFields = ({ cells: _cells, verdict: _verdict, review: _review, ...rest }: Pillar) => rest;

  const pillarChanges: WorkbookDelta['pillars']['changed'] = [];
  const verdicts: WorkbookDelta['verdicts'] = [];
  for (const [number, pb] of [...pillarsB].sort(([x], [y]) => x - y)) {
    const pa = pillarsA.get(number);
    if (!pa) continue;
    const changes = diffFields(pillarFields(pa), pillarFields(pb));
    if (changes.length) pillarChanges.push({ number, name: pb.name, changes });
    if (diffFields(pa.verdict, pb.verdict).length) verdicts.push({ pillar: number, name: pb.name, before: pa.verdict, after: pb.verdict });
  }

  const gapsA = new Map(a.gaps.map((g) => [g.id as string, g]));
  const gapsB = new Map(b.gaps.map((g) => [g.id as string, g]));
  const byId = (x: Gap, y: Gap) => compareGapIds(x.id, y.id);
  const changedGaps: GapChange[] = [];
  const scores: WorkbookDelta['scores'] = [];
  for (const gb of [...gapsB.values()].sort(byId)) {
    const ga = gapsA.get(gb.id);
    if (!ga) continue;
    const changes = diffFields({ ...ga, review: undefined }, { ...gb, review: undefined });
    if (changes.length) changedGaps.push({ id: gb.id, title: gb.title, changes });
    const before = compositeScore(ga.scores, a.weights);
    const after = compositeScore(gb.scores, b.weights);
    if (before !== after) scores.push({ id: gb.id, title: gb.title, before, after });
  }

  const cellsA = cellsById(a);
  const cellsB = cellsById(b);
  const evidence: EvidenceChange[] = [];
  for (const [id, { cell, pillar }] of cellsB) {
    const before = cellsA.get(id);
    const after = latest(cell);
    if (!before) {
      evidence.push({ cell: id, title: cell.title, pillar, status: 'cell added', ...(after ? { after } : {}) });
      continue;
    }
    const prev = latest(before.cell);
    const status = evidenceStatus(prev, after);
    if (status)
      evidence.push({ cell: id, title: cell.title, pillar, status, ...(prev ? { before: prev } : {}), ...(after ? { after } : {}) });
  }
  for (const [id, { cell, pillar }] of cellsA) {
    if (cellsB.has(id)) continue;
    const prev = latest(cell);
    evidence.push({ cell: id, title: cell.title, pillar, status: 'cell removed', ...(prev ? { before: prev } : {}) });
  }

  return {
    from,
    to,
    weights: diffFields(a.weights, b.weights).length ? { before: a.weights, after: b.weights } : null,
    pillars: {
      added: b.pillars.filter((p) => !pillarsA.has(p.number)).sort(byNumber),
      removed: a.pillars.filter((p) => !pillarsB.has(p.number)).sort(byNumber),
      changed: pillarChanges,
    },
    verdicts,
    gaps: {
      added: b.gaps.filter((g) => !gapsA.has(g.id)).sort(byId),
      removed: a.gaps.filter((g) => !gapsB.has(g.id)).sort(byId),
      changed: changedGaps,
    },
    scores,
    evidence,
    parameters: diffFields(
      Object.fromEntries(a.parameters.map((p) => [p.name, p])),
      Object.fromEntries(b.parameters.map((p) => [p.name, p])),
    ),
    reviews: reviewDelta(a, b),
  };
}
