// A new cell of a kind, as the notebook's "Add cell" creates it: an id unique in the workbook and
// defaults that validate, so the workbook saves at once and the auditor fills it in.
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

export function newCell(wb: Workbook, kind: CellKind): Cell {
  const used = new Set(wb.pillars.flatMap((p) => p.cells.map((c) => c.id as string)));
  let n = 1;
  while (used.has(`${kind}-${n}`)) n++;
  return { id: `${kind}-${n}`, title: `New ${kind} cell`, kind, ...DEFAULTS[kind], mutating: false, captures: [] } as unknown as Cell;
}

/** The workbook with `cell` appended to pillar `pillar`. */
export const addCell = (wb: Workbook, pillar: number, cell: Cell): Workbook => ({
  ...wb,
  pillars: wb.pillars.map((p) => (p.number === pillar ? { ...p, cells: [...p.cells, cell] } : p)),
});
