// The verdict of every pillar with its justification and its review state, in audit order (sign-offs
// are given in the pillar's notebook, which signs the verdict with the rest of the pillar).
import { pillarsInAuditOrder, severityCounts } from '../../../core/scoring';
import { VERDICT_STATUSES, type Workbook } from '../../../core/workbook/schema';
import { useStore } from '../store';
import { pillarReviewState } from '../../../core/review';
import { VERDICT_BADGE } from './Rail';
import { ReviewChips } from './ReviewPanel';

export function Verdicts({ wb }: { wb: Workbook }) {
  const edit = useStore((s) => s.edit);
  const setVerdict = (
    pillar: number,
    patch: Partial<{ status: (typeof VERDICT_STATUSES)[number]; justification: string }>,
    typing?: string,
  ) => edit({ kind: 'verdict', pillar, patch, ...(typing ? { typing } : {}) });
  return (
    <div className="page">
      <h1>Verdicts</h1>
      <table className="list verdicts">
        <thead>
          <tr>
            <th>Pillar</th>
            <th>Gaps</th>
            <th>Verdict</th>
            <th>Review</th>
            <th>Justification</th>
          </tr>
        </thead>
        <tbody>
          {pillarsInAuditOrder(wb).map((p) => {
            const c = severityCounts(wb, p.number);
            return (
              <tr key={p.number}>
                <td>
                  {p.number}. {p.name}
                </td>
                <td className="small">
                  {c.Critical} Critical · {c.Major} Major · {c.Minor} Minor
                </td>
                <td>
                  <select
                    value={p.verdict.status}
                    onChange={(e) => setVerdict(p.number, { status: e.target.value as (typeof VERDICT_STATUSES)[number] })}
                    aria-label={`verdict of pillar ${p.number}`}
                  >
                    {VERDICT_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {VERDICT_BADGE[s]!.icon} {VERDICT_BADGE[s]!.label}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="review-cell">
                  <ReviewChips state={pillarReviewState(p)} />
                </td>
                <td>
                  <textarea
                    rows={2}
                    value={p.verdict.justification}
                    onChange={(e) => setVerdict(p.number, { justification: e.target.value }, 'justification')}
                    aria-label={`justification of pillar ${p.number}`}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
