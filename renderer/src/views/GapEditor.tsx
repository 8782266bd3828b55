// The gap editor: severity, the three risk scores, effort, status, fix and closing criteria, and
// evidence links that jump to the cell with its rows highlighted, and its review and sign-off. The
// composite follows live.
import { gapReviewState } from '../../../core/review';
import { nextGapId } from '../../../core/query/checks';
import { compositeScore, formatComposite, RISK_DIMENSIONS } from '../../../core/scoring';
import { isWaiverExpired } from '../../../core/waivers';
import type { Patch } from '../../../core/workbook/edits';
import { EFFORTS, GAP_STATUSES, RISK_LEVELS, SEVERITIES, type Gap, type RiskScores, type Workbook } from '../../../core/workbook/schema';
import { useStore } from '../store';
import { EditedAfterReview, ReviewPanel } from './ReviewPanel';

export function GapEditor({ wb, id }: { wb: Workbook; id: string }) {
  const edit = useStore((s) => s.edit);
  const { editGap, jumpToEvidence } = useStore();
  const gap = wb.gaps.find((g) => g.id === id);
  if (!gap) return null;
  const update = (patch: Patch<Omit<Gap, 'id'>>, typing?: string) => edit({ kind: 'gap', gap: id, patch, ...(typing ? { typing } : {}) });
  const setScore = (key: keyof RiskScores, value: string) =>
    update({
      scores: value === '' ? null : ({ ...(gap.scores ?? { pnl: 'Low', ops: 'Low', compliance: 'Low' }), [key]: value } as RiskScores),
    });
  const checks = wb.pillars.flatMap((p) => p.cells.filter((c) => c.kind === 'check'));
  const composite = compositeScore(gap.scores, wb.weights);
  return (
    <aside className="gap-editor" aria-label={`gap ${gap.id}`}>
      <header>
        <span className="mono">{gap.id}</span>
        <span className={`sev-label ${gap.severity}`}>{gap.severity}</span>
        {gapReviewState(gap).isEditedAfterReview ? <EditedAfterReview /> : null}
        <span className="spacer" />
        <span className="composite" title={`weights P&L ${wb.weights.pnl} · ops ${wb.weights.ops} · compliance ${wb.weights.compliance}`}>
          composite <strong data-testid="composite">{formatComposite(composite)}</strong>
        </span>
        <button onClick={() => editGap(null)} aria-label="Close the gap editor">
          ✕
        </button>
      </header>
      <label>
        Title
        <input value={gap.title} onChange={(e) => update({ title: e.target.value }, 'title')} />
      </label>
      <div className="field-grid">
        <label>
          Pillar
          <select value={gap.pillar} onChange={(e) => update({ pillar: Number(e.target.value) })}>
            {wb.pillars.map((p) => (
              <option key={p.number} value={p.number}>
                {p.number}. {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Severity
          <select value={gap.severity} onChange={(e) => update({ severity: e.target.value as Gap['severity'] })}>
            {SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={gap.status} onChange={(e) => update({ status: e.target.value as Gap['status'] })}>
            {GAP_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Effort
          <select value={gap.effort ?? ''} onChange={(e) => update({ effort: (e.target.value || null) as Gap['effort'] })}>
            <option value="">—</option>
            {EFFORTS.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="scores">
        <legend>Risk-adjusted scores</legend>
        {RISK_DIMENSIONS.map(([key, label]) => (
          <label key={key}>
            {label}
            <select value={gap.scores?.[key] ?? ''} onChange={(e) => setScore(key, e.target.value)} aria-label={label}>
              <option value="">—</option>
              {RISK_LEVELS.map((l) => (
                <option key={l}>{l}</option>
              ))}
            </select>
          </label>
        ))}
      </fieldset>
      <label>
        Description
        <textarea rows={3} value={gap.description} onChange={(e) => update({ description: e.target.value }, 'description')} />
      </label>
      <label>
        Proposed fix
        <textarea rows={3} value={gap.fix} onChange={(e) => update({ fix: e.target.value }, 'fix')} />
      </label>
      <label>
        Closing criteria
        <textarea rows={2} value={gap.closingCriteria} onChange={(e) => update({ closingCriteria: e.target.value }, 'closingCriteria')} />
      </label>
      <label>
        Closing check
        <select
          value={gap.closingCheck ?? ''}
          onChange={(e) => update({ closingCheck: (e.target.value || undefined) as Gap['closingCheck'] })}
        >
          <option value="">— none —</option>
          {checks.map((c) => (
            <option key={c.id} value={c.id}>
              {c.id} — {c.title}
            </option>
          ))}
        </select>
      </label>
      {gap.fixVerified ? (
        <p className="ok-text">
          Fix verified by capture {gap.fixVerified.capture.slice(0, 12)}… at {gap.fixVerified.at}
        </p>
      ) : null}
      {gap.status === 'Accepted risk' ? (
        <fieldset>
          <legend>Waiver</legend>
          {(['justification', 'approver', 'expires'] as const).map((k) => {
            const set = (value: string) =>
              update({ waiver: { justification: '', approver: '', expires: '', ...gap.waiver, [k]: value } }, `waiver.${k}`);
            return (
              <label key={k}>
                {k}
                {/* A justification is a few sentences: it gets the room to be read whole. */}
                {k === 'justification' ? (
                  <textarea rows={3} value={gap.waiver?.[k] ?? ''} onChange={(e) => set(e.target.value)} />
                ) : (
                  <input type={k === 'expires' ? 'date' : 'text'} value={gap.waiver?.[k] ?? ''} onChange={(e) => set(e.target.value)} />
                )}
              </label>
            );
          })}
          {isWaiverExpired(gap, new Date().toISOString().slice(0, 10)) ? (
            <p className="field-problem" role="alert">
              This waiver expired on {gap.waiver!.expires}: the next report or issue export reopens the gap. Set a later date to keep the
              risk accepted.
            </p>
          ) : null}
        </fieldset>
      ) : null}
      <section>
        <h4>Evidence</h4>
        {gap.evidence.length === 0 ? <p className="muted small">No evidence linked.</p> : null}
        <ul className="evidence-links">
          {gap.evidence.map((e, i) => (
            <li key={i}>
              {e.cell ? (
                <button className="link" onClick={() => jumpToEvidence(gap.pillar, e.cell!, e.rows ?? '')}>
                  {e.cell}
                  {e.rows ? ` rows ${e.rows}` : ''}
                </button>
              ) : null}{' '}
              <span className="muted small">{e.note}</span>
            </li>
          ))}
        </ul>
      </section>
      {gap.issue ? (
        <p className="small">
          Issue: {gap.issue.repo}#{gap.issue.number}
        </p>
      ) : null}
      <ReviewPanel key={gap.id} wb={wb} target={{ gap: gap.id }} />
      <div className="field-row">
        <button
          onClick={() => {
            // The copy is opened in the editor: it is what the auditor goes on to change.
            const copy = nextGapId(useStore.getState().workbook!);
            edit({ kind: 'duplicate-gap', gap: id });
            if (useStore.getState().workbook!.gaps.some((g) => g.id === copy)) editGap(copy);
          }}
          title="A copy right after it (Open, without its issue, waiver or sign-offs); Undo takes it away"
        >
          Duplicate gap
        </button>
        <button
          className="danger"
          onClick={() => {
            const before = useStore.getState().workbook;
            edit({ kind: 'delete-gap', gap: id });
            if (useStore.getState().workbook !== before) editGap(null);
          }}
          title="Undo brings it back"
        >
          Delete gap
        </button>
      </div>
    </aside>
  );
}
