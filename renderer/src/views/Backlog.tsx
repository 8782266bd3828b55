// The backlog ordered by composite score, with the top three risks and the quick wins above it.
import { GapIdButton } from '../components/ItemControls';
import { useStore } from '../store';
import { backlog, compositeScore, formatComposite, quickWins, topRisks } from '../../../core/scoring';
import type { Gap, Workbook } from '../../../core/workbook/schema';

function GapRows({ wb, gaps, rank }: { wb: Workbook; gaps: Gap[]; rank?: boolean }) {
  const editGap = useStore((s) => s.editGap);
  return (
    <table className="list">
      <thead>
        <tr>
          {rank ? <th>#</th> : null}
          <th>Gap</th>
          <th>Severity</th>
          <th>Title</th>
          <th>Pillar</th>
          <th>Status</th>
          <th>P&amp;L</th>
          <th>Ops</th>
          <th>Compl.</th>
          <th>Effort</th>
          <th className="num">Composite</th>
        </tr>
      </thead>
      <tbody>
        {gaps.map((g, i) => (
          <tr key={g.id} className="clickable" onClick={() => editGap(g.id)}>
            {rank ? <td className="num">{i + 1}</td> : null}
            <td className="mono">
              <GapIdButton id={g.id} />
            </td>
            <td>
              <span className={`sev-label ${g.severity}`}>{g.severity}</span>
            </td>
            <td>{g.title}</td>
            <td className="num">{g.pillar}</td>
            <td>{g.status}</td>
            <td>{g.scores?.pnl ?? '—'}</td>
            <td>{g.scores?.ops ?? '—'}</td>
            <td>{g.scores?.compliance ?? '—'}</td>
            <td>{g.effort ?? '—'}</td>
            <td className="num">{formatComposite(compositeScore(g.scores, wb.weights))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Backlog({ wb }: { wb: Workbook }) {
  const top = topRisks(wb);
  const wins = quickWins(wb);
  const all = backlog(wb);
  return (
    <div className="page">
      <h1>Backlog</h1>
      <section>
        <h2>Top 3 risks</h2>
        <div className="cards">
          {top.map((g, i) => (
            <button key={g.id} className={`card sev-border ${g.severity}`} onClick={() => useStore.getState().editGap(g.id)}>
              <span className="rank">{i + 1}</span>
              <strong>{g.title}</strong>
              <span className="muted small">
                {g.id} · {g.severity} · composite {formatComposite(compositeScore(g.scores, wb.weights))}
              </span>
            </button>
          ))}
          {top.length === 0 ? <p className="muted">No scored open gap.</p> : null}
        </div>
      </section>
      <section>
        <h2>Quick wins</h2>
        {wins.length ? <GapRows wb={wb} gaps={wins} /> : <p className="muted">None: no open gap is both high-scoring and small.</p>}
      </section>
      <section>
        <h2>All open gaps, by composite</h2>
        <GapRows wb={wb} gaps={all} rank />
      </section>
    </div>
  );
}
