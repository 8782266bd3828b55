// The review part of the delta view: sign-offs given, withdrawn, invalidated or given again, and
// review notes added, resolved or reopened between the two states compared.
import type { ReviewDelta } from '../../../core/review-delta';
import { formatReviewTime } from '../../../core/review';
import type { SignOff } from '../../../core/workbook/schema';
import { noteChangeText } from '../../../core/report/delta-markdown';

const who = (s: SignOff | undefined) => (s ? `${s.by}, ${formatReviewTime(s.at)}` : '—');

export function ReviewChanges({ reviews }: { reviews: ReviewDelta }) {
  if (!reviews.signOffs.length && !reviews.notes.length) return null;
  return (
    <section className="delta-review" aria-label="review changes">
      <h3>Review and sign-off</h3>
      {reviews.signOffs.length ? (
        <table className="list">
          <thead>
            <tr>
              <th>Item</th>
              <th>Role</th>
              <th>Change</th>
              <th>Before</th>
              <th>After</th>
            </tr>
          </thead>
          <tbody>
            {reviews.signOffs.map((s) => (
              <tr key={`${s.item} ${s.role}`}>
                <td>
                  {s.item} — {s.title}
                </td>
                <td>{s.role}</td>
                <td>{s.change === 'invalidated' ? 'invalidated (edited after review)' : s.change}</td>
                <td>{who(s.before)}</td>
                <td>
                  {who(s.after)}
                  {s.after && s.isEditedAfter ? <span className="chip warn">⚠ edited after review</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {reviews.notes.length ? (
        <ul>
          {reviews.notes.map((n) => (
            <li key={`${n.item} ${n.note.id}`}>
              {n.item}: note {n.note.id} <strong>{noteChangeText(n)}</strong> — “{n.note.text}” ({n.note.author},{' '}
              {formatReviewTime(n.note.at)})
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
