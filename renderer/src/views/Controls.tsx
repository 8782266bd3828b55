// The controls overview: every check of the workbook with its state, as Powerpipe shows a benchmark
// (summary counts, then each control; https://powerpipe.io/docs/run/benchmark/benchmark-dashboard),
// by pillar in audit order, with a Run button per pillar and one for all. The states and the run
// plan are core's (core/controls); this view only shows them.
import { CONTROL_STATES, controlsOverview, type CheckControl, type ControlState, type StateCounts } from '../../../core/controls/overview';
import type { Workbook } from '../../../core/workbook/schema';
import { batchSummary, cancelBulkRun, runPillar } from '../bulk-run';
import { useStore } from '../store';

/** How a state is said and marked; "manual" is Powerpipe's info: attested, not evaluated. */
const STATE_BADGE: Record<ControlState, { icon: string; label: string }> = {
  ok: { icon: '✓', label: 'OK' },
  alarm: { icon: '✗', label: 'Alarm' },
  error: { icon: '!', label: 'Error' },
  skip: { icon: '–', label: 'Skip' },
  manual: { icon: 'i', label: 'Manual' },
};

/** A pillar's count of a state, in words: "2 alarms", "1 ok". */
const COUNTED: Record<ControlState, (n: number) => string> = {
  ok: () => 'ok',
  alarm: (n) => (n === 1 ? 'alarm' : 'alarms'),
  error: (n) => (n === 1 ? 'error' : 'errors'),
  skip: () => 'skipped',
  manual: () => 'manual',
};

/** Shows a cell in its pillar's notebook, scrolled to and focused once it is rendered. */
function jumpToCell(wb: Workbook, cell: string): void {
  const pillar = wb.pillars.find((p) => p.cells.some((c) => c.id === cell));
  if (!pillar) return;
  useStore.getState().openPillar(pillar.number);
  const focus = (tries: number) =>
    requestAnimationFrame(() => {
      const el = document.getElementById(`cell-${cell}`);
      if (el) {
        el.scrollIntoView({ block: 'start' });
        el.focus({ preventScroll: true });
      } else if (tries > 0) focus(tries - 1);
    });
  focus(30);
}

const when = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : 'never');

function Summary({ totals, count }: { totals: StateCounts; count: number }) {
  return (
    <div className="control-summary" role="group" aria-label="Checks by state">
      <div className="state-card total">
        <span className="count">{count}</span>
        <span className="label">Checks</span>
      </div>
      {CONTROL_STATES.map((s) => (
        <div key={s} className={`state-card ${s}${totals[s] ? '' : ' zero'}`} data-state={s}>
          <span className="count">{totals[s]}</span>
          <span className="label">
            {STATE_BADGE[s].icon} {STATE_BADGE[s].label}
          </span>
        </div>
      ))}
    </div>
  );
}

function StateBadge({ state }: { state: ControlState }) {
  return (
    <span className={`state-badge ${state}`}>
      <span aria-hidden="true">{STATE_BADGE[state].icon}</span> {STATE_BADGE[state].label}
    </span>
  );
}

