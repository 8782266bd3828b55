// A pillar as a notebook: its principle and method, then its cells in order, then its gaps.
import { GapIdButton, MoveButtons } from '../components/ItemControls';
import { useState } from 'react';
import { newCell } from '../../../core/cells';
import { CELL_KINDS, type CellKind } from '../../../core/workbook/schema';
import { compositeScore, formatComposite } from '../../../core/scoring';
import type { Workbook } from '../../../core/workbook/schema';
import { Markdown } from '../components/Markdown';
import { addGap } from '../actions';
import { useStore } from '../store';
import { VERDICT_BADGE } from './Rail';
import { CellView } from './CellView';
import { EditedAfterReview, ReviewPanel } from './ReviewPanel';
import { gapReviewState, pillarReviewState } from '../../../core/review';
import { Explorer } from './Explorer';

export function Notebook({ wb }: { wb: Workbook }) {
  const { pillar: number, editGap } = useStore();
  const edit = useStore((s) => s.edit);
  const [exploring, setExploring] = useState(false);
  const pillar = wb.pillars.find((p) => p.number === number) ?? wb.pillars[0];
  if (!pillar) return <div className="empty-state">This workbook has no pillar yet.</div>;
  const gaps = wb.gaps.filter((g) => g.pillar === pillar.number);
  const badge = VERDICT_BADGE[pillar.verdict.status]!;
  return (
    <div className="notebook">
      <header className="pillar-head">
        <h1>
          Pillar {pillar.number} — {pillar.name}
        </h1>
        <span className={`verdict-chip ${pillar.verdict.status}`}>
          {badge.icon} {badge.label}
        </span>
        {pillar.failFast ? <span className="chip">fail-fast</span> : null}
        {pillarReviewState(pillar).isEditedAfterReview ? <EditedAfterReview /> : null}
      </header>
      {pillar.principle ? (
        <section className="principle">
          <h3>Principle</h3>
          <Markdown source={pillar.principle} />
        </section>
      ) : null}
      {pillar.severityGrid.length ? (
        <details className="severity-grid">
          <summary>Severity grid ({pillar.severityGrid.length} rules)</summary>
          <ul>
            {pillar.severityGrid.map((r, i) => (
              <li key={i}>
                <span className={`sev-label ${r.severity}`}>{r.severity}</span> {r.condition}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <section className="state-observed">
        <h3>State observed</h3>
        <textarea
          value={pillar.stateObserved}
          placeholder="What the evidence shows for this pillar…"
          onChange={(e) => {
            edit({ kind: 'state-observed', pillar: pillar.number, text: e.target.value, typing: 'stateObserved' });
          }}
          rows={3}
          aria-label="State observed"
        />
      </section>
      <ReviewPanel key={pillar.number} wb={wb} target={{ pillar: pillar.number }} />
      <div className="cells">
        {pillar.cells.map((cell) => (
          <CellView key={cell.id} wb={wb} cell={cell} pillar={pillar.number} />
        ))}
      </div>
      <AddCell pillar={pillar.number} />
      <section className="explore">
        <button onClick={() => setExploring(!exploring)}>
          {exploring ? 'Hide the evidence explorer' : 'Explore the evidence with SQL…'}
        </button>
        {exploring ? <Explorer wb={wb} /> : null}
      </section>
      <section className="pillar-gaps">
        <h3>Gaps of this pillar</h3>
        {gaps.length === 0 ? <p className="muted">No gap recorded.</p> : null}
        <table className="list">
          <tbody>
            {gaps.map((g) => (
              <tr key={g.id} onClick={() => editGap(g.id)} className="clickable">
                <td className="mono">
                  <GapIdButton id={g.id} />
                </td>
                <td>
                  <span className={`sev-label ${g.severity}`}>{g.severity}</span>
                </td>
                <td>
                  {g.title} {gapReviewState(g).isEditedAfterReview ? <EditedAfterReview /> : null}
                </td>
                <td>{g.status}</td>
                <td className="num">{formatComposite(compositeScore(g.scores, wb.weights))}</td>
                <td className="cell-order" onClick={(e) => e.stopPropagation()}>
                  <MoveButtons id={g.id} move={(by) => edit({ kind: 'move-gap', gap: g.id, by })} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button onClick={() => void addGap(pillar.number)}>Add a gap…</button>
      </section>
    </div>
  );
}

function AddCell({ pillar }: { pillar: number }) {
  const edit = useStore((s) => s.edit);
  const [kind, setKind] = useState<CellKind>('query');
  return (
    <div className="add-cell field-row">
      <select value={kind} onChange={(e) => setKind(e.target.value as CellKind)} aria-label="Kind of the new cell">
        {CELL_KINDS.map((k) => (
          <option key={k}>{k}</option>
        ))}
      </select>
      <button
        onClick={() => {
          const cell = newCell(useStore.getState().workbook!, kind);
          edit({ kind: 'add-cell', pillar, cell });
          setTimeout(() => document.getElementById(`cell-${cell.id}`)?.scrollIntoView({ block: 'center' }), 50);
        }}
      >
        Add cell
      </button>
    </div>
  );
}
