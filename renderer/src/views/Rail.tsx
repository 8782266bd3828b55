// The left rail: pillars in audit order with their verdict and gap counts, then the other views.
import { committeeState } from '../../../core/committee';
import { failFastState, isActive, pillarsInAuditOrder, severityCounts } from '../../../core/scoring';
import type { Workbook } from '../../../core/workbook/schema';
import { useStore } from '../store';
import type { View } from '../store/ui';
import type { CommandId } from '../../../core/commands';
import { CommandButton } from '../components/CommandButton';

// Plain symbols coloured by CSS rather than emoji: they render with any font, offline.
export const VERDICT_BADGE: Record<string, { icon: string; label: string }> = {
  compliant: { icon: '✓', label: 'compliant' },
  'deviation-justified': { icon: '!', label: 'deviation justified' },
  'non-compliant': { icon: '✗', label: 'non-compliant' },
  'not-assessed': { icon: '·', label: 'not assessed' },
};

const VIEWS: { view: View; command: CommandId }[] = [
  { view: 'backlog', command: 'show-backlog' },
  { view: 'matrix', command: 'show-matrix' },
  { view: 'verdicts', command: 'show-verdicts' },
  { view: 'parameters', command: 'show-parameters' },
  { view: 'report', command: 'show-report' },
  { view: 'delta', command: 'show-delta' },
  { view: 'controls', command: 'show-controls' },
];

export function Rail({ wb }: { wb: Workbook }) {
  const view = useStore((s) => s.view);
  const pillar = useStore((s) => s.pillar);
  const openPillar = useStore((s) => s.openPillar);
  const failFast = failFastState(wb);
  const committee = committeeState(wb);
  return (
    <nav className="rail" aria-label="Pillars and views">
      {failFast.paused ? (
        <div className="banner danger" role="alert">
          Audit paused (fail-fast): {failFast.gaps.map((g) => `${g.gap.id} in pillar ${g.pillar.number}`).join(', ')} — Critical. Later
          pillars wait for the fix.
        </div>
      ) : null}
      {committee.kind === 'escalated' ? (
        <div className="banner danger" role="alert">
          Escalated: the committee rejected {committee.rejections.length} versions.
        </div>
      ) : null}
      <h2>Pillars</h2>
      <ol className="pillars">
        {pillarsInAuditOrder(wb).map((p) => {
          // What is left to work on, as the backlog counts it (an accepted risk or a proposal is not).
          const counts = severityCounts(wb, p.number, isActive);
          const badge = VERDICT_BADGE[p.verdict.status]!;
          return (
            <li key={p.number}>
              <button
                className={view === 'notebook' && pillar === p.number ? 'active' : ''}
                onClick={() => openPillar(p.number)}
                title={`verdict: ${badge.label}`}
              >
                <span className={`verdict-icon ${p.verdict.status}`} aria-label={badge.label}>
                  {badge.icon}
                </span>
                <span className="pillar-name">
                  {p.number}. {p.name}
                </span>
                <span className="counts" title="open or in progress">
                  {counts.Critical ? <span className="sev Critical">{counts.Critical}</span> : null}
                  {counts.Major ? <span className="sev Major">{counts.Major}</span> : null}
                  {counts.Minor ? <span className="sev Minor">{counts.Minor}</span> : null}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
      <h2>Views</h2>
      <ul className="views">
        {VIEWS.map((v) => (
          <li key={v.view}>
            <CommandButton id={v.command} className={view === v.view ? 'active' : ''} />
          </li>
        ))}
      </ul>
    </nav>
  );
}
