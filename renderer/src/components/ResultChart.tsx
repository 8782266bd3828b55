// A chart of a query cell's result: bar, line or scatter over two of its columns. The choice is
// saved on the cell, so the report and the next session see the same chart.
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { GridData } from '../lib/grid';

type Chart = { type: 'bar' | 'line' | 'scatter'; x: string; y: string };
const MAX_POINTS = 2000;

export function ResultChart({
  grid,
  chart,
  onChange,
}: {
  grid: GridData;
  chart: Chart | undefined;
  onChange: (chart: Chart | undefined) => void;
}) {
  const numeric = grid.columns.filter((c) => c.type === 'number').map((c) => c.name);
  const names = grid.columns.map((c) => c.name);
  if (numeric.length === 0) return null;
  if (!chart) {
    return (
      <div className="chart-bar">
        <button onClick={() => onChange({ type: 'bar', x: names.find((n) => !numeric.includes(n)) ?? names[0]!, y: numeric[0]! })}>
          Chart this result
        </button>
      </div>
    );
  }
  const xi = names.indexOf(chart.x);
  const yi = names.indexOf(chart.y);
  const points = [];
  for (let r = 0; r < Math.min(grid.length, MAX_POINTS); r++)
    points.push({ x: xi >= 0 ? grid.values[xi]![r] : r, y: yi >= 0 ? grid.values[yi]![r] : null });
  const set = (patch: Partial<Chart>) => onChange({ ...chart, ...patch });
  return (
    <div className="chart">
      <div className="chart-bar">
        <select value={chart.type} onChange={(e) => set({ type: e.target.value as Chart['type'] })} aria-label="Chart type">
          <option value="bar">bar</option>
          <option value="line">line</option>
          <option value="scatter">scatter</option>
        </select>
        <label>
          x
          <select value={chart.x} onChange={(e) => set({ x: e.target.value })}>
            {names.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <label>
          y
          <select value={chart.y} onChange={(e) => set({ y: e.target.value })}>
            {numeric.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <button onClick={() => onChange(undefined)}>Remove chart</button>
        {grid.length > MAX_POINTS ? <span className="muted small">first {MAX_POINTS} rows</span> : null}
      </div>
      <ResponsiveContainer width="100%" height={220}>
        {chart.type === 'bar' ? (
          <BarChart data={points}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="x" />
            <YAxis />
            <Tooltip />
            <Bar dataKey="y" fill="#3b6fd8" isAnimationActive={false} name={chart.y} />
          </BarChart>
        ) : chart.type === 'line' ? (
          <LineChart data={points}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="x" />
            <YAxis />
            <Tooltip />
            <Line dataKey="y" stroke="#3b6fd8" dot={false} isAnimationActive={false} name={chart.y} />
          </LineChart>
        ) : (
          <ScatterChart>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="x" name={chart.x} type={grid.columns[xi]?.type === 'number' ? 'number' : 'category'} />
            <YAxis dataKey="y" name={chart.y} />
            <Tooltip />
            <Scatter data={points} fill="#3b6fd8" isAnimationActive={false} />
          </ScatterChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}
