// Versions side by side for the committee: per pillar, gaps added / removed / changed field by
// field, verdict and score changes, evidence drifted; then the committee panel to record a session.
import { useEffect, useState } from 'react';
import { committeeState } from '../../../core/committee';
import { isDeltaEmpty, type FieldChange, type WorkbookDelta } from '../../../core/delta';
import { COMMITTEE_VERDICTS, RISK_LEVELS, type CommitteeSession, type Workbook } from '../../../core/workbook/schema';
import { call } from '../api';
import { useStore } from '../store';
import type { Patch } from '../../../core/workbook/edits';
import { DriftView } from './CellView';
import { ReviewChanges } from './ReviewChanges';

const show = (v: unknown): string => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

function Changes({ changes }: { changes: FieldChange[] }) {
  return (
    <table className="list changes">
      <tbody>
        {changes.map((c) => (
          <tr key={c.path}>
            <td className="mono small">{c.path}</td>
            <td className="before">{show(c.before)}</td>
            <td>→</td>
            <td className="after">{show(c.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DeltaView({ wb }: { wb: Workbook }) {
  const dir = useStore((s) => s.dir);
  const saveNow = useStore((s) => s.saveNow);
  const versions = wb.versions.map((v) => v.number);
  const [from, setFrom] = useState<number | null>(versions.at(-1) ?? null);
  const [to, setTo] = useState<number | 'current'>('current');
  const [delta, setDelta] = useState<WorkbookDelta | { error: string } | null>(null);
  useEffect(() => {
    let live = true;
    if (!dir || from === null) return;
    void (async () => {
      await saveNow();
      try {
        const d = await call('workbook:delta', { dir, from, to });
        if (live) setDelta(d.delta);
      } catch (e) {
        if (live) setDelta({ error: (e as Error).message });
      }
    })();
    return () => {
      live = false;
    };
  }, [dir, from, to, wb, saveNow]);

  return (
    <div className="page delta">
      <h1>Versions &amp; committee</h1>
      <CommitteeStatus wb={wb} />
      {versions.length === 0 ? (
        <p className="muted">No version published yet: publish v1 (Ctrl+Shift+P) to compare versions.</p>
      ) : (
        <>
          <div className="toolbar">
            <VersionSelect label="from" versions={versions} value={from ?? versions[0]!} onChange={(v) => v !== 'current' && setFrom(v)} />
            <VersionSelect label="to" versions={versions} value={to} onChange={setTo} withWorkingCopy />
          </div>
          {delta === null ? (
            <p className="muted">Comparing…</p>
          ) : 'error' in delta ? (
            <p className="error-text">{delta.error}</p>
          ) : (
            <DeltaByPillar wb={wb} delta={delta} />
          )}
        </>
      )}
      <CommitteePanel wb={wb} />
    </div>
  );
}

function DeltaByPillar({ wb, delta }: { wb: Workbook; delta: WorkbookDelta }) {
  const editGap = useStore((s) => s.editGap);
  const dir = useStore((s) => s.dir);
  const pillars = [...wb.pillars].sort((a, b) => a.order - b.order);
  const empty = isDeltaEmpty(delta);
  const gapPillar = (id: string) => wb.gaps.find((g) => g.id === id)?.pillar ?? delta.gaps.removed.find((g) => g.id === id)?.pillar;
  return (
    <div className="delta-body">
      <p className="muted">
        {delta.from} → {delta.to}
        {empty ? ' — nothing a reviewer would see has changed.' : ''}
      </p>
      {delta.weights ? (
        <section>
          <h3>Weights</h3>
          <Changes
            changes={(['pnl', 'ops', 'compliance'] as const).map((k) => ({
              path: k,
              before: delta.weights!.before[k],
              after: delta.weights!.after[k],
            }))}
          />
        </section>
      ) : null}
      {pillars.map((p) => {
        const added = delta.gaps.added.filter((g) => g.pillar === p.number);
        const removed = delta.gaps.removed.filter((g) => g.pillar === p.number);
        const changed = delta.gaps.changed.filter((g) => gapPillar(g.id) === p.number);
        const verdict = delta.verdicts.find((v) => v.pillar === p.number);
        const scores = delta.scores.filter((s) => gapPillar(s.id) === p.number);
        const evidence = delta.evidence.filter((e) => e.pillar === p.number && e.status !== 'reproduced' && e.status !== 'not re-run');
        if (!added.length && !removed.length && !changed.length && !verdict && !scores.length && !evidence.length) return null;
        return (
          <section key={p.number} className="delta-pillar">
            <h3>
              Pillar {p.number} — {p.name}
            </h3>
            <div className="side-by-side">
              <div>
                <h4>{delta.from}</h4>
                {removed.map((g) => (
                  <div key={g.id} className="gap-pill removed">
                    − {g.id} {g.title} ({g.severity})
                  </div>
                ))}
                {verdict ? <div>verdict: {verdict.before.status}</div> : null}
              </div>
              <div>
                <h4>{delta.to}</h4>
                {added.map((g) => (
                  <button key={g.id} className="gap-pill added clickable" onClick={() => editGap(g.id)}>
                    + {g.id} {g.title} ({g.severity})
                  </button>
                ))}
                {verdict ? <div>verdict: {verdict.after.status}</div> : null}
              </div>
            </div>
            {changed.map((g) => (
              <div key={g.id}>
                <h5>
                  <button className="link" onClick={() => editGap(g.id)}>
                    {g.id} {g.title}
                  </button>
                </h5>
                <Changes changes={g.changes} />
              </div>
            ))}
            {scores.length ? (
              <Changes changes={scores.map((s) => ({ path: `${s.id} composite`, before: s.before, after: s.after }))} />
            ) : null}
            {evidence.map((e) => (
              <div key={e.cell} className={`evidence-change ${e.status}`}>
                {e.cell} {e.title}: <strong>{e.status}</strong>
                {e.before && e.after ? ` (${e.before.hash.slice(0, 10)}… → ${e.after.hash.slice(0, 10)}…)` : ''}
                {e.status === 'drifted' && e.before && e.after && dir ? (
                  <DriftView dir={dir} before={e.before.tables} after={e.after.tables} label={`Row diff ${delta.from} → ${delta.to}`} />
                ) : null}
              </div>
            ))}
          </section>
        );
      })}
      <ReviewChanges reviews={delta.reviews} />
    </div>
  );
}

function CommitteeStatus({ wb }: { wb: Workbook }) {
  const state = committeeState(wb);
  const text: Record<typeof state.kind, string> = {
    'not-reviewed': 'Not reviewed by the committee yet.',
    pending: 'A committee session is recorded without a verdict yet.',
    proceed: 'The committee said PROCEED.',
    revise: 'REVISE: re-run the disputed pillars (Run on each), then send the delta.',
    rejected: 'REJECTED once: one revision cycle remains.',
    escalated: 'ESCALATED: the committee rejected twice; the scope goes up, not another iteration.',
  };
  return (
    <div
      className={`banner ${state.kind === 'escalated' || state.kind === 'rejected' ? 'danger' : state.kind === 'revise' ? 'warn' : 'info'}`}
      role="status"
    >
      {text[state.kind]}
      {state.kind === 'revise' ? ` Disputed pillars: ${state.disputedPillars.join(', ')}.` : ''}
    </div>
  );
}

function CommitteePanel({ wb }: { wb: Workbook }) {
  const edit = useStore((s) => s.edit);
  const version = wb.versions.at(-1)?.number ?? null;
  const addSession = () =>
    edit({
      kind: 'add-session',
      session: {
        id: `session-${wb.committee.length + 1}`,
        version: version ?? 1,
        date: new Date().toISOString().slice(0, 10),
        experts: [],
        verdict: null,
        disputedPillars: [],
        recommendations: [],
        notes: '',
      } as CommitteeSession,
    });
  const update = (session: string, patch: Patch<Omit<CommitteeSession, 'id'>>, typing?: string) =>
    edit({ kind: 'session', session, patch, ...(typing ? { typing } : {}) });
  return (
    <section className="committee">
      <h2>Committee sessions</h2>
      {wb.committee.map((s) => (
        <div key={s.id} className="session">
          <div className="field-grid">
            <label>
              Version reviewed
              <input
                type="number"
                min={1}
                value={s.version}
                onChange={(e) => update(s.id, { version: Number(e.target.value) }, 'version')}
              />
            </label>
            <label>
              Date
              <input type="date" value={s.date} onChange={(e) => update(s.id, { date: e.target.value }, 'date')} />
            </label>
            <label>
              Verdict
              <select
                value={s.verdict ?? ''}
                onChange={(e) => update(s.id, { verdict: (e.target.value || null) as CommitteeSession['verdict'] })}
              >
                <option value="">— pending —</option>
                {COMMITTEE_VERDICTS.map((v) => (
                  <option key={v}>{v}</option>
                ))}
              </select>
            </label>
            <label>
              Cause
              <input
                value={s.cause ?? ''}
                placeholder="e.g. METHODOLOGY_FLAW"
                onChange={(e) => update(s.id, { cause: e.target.value }, 'cause')}
              />
            </label>
            <label>
              Disputed pillars
              <input
                value={s.disputedPillars.join(', ')}
                placeholder="e.g. 2, 5"
                onChange={(e) =>
                  update(
                    s.id,
                    {
                      disputedPillars: e.target.value
                        .split(/[,\s]+/)
                        .filter(Boolean)
                        .map(Number)
                        .filter((n) => Number.isInteger(n) && n > 0),
                    },
                    'disputedPillars',
                  )
                }
              />
            </label>
          </div>
          <table className="list experts">
            <thead>
              <tr>
                <th>Expert</th>
                <th>Role</th>
                <th>Score /10</th>
                <th>Confidence</th>
                <th>Findings (one per line)</th>
              </tr>
            </thead>
            <tbody>
              {s.experts.map((x, i) => {
                const setExpert = (patch: Partial<typeof x>, typing?: string) =>
                  update(s.id, { experts: s.experts.map((e, j) => (j === i ? { ...e, ...patch } : e)) }, typing && `expert ${i} ${typing}`);
                return (
                  <tr key={i}>
                    <td>
                      <input value={x.name} onChange={(e) => setExpert({ name: e.target.value }, 'name')} aria-label="expert name" />
                    </td>
                    <td>
                      <input value={x.role} onChange={(e) => setExpert({ role: e.target.value }, 'role')} aria-label="expert role" />
                    </td>
                    <td>
                      <input
                        type="number"
                        min={0}
                        max={10}
                        step={0.5}
                        value={x.score}
                        onChange={(e) => setExpert({ score: Number(e.target.value) }, 'score')}
                        aria-label="expert score"
                      />
                    </td>
                    <td>
                      <select value={x.confidence} onChange={(e) => setExpert({ confidence: e.target.value as typeof x.confidence })}>
                        {RISK_LEVELS.map((l) => (
                          <option key={l}>{l}</option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <textarea
                        rows={2}
                        value={x.findings.join('\n')}
                        onChange={(e) => setExpert({ findings: e.target.value.split('\n') }, 'findings')}
                        aria-label="expert findings"
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <button
            onClick={() =>
              update(s.id, {
                experts: [
                  ...s.experts,
                  { name: 'Expert', role: '', score: 5, confidence: 'Med', findings: [], risks: [], recommendations: [] },
                ],
              })
            }
          >
            Add expert
          </button>
          <h4>Recommendations</h4>
          <ul>
            {s.recommendations.map((r, i) => (
              <li key={r.id}>
                <input
                  value={r.text}
                  onChange={(e) =>
                    update(
                      s.id,
                      { recommendations: s.recommendations.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)) },
                      `recommendation ${i}`,
                    )
                  }
                  aria-label={`recommendation ${r.id}`}
                />
                <label className="small">
                  integrated in v
                  <input
                    type="number"
                    min={1}
                    value={r.integratedIn ?? ''}
                    onChange={(e) =>
                      update(s.id, {
                        recommendations: s.recommendations.map((x, j) =>
                          j !== i ? x : e.target.value ? { ...x, integratedIn: Number(e.target.value) } : { id: x.id, text: x.text },
                        ),
                      })
                    }
                  />
                </label>
              </li>
            ))}
          </ul>
          <button
            onClick={() =>
              update(s.id, {
                recommendations: [...s.recommendations, { id: `rec-${s.recommendations.length + 1}`, text: 'New recommendation' }],
              })
            }
          >
            Add recommendation
          </button>
        </div>
      ))}
      <button
        className="primary"
        onClick={addSession}
        disabled={version === null}
        title={version === null ? 'Publish a version for the committee first' : ''}
      >
        Record a committee session{version !== null ? ` on v${version}` : ''}
      </button>
    </section>
  );
}

function VersionSelect(props: {
  label: string;
  versions: number[];
  value: number | 'current';
  onChange: (v: number | 'current') => void;
  withWorkingCopy?: boolean;
}) {
  return (
    <label>
      {props.label}{' '}
      <select
        value={String(props.value)}
        onChange={(e) => props.onChange(e.target.value === 'current' ? 'current' : Number(e.target.value))}
      >
        {props.withWorkingCopy ? <option value="current">working copy</option> : null}
        {props.versions.map((v) => (
          <option key={v} value={v}>
            v{v}
          </option>
        ))}
      </select>
    </label>
  );
}