function BatchPanel() {
  const batch = useStore((s) => s.batch);
  const setBatch = useStore((s) => s.setBatch);
  if (!batch) return null;
  if (batch.current !== null) {
    const cell = batch.cells[batch.current]!;
    return (
      <div className="batch-panel" role="status" aria-label="Bulk run">
        <strong>
          Running {batch.label}: {batch.current + 1} of {batch.cells.length}
        </strong>
        <span>
          <span className="spinner" /> <span className="mono">{cell.cell}</span> <span className="muted small">({cell.kind})</span>
        </span>
        <progress max={batch.cells.length} value={batch.results.length} aria-label="cells run" />
        <span className="spacer" />
        <button onClick={() => void cancelBulkRun()} disabled={batch.cancelling}>
          {batch.cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
    );
  }
  const problems = batch.results.filter((r) => r.status !== 'captured');
  return (
    <div
      className={`batch-panel done${problems.some((p) => p.status === 'error') ? ' with-errors' : ''}`}
      role="status"
      aria-label="Bulk run"
    >
      <div>
        <strong>
          Run of {batch.label} finished: {batchSummary(batch.results)}
        </strong>
        {problems.length ? (
          <ul className="small">
            {problems.map((r) => (
              <li key={r.cell}>
                {/* The server's messages name the cell already ("env-config: error — …"). */}
                {r.message.startsWith(`${r.cell}:`) ? r.message : `${r.cell}: ${r.message}`}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <span className="spacer" />
      <button onClick={() => setBatch(() => null)}>Close</button>
    </div>
  );
}

function CheckRow({ wb, check, running }: { wb: Workbook; check: CheckControl; running: boolean }) {
  const editGap = useStore((s) => s.editGap);
  return (
    <tr data-check={check.cell} data-state={check.state}>
      <td>{running ? <span className="state-badge running">running…</span> : <StateBadge state={check.state} />}</td>
      <td>
        <button className="link check-title" onClick={() => jumpToCell(wb, check.cell)} title={`Show ${check.cell} in the notebook`}>
          {check.title}
        </button>
        <div className="mono muted">{check.cell}</div>
      </td>
      <td className="small">{check.reason}</td>
      <td className="small">
        {check.reads.length === 0 ? <span className="muted">—</span> : null}
        {check.reads.map((r) => (
          <div key={r.table}>
            {r.own ? null : <span className="mono">{r.table}</span>}
            {r.cells.length && !r.own ? ' ← ' : null}
            {r.cells.map((c) => (
              <button key={c} className="link mono" onClick={() => jumpToCell(wb, c)} title={`table ${r.table}: show ${c}`}>
                {c}
              </button>
            ))}
          </div>
        ))}
      </td>
      <td className="small nowrap">
        {when(check.lastRun)}
        {check.stale ? (
          <div className="chip warn" title="Evidence it reads was captured after its last run: run it again">
            evidence newer
          </div>
        ) : null}
      </td>
      <td className="small">
        {check.gaps.map((g) => (
          <button key={g} className="link mono" onClick={() => editGap(g)}>
            {g}
          </button>
        ))}
      </td>
    </tr>
  );
}

export function Controls({ wb }: { wb: Workbook }) {
  const overview = controlsOverview(wb);
  const batch = useStore((s) => s.batch);
  const running = useStore((s) => s.running);
  const busy = batch !== null && batch.current !== null;
  return (
    <div className="page controls">
      <header className="controls-head">
        <h1>Controls</h1>
        <span className="spacer" />
        <button className="primary" onClick={() => void runPillar('all')} disabled={busy}>
          Run all
        </button>
      </header>
      <p className="muted">
        Every check of the workbook and its state at its last run. A run asks once for the whole list, then runs the evidence before the
        checks that read it.
      </p>
      <Summary totals={overview.totals} count={overview.count} />
      <BatchPanel />
      {overview.pillars.map((p) => (
        <section key={p.number} className="control-pillar" aria-label={`controls of pillar ${p.number}`}>
          <header>
            <h2>
              {p.number}. {p.name}
            </h2>
            <span className="pillar-states small">
              {CONTROL_STATES.filter((s) => p.totals[s] > 0).map((s) => (
                <span key={s} className={`state-count ${s}`}>
                  {p.totals[s]} {COUNTED[s](p.totals[s])}
                </span>
              ))}
            </span>
            <span className="spacer" />
            <button onClick={() => void runPillar(p.number)} disabled={busy}>
              Run pillar {p.number}
            </button>
          </header>
          {p.checks.length === 0 ? (
            <p className="muted small">No check in this pillar.</p>
          ) : (
            <table className="list controls-table">
              <thead>
                <tr>
                  <th>State</th>
                  <th>Check</th>
                  <th>Result</th>
                  <th>Evidence read</th>
                  <th>Last run</th>
                  <th>Gaps</th>
                </tr>
              </thead>
              <tbody>
                {p.checks.map((c) => (
                  <CheckRow key={c.cell} wb={wb} check={c} running={running[c.cell] !== undefined} />
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </div>
  );
}
