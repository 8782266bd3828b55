// The risk matrix: P&L impact across, operational stability up, bubble size for compliance
// exposure, colour for severity. Gaps sharing a square are spread around its centre.
import { useStore } from '../store';
import { CartesianGrid, Cell as Dot, LabelList, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import { isActive, LEVEL_VALUE } from '../../../core/scoring';
import type { Workbook } from '../../../core/workbook/schema';

export const SEVERITY_COLOUR = { Critical: '#c62828', Major: '#ef8f00', Minor: '#5b8def' } as const;
const LEVELS = ['', 'Low', 'Med', 'High'];

export function RiskMatrix({ wb }: { wb: Workbook }) {
  const editGap = useStore((s) => s.editGap);
  const scored = wb.gaps.filter((g) => g.scores && isActive(g));
  const bySquare = new Map<string, number>();
  const points = scored.map((g) => {
    const x = LEVEL_VALUE[g.scores!.pnl];
    const y = LEVEL_VALUE[g.scores!.ops];
    const n = bySquare.get(`${x},${y}`) ?? 0;
    bySquare.set(`${x},${y}`, n + 1);
    const angle = n * 2.4;
    const r = n === 0 ? 0 : 0.12 + 0.05 * Math.sqrt(n);
    return {
      x: x + r * Math.cos(angle),
      y: y + r * Math.sin(angle),
      z: LEVEL_VALUE[g.scores!.compliance],
      id: g.id,
      title: g.title,
      severity: g.severity,
      compliance: g.scores!.compliance,
    };
  });
  const unscored = wb.gaps.filter((g) => !g.scores && isActive(g));
  return (
    <div className="page">
      <h1>Risk matrix</h1>
      <p className="muted">
        Open and in-progress gaps. Across: P&amp;L impact. Up: operational stability. Size: compliance exposure. Colour: severity
        <span className="legend">
          {Object.entries(SEVERITY_COLOUR).map(([s, c]) => (
            <span key={s}>
              <i style={{ background: c }} /> {s}
            </span>
          ))}
        </span>
      </p>
      <div className="matrix" data-points={points.length}>
        <ResponsiveContainer width="100%" height={460}>
          <ScatterChart margin={{ top: 20, right: 30, bottom: 30, left: 20 }}>
            <CartesianGrid />
            <XAxis
              type="number"
              dataKey="x"
              domain={[0.5, 3.5]}
              ticks={[1, 2, 3]}
              tickFormatter={(v: number) => LEVELS[v] ?? ''}
              name="P&L impact"
              label={{ value: 'P&L impact', position: 'bottom' }}
            />
            <YAxis
              type="number"
              dataKey="y"
              domain={[0.5, 3.5]}
              ticks={[1, 2, 3]}
              tickFormatter={(v: number) => LEVELS[v] ?? ''}
              name="Operational stability"
              label={{ value: 'Operational stability', angle: -90, position: 'insideLeft' }}
            />
            <ZAxis type="number" dataKey="z" domain={[1, 3]} range={[180, 900]} name="Compliance exposure" />
            <Tooltip
              content={({ payload }) => {
                const p = payload?.[0]?.payload as (typeof points)[number] | undefined;
                return p ? (
                  <div className="tooltip">
                    <strong>{p.id}</strong> {p.title}
                    <br />
                    {p.severity} · compliance {p.compliance}
                  </div>
                ) : null;
              }}
            />
            <Scatter
              data={points}
              onClick={(p) =>
                editGap(String((p as unknown as { payload?: { id?: string } }).payload?.id ?? (p as unknown as { id?: string }).id))
              }
              isAnimationActive={false}
            >
              {points.map((p) => (
                <Dot key={p.id} fill={SEVERITY_COLOUR[p.severity]} fillOpacity={0.75} stroke="#222" strokeWidth={0.5} cursor="pointer" />
              ))}
              <LabelList dataKey="id" position="right" fontSize={11} fill="#444" />
            </Scatter>
          </ScatterChart>
        </ResponsiveContainer>
      </div>
      {unscored.length ? (
        <p className="muted">
          Not on the matrix (not scored yet):{' '}
          {unscored.map((g) => (
            <button key={g.id} className="link" onClick={() => editGap(g.id)}>
              {g.id}
            </button>
          ))}
        </p>
      ) : null}
    </div>
  );
}
