// Which cells "Run pillar N" and "Run all" run, and in which order: the runnable cells of the
// pillars (notes, imports, mutating cells and manual checks are left out), evidence
// before the queries and checks that read it, so that every check is evaluated over fresh evidence.
import { isSkippedByRunAll } from '../evidence/policy';
import { pillarsInAuditOrder } from '../scoring';
import type { Cell, Workbook } from '../workbook/schema';
import { cellReads, tableProducers } from './reads';

export interface PlannedCell {
  cell: string;
  title: string;
  kind: Cell['kind'];
  pillar: number;
}

export interface RunPlan {
  /** The cells to run, in order. */
  cells: PlannedCell[];
  /** Cells of the pillars that are not run, and why. */
  left: (PlannedCell & { reason: string })[];
}

/** Why a bulk run leaves a cell out, or null when it runs it. */
function leftOutBecause(cell: Cell): string | null {
  if (cell.kind === 'note') return null; // nothing to run, nothing to say
  if (cell.kind === 'import') return 'an import cell takes a file: use Import… on the cell';
  if (isSkippedByRunAll(cell)) return 'it changes the target (mutating): run it on its own';
  // Running one would record "manual" without anyone having attested anything.
  if (cell.kind === 'check' && cell.manual) return 'a manual check is attested by the auditor, not run';
  return null;
}

/** Queries and checks read the evidence: they go after every evidence cell they can. */
const isDerived = (cell: Cell) => cell.kind === 'query' || cell.kind === 'check';

/**
 * The run plan of one pillar, or of every pillar (`'all'`). Order: a stable topological order in
 * which a cell comes after the cells producing the tables it reads; among cells free to go, evidence
 * cells first, then by pillar in audit order and position in the notebook. A cycle (never in a
 * sensible workbook) keeps the notebook order for the cells in it.
 */
export function runPlan(wb: Workbook, pillar: number | 'all'): RunPlan {
  const pillars = pillarsInAuditOrder(wb).filter((p) => pillar === 'all' || p.number === pillar);
  if (pillars.length === 0) throw new Error(`no pillar numbered ${String(pillar)}`);
  const planned = (cell: Cell, number: number): PlannedCell => ({ cell: cell.id, title: cell.title, kind: cell.kind, pillar: number });
  const left: RunPlan['left'] = [];
  const runnable: { cell: Cell; item: PlannedCell }[] = [];
  for (const p of pillars)
    for (const cell of p.cells) {
      if (cell.kind === 'note') continue;
      const reason = leftOutBecause(cell);
      if (reason) left.push({ ...planned(cell, p.number), reason });
      else runnable.push({ cell, item: planned(cell, p.number) });
    }
  const producers = tableProducers(wb);
  const index = new Map(runnable.map((r, i) => [r.cell.id as string, i]));
  const after = runnable.map((r) => new Set(cellReads(r.cell, producers).flatMap((t) => t.cells.filter((c) => index.has(c)))));
  const rank = (i: number) => (isDerived(runnable[i]!.cell) ? runnable.length : 0) + i;
  const done = new Set<string>();
  const order: number[] = [];
  while (order.length < runnable.length) {
    const free = runnable.map((_, i) => i).filter((i) => !done.has(runnable[i]!.cell.id) && [...after[i]!].every((c) => done.has(c)));
    // A cycle: take the first cell not yet run, in notebook order.
    const next = free.length ? free.reduce((a, b) => (rank(a) <= rank(b) ? a : b)) : runnable.findIndex((r) => !done.has(r.cell.id));
    order.push(next);
    done.add(runnable[next]!.cell.id);
  }
  return { cells: order.map((i) => runnable[i]!.item), left };
}
