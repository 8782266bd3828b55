// "Run pillar N" and "Run all" of the controls overview: the plan comes from core (which cells, in
// which order), the approval is asked once for the whole list, then each cell runs through the same
// path as its own Run button, one at a time, with progress, Cancel and a summary. A cell that fails
// is counted and the run goes on.
import { runPlan, type PlannedCell } from '../../core/controls/run-plan';
import { mapLimit } from '../../core/map-limit';
import { reachesOutside } from '../../core/evidence/policy';
import type { Responses } from '../../core/contract';
import { executeRun, savedFirst, trustWorkbook } from './actions';
import { call } from './api';
import { ask, notify, useStore } from './store';
import type { BatchResult } from './store/batch';

type Preview = Responses['cell:preview'];

/** What the confirmation lists: each cell that will run with its command, and each left out with why. */
interface Reviewed {
  run: { cell: PlannedCell; preview: Preview }[];
  left: { cell: PlannedCell; reason: string }[];
}

async function review(dir: string, pillar: number | 'all'): Promise<Reviewed> {
  const plan = runPlan(useStore.getState().workbook!, pillar);
  const previews = await mapLimit(plan.cells, 4, (cell) => call('cell:preview', { dir, cell: cell.cell }));
  const reviewed: Reviewed = { run: [], left: plan.left.map((l) => ({ cell: l, reason: l.reason })) };
  plan.cells.forEach((cell, i) => {
    const preview = previews[i]!;
    // What stops a cell (a parameter unset, a refused command) is said now, not after the approval.
    if (preview.readiness.status === 'ready') reviewed.run.push({ cell, preview });
    else reviewed.left.push({ cell, reason: preview.readiness.reason });
  });
  return reviewed;
}

function Approval({ reviewed, untrusted }: { reviewed: Reviewed; untrusted: boolean }) {
  return (
    <div className="bulk-approval">
      {untrusted ? <p>This workbook did not come from this machine. Review exactly what will run, in this order:</p> : null}
      {!untrusted ? <p>These cells run one after another, in this order; evidence first, then the checks that read it:</p> : null}
      <ol className="bulk-list">
        {reviewed.run.map(({ cell, preview }) => (
          <li key={cell.cell}>
            <span className="mono">{cell.cell}</span>{' '}
            <span className="muted small">
              pillar {cell.pillar} · {cell.kind}
            </span>
            {preview.command ? <pre className="command-preview">{preview.command.text}</pre> : null}
          </li>
        ))}
      </ol>
      {reviewed.left.length ? (
        <>
          <p>Not run:</p>
          <ul className="bulk-left small">
            {reviewed.left.map(({ cell, reason }) => (
              <li key={cell.cell}>
                <span className="mono">{cell.cell}</span> — {reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/** Runs the runnable cells of a pillar (or of all), after one approval of the whole list. */
export async function runPillar(pillar: number | 'all'): Promise<void> {
  const { dir, trusted, batch } = useStore.getState();
  if (!dir || (batch && batch.current !== null) || !(await savedFirst())) return;
  const label = pillar === 'all' ? 'all pillars' : `pillar ${pillar}`;
  let reviewed: Reviewed;
  try {
    reviewed = await review(dir, pillar);
  } catch (error) {
    return notify('error', (error as Error).message);
  }
  if (reviewed.run.length === 0) return notify('info', `Nothing to run in ${label}.`);
  const untrusted = !trusted && reviewed.run.some((r) => reachesOutside(r.cell.kind));
  const count = `${reviewed.run.length} cell${reviewed.run.length === 1 ? '' : 's'}`;
  const answer = await ask({
    title: `Run ${label}: ${count}?`,
    body: <Approval reviewed={reviewed} untrusted={untrusted} />,
    actions: [
      { id: 'run', label: `Run ${count}`, tone: 'primary' },
      ...(untrusted ? [{ id: 'trust', label: 'Trust workbook and run' }] : []),
      { id: 'cancel', label: 'Cancel' },
    ],
  });
  if (!answer || answer.action === 'cancel') return;
  if (answer.action === 'trust') await trustWorkbook();
  const cells = reviewed.run.map((r) => r.cell);
  const { setBatch } = useStore.getState();
  setBatch(() => ({ label, cells, current: 0, results: [], cancelling: false }));
  for (const [i, cell] of cells.entries()) {
    if (useStore.getState().batch?.cancelling) {
      record({ cell: cell.cell, status: 'cancelled', message: 'not run (cancelled)' });
      continue;
    }
    setBatch((b) => b && { ...b, current: i });
    // Started from its own Run button meanwhile: that run stands, a second one would race it.
    if (useStore.getState().running[cell.cell]) {
      record({ cell: cell.cell, status: 'skipped', message: 'already running on its own' });
      continue;
    }
    const outcome = await executeRun(dir, cell.cell, true);
    const cancelled = useStore.getState().batch?.cancelling && outcome.status !== 'captured';
    record({ cell: cell.cell, status: cancelled ? 'cancelled' : outcome.status, message: outcome.message });
  }
  setBatch((b) => b && { ...b, current: null });
  const results = useStore.getState().batch?.results ?? [];
  notify(results.some((r) => r.status === 'error') ? 'error' : 'info', `Run of ${label}: ${batchSummary(results)}.`);
}

function record(result: BatchResult): void {
  useStore.getState().setBatch((b) => b && { ...b, results: [...b.results, result] });
}

/** Stops the bulk run: the cell running now is cancelled, the ones after it are not started. */
export async function cancelBulkRun(): Promise<void> {
  const { batch, running, setBatch } = useStore.getState();
  if (!batch || batch.current === null) return;
  setBatch((b) => b && { ...b, cancelling: true });
  const run = running[batch.cells[batch.current]!.cell];
  if (run) await call('cell:cancel', { runId: run.runId }).catch(() => undefined);
}

/** "5 captured, 1 error, 1 cancelled". */
export function batchSummary(results: readonly BatchResult[]): string {
  const order: BatchResult['status'][] = ['captured', 'error', 'skipped', 'cancelled'];
  const parts = order.map((s) => [s, results.filter((r) => r.status === s).length] as const).filter(([, n]) => n > 0);
  return parts.map(([s, n]) => `${n} ${s === 'error' ? (n === 1 ? 'error' : 'errors') : s}`).join(', ') || 'nothing ran';
}
