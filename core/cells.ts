// A new cell of a kind, as the notebook's "Add cell" creates it: an id unique in the workbook and
// defaults that validate, so the workbook saves at once and the auditor fills it in.
import type { CellId } from './ids';
import type { Cell, CellKind, Workbook } from './workbook/schema';

const DEFAULTS: { [K in CellKind]: Omit<Extract<Cell, { kind: K }>, 'id' | 'title' | 'kind' | 'mutating' | 'captures'> } = {
  rest: {
    method: 'GET',
    url: '${MLFLOW_TRACKING_URI}/api/2.0/mlflow/experiments/search?max_results=100',
    headers: [],
    pagination: 'none',
    readOnly: false,
  },
  sql: { engine: 'duckdb', connection: '', query: 'SELECT 1' },
  s3: { operation: 'list-objects-v2', bucket: '${ARTIFACT_BUCKET}' },
  kubectl: { args: ['get', 'pods', '-o', 'json'] },
  shell: { argv: ['grep', '-rn', 'mlflow', '.'], cwd: '${REPO_DIR}' },
  import: { format: 'auto', sourceCommand: 'describe how the output was captured' },
  query: { sql: 'SELECT table_name FROM information_schema.tables ORDER BY 1' },
  check: { sql: '-- rows returned are violations\nSELECT 1 WHERE false', manual: false },
  note: { markdown: '' },
};

const cellIds = (wb: Workbook) => new Set(wb.pillars.flatMap((p) => p.cells.map((c) => c.id as string)));

export function newCell(wb: Workbook, kind: CellKind): Cell {
  const used = cellIds(wb);
  let n = 1;
  while (used.has(`${kind}-${n}`)) n++;
  return { id: `${kind}-${n}`, title: `New ${kind} cell`, kind, ...DEFAULTS[kind], mutating: false, captures: [] } as unknown as Cell;
}

/**
 * A copy of a cell to vary it (another query over the same evidence, the same request on another
 * experiment): placed right after it, with a free id, and without its captures — the copy has not
 * run (nor failed), and evidence is never shared between two cells.
 */
export function duplicateCell(wb: Workbook, id: string): { pillar: number; cell: Cell; at: number } {
  for (const p of wb.pillars) {
    const at = p.cells.findIndex((c) => c.id === id);
    if (at < 0) continue;
    const original = p.cells[at]!;
    const used = cellIds(wb);
    let copyId = `${id}-copy`;
    for (let n = 2; used.has(copyId); n++) copyId = `${id}-copy-${n}`;
    const cell: Cell = { ...original, id: copyId as CellId, title: `${original.title} (copy)`, captures: [] };
    delete cell.failure; // the original's last failed run is not the copy's
    return { pillar: p.number, cell, at: at + 1 };
  }
  throw new Error(`no cell "${id}" in this workbook`);
}

/** The workbook with `cell` appended to pillar `pillar`. */
export const addCell = (wb: Workbook, pillar: number, cell: Cell): Workbook => ({
  ...wb,
  pillars: wb.pillars.map((p) => (p.number === pillar ? { ...p, cells: [...p.cells, cell] } : p)),
});
