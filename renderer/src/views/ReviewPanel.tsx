// Review and sign-off of a gap or a pillar: preparer and reviewer sign-offs, review notes, and the
// "edited after review" chip. Each action is a workbook edit, so Undo takes it back; whether the
// item was edited after review is core's derivation, never stored by the view.
import { useId, useState } from 'react';
import {
  formatReviewTime,
  reviewed,
  reviewState,
  reviewTimestamp,
  type ReviewState,
  type ReviewTarget,
  type SignOffRole,
  type SignOffState,
} from '../../../core/review';
import type { Workbook } from '../../../core/workbook/schema';
import { useStore } from '../store';
import './review-panel.css';

/** The app's clock, as sign-offs and notes record it. */
const now = () => reviewTimestamp(new Date());

/** The chip shown wherever a signed item changed since its sign-off. */
export function EditedAfterReview() {
  return (
    <span className="chip warn" title="Changed since it was signed off: sign it off again once reviewed">
      ⚠ edited after review
    </span>
  );
}

/** A one-line summary of a review (the verdicts table, the pillar head). */
export function ReviewChips({ state }: { state: ReviewState }) {
  const mark = (s: SignOffState | null, label: string) =>
    s ? (
      <span className="chip" title={`${label} by ${s.signOff.by}, ${formatReviewTime(s.signOff.at)}`}>
        ✓ {label}
      </span>
    ) : null;
  return (
    <span className="review-chips">
      {mark(state.preparer, 'prepared')}
      {mark(state.reviewer, 'reviewed')}
      {state.openNotes ? (
        <span className="chip">
          {state.openNotes} open note{state.openNotes === 1 ? '' : 's'}
        </span>
      ) : null}
      {state.isEditedAfterReview ? <EditedAfterReview /> : null}
      {!state.preparer && !state.reviewer && !state.openNotes ? <span className="muted small">not signed off</span> : null}
    </span>
  );
}

export function ReviewPanel({ wb, target }: { wb: Workbook; target: ReviewTarget }) {
  const edit = useStore((s) => s.edit);
  const { label, review, content } = reviewed(wb, target);
  const state = reviewState(review, content);
  const [names, setNames] = useState<Record<SignOffRole, string>>({ preparer: wb.auditor, reviewer: review?.reviewer?.by ?? '' });
  const [noteText, setNoteText] = useState('');
  const [author, setAuthor] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);
  // Unique per panel: the gap editor's and the pillar's can be on screen together.
  const problemId = `${useId()}-problem`;
  const authorValue = author ?? (names.reviewer.trim() || names.preparer);

  /** Validated at the field: an empty one is said there and nothing is edited. */
  const required = (field: string, value: string, message: string) => {
    if (value.trim()) return true;
    setProblem({ field, message });
    return false;
  };
  const signOff = (role: SignOffRole) => {
    if (!required(role, names[role], `The ${role}'s name is needed to sign off.`)) return;
    setProblem(null);
    edit({ kind: 'sign-off', target, role, by: names[role].trim(), at: now() });
  };
  const addNote = () => {
    if (!required('note', noteText, 'Write the note first.') || !required('author', authorValue, "The note's author is needed.")) return;
    setProblem(null);
    edit({ kind: 'add-review-note', target, text: noteText.trim(), author: authorValue.trim(), at: now() });
    setNoteText('');
  };
  const problemFor = (field: string) =>
    problem?.field === field ? (
      <p className="field-problem" role="alert" id={problemId}>
        {problem.message}
      </p>
    ) : null;
  const notes = review?.notes ?? [];

  return (
    <section className="review-panel" aria-label={`review of ${label}`}>
      <header>
        <h4>Review and sign-off</h4>
        {state.isEditedAfterReview ? <EditedAfterReview /> : null}
      </header>
      {(['preparer', 'reviewer'] as const).map((role) => {
        const signed = state[role];
        const roleLabel = role === 'preparer' ? 'Preparer' : 'Reviewer';
        return (
          <div className="sign-off" key={role}>
            <div className="role">{roleLabel}</div>
            <div className="sign-off-line">
              {signed ? (
                <span className={signed.isEditedAfter ? 'signed stale' : 'signed'} data-testid={`${role}-sign-off`}>
                  ✓ <strong>{signed.signOff.by}</strong> · <span className="nowrap">{formatReviewTime(signed.signOff.at)}</span>
                  {signed.isEditedAfter ? ' · edited since' : ''}
                </span>
              ) : (
                <span className="muted">not signed off</span>
              )}
              {signed ? (
                <button
                  className="link"
                  aria-label={`Withdraw the ${role} sign-off`}
                  onClick={() => edit({ kind: 'withdraw-sign-off', target, role })}
                >
                  Withdraw
                </button>
              ) : null}
            </div>
            {!signed || signed.isEditedAfter ? (
              <div className="field-row">
                <input
                  value={names[role]}
                  placeholder={role === 'reviewer' ? 'Reviewer’s name' : 'Preparer’s name'}
                  aria-label={`${roleLabel}'s name`}
                  aria-invalid={problem?.field === role ? true : undefined}
                  aria-describedby={problem?.field === role ? problemId : undefined}
                  onChange={(e) => {
                    setNames({ ...names, [role]: e.target.value });
                    if (problem?.field === role) setProblem(null);
                  }}
                  onKeyDown={(e) => e.key === 'Enter' && signOff(role)}
                />
                <button onClick={() => signOff(role)}>Sign off as {role}</button>
              </div>
            ) : null}
            {problemFor(role)}
          </div>
        );
      })}
      <h5>
        Review notes{' '}
        <span className="muted small">
          {state.openNotes} open{state.resolvedNotes ? ` · ${state.resolvedNotes} resolved` : ''}
        </span>
      </h5>
      {notes.length ? (
        <ul className="review-notes">
          {notes.map((n) => (
            <li key={n.id} className={n.state} aria-label={`review note ${n.id}`}>
              <p>{n.text}</p>
              <div className="note-meta small">
                <span className="muted">
                  {n.id} · {n.author} · <span className="nowrap">{formatReviewTime(n.at)}</span>
                </span>
                <span className={`chip ${n.state === 'open' ? 'warn' : ''}`}>{n.state}</span>
                <button
                  className="link"
                  aria-label={`${n.state === 'open' ? 'Resolve' : 'Reopen'} ${n.id}`}
                  onClick={() => edit({ kind: 'review-note', target, note: n.id, state: n.state === 'open' ? 'resolved' : 'open' })}
                >
                  {n.state === 'open' ? 'Resolve' : 'Reopen'}
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      <textarea
        rows={2}
        value={noteText}
        placeholder="A question or a correction for the preparer…"
        aria-label="New review note"
        aria-invalid={problem?.field === 'note' ? true : undefined}
        aria-describedby={problem?.field === 'note' ? problemId : undefined}
        onChange={(e) => {
          setNoteText(e.target.value);
          if (problem?.field === 'note') setProblem(null);
        }}
      />
      {problemFor('note')}
      <div className="field-row">
        <label className="note-author">
          Note by
          <input
            value={authorValue}
            placeholder="Author"
            aria-invalid={problem?.field === 'author' ? true : undefined}
            aria-describedby={problem?.field === 'author' ? problemId : undefined}
            onChange={(e) => {
              setAuthor(e.target.value);
              if (problem?.field === 'author') setProblem(null);
            }}
          />
        </label>
        <button onClick={addNote}>Add note</button>
      </div>
      {problemFor('author')}
    </section>
  );
}
