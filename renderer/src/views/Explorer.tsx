// Ad-hoc SQL over the evidence, in the renderer's own DuckDB (a Web Worker): explore before
// writing a query or check cell. Nothing here is recorded; a cell's Run records a capture.
import { useState } from 'react';
import type { Workbook } from '../../../core/workbook/schema';
import { CodeEditor } from '../components/CodeEditor';
import { DataGrid } from '../components/DataGrid';
import { evidenceEngine, WHOLE_ROWS } from '../lib/evidence';
import { gridFromTable, type GridData } from '../lib/grid';
import { useStore } from '../store';
import { call } from '../api';

export function Explorer({ wb }: { wb: Workbook }) {
  const dir = useStore((s) => s.dir);
  const [sql, setSql] = useState('SELECT table_name FROM information_schema.tables ORDER BY 1');
  const [state, setState] = useState<{ busy: boolean; grid: GridData | null; message: string }>({
    busy: false,
    grid: null,
    message: 'Ctrl+Enter or Shift+Enter runs the query.',
  });
  // Evidence too big to carry into the window (a capture of 500,000 runs) is queried where it lies.
  const big = wb.pillars.some((p) => p.cells.some((c) => c.captures.at(-1)?.tables.some((t) => t.rows > WHOLE_ROWS)));
  const run = async (text = sql) => {
    if (!dir) return;
    setState((s) => ({ ...s, busy: true, message: 'Loading the evidence into DuckDB…' }));
    try {
      const started = performance.now();
      const { result, loaded } = big
        ? await call('query:run', { dir, sql: text }).then((r) => ({
            result: r.result,
            loaded: `${r.tables.length} evidence tables, on the Node side`,
          }))
        : await evidenceEngine(dir, wb).then(async ({ engine, tables }) => ({
            result: await engine.query(text),
            loaded: `${tables.length} evidence tables loaded`,
          }));
      setState({
        busy: false,
        grid: gridFromTable(result),
        message: `${result.rows.length} row(s) in ${Math.round(performance.now() - started)} ms · ${loaded}`,
      });
    } catch (e) {
      setState({ busy: false, grid: null, message: (e as Error).message });
    }
  };
  return (
    <div className="explorer">
      <CodeEditor language="sql" value={sql} onChange={setSql} onRun={() => void run()} minLines={3} />
      <div className="field-row">
        <button className="primary" disabled={state.busy} onClick={() => void run()}>
          {state.busy ? 'Running…' : 'Run query'}
        </button>
        <span className="muted small" role="status">
          {state.message}
        </span>
      </div>
      {state.grid ? <DataGrid data={state.grid} label="explorer result" /> : null}
    </div>
  );
}
