// One evidence cell: its editor, Run / Re-run / Cancel, the latest capture (hash, time, duration,
// reproduced or drifted), its rows, a chart for query cells and the check's status.
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TableDiff } from '../../../core/evidence/drift';
import type { CaptureHash } from '../../../core/ids';
import { tableNameOf } from '../../../core/evidence/table';
import { acceptAlarm } from '../../../core/query/checks';
import { duplicateCell } from '../../../core/cells';
import type { CellPatch } from '../../../core/workbook/edits';
import type { Cell, Workbook } from '../../../core/workbook/schema';
import { cancelRun, importFile, importInto, pasteInto, runCell } from '../actions';
import { CodeEditor } from '../components/CodeEditor';
import { DataGrid, type RemoteRows } from '../components/DataGrid';
import { MoveButtons } from '../components/ItemControls';
import { Markdown } from '../components/Markdown';
import { fetchGrid, WHOLE_ROWS } from '../lib/evidence';
import { rowsOfSpec } from '../../../core/evidence/grid-rows';
import type { GridData, SortOrder } from '../lib/grid';
import { call } from '../api';
import { useStore } from '../store';

type CellOf<K extends Cell['kind']> = Extract<Cell, { kind: K }>;

// recharts loads with the first chart, not with the first screen.
const ResultChart = lazy(() => import('../components/ResultChart').then((m) => ({ default: m.ResultChart })));

const CHECK_LABEL: Record<string, string> = {
  ok: 'ok — no violation',
  alarm: 'alarm',
  error: 'error',
  skip: 'skipped — evidence missing',
  manual: 'manual — attested',
};

const PAGE_ROWS = 5_000;

type TableRef = { name: string; hash: string; rows: number };

/** What the grid asks of a big table: a filter and an order, applied on the Node side. */
type View = { needle: string; order: SortOrder };

/** The rows of a stored table: whole when small, else page `page` of the view, read on the Node side. */
function useGrid(
  dir: string | null,
  table: TableRef | undefined,
  page: number,
  view: View,
): { grid: GridData | null; error: string | null; remote: Omit<RemoteRows, 'onView'> | null } {
  const [state, setState] = useState<{ grid: GridData | null; error: string | null; remote: Omit<RemoteRows, 'onView'> | null }>({
    grid: null,
    error: null,
    remote: null,
  });
  const hash = table?.hash;
  const paged = (table?.rows ?? 0) > WHOLE_ROWS;
  useEffect(() => {
    // Only the latest answer is shown: a filter typed fast sends several requests.
    let live = true;
    if (!dir || !hash) setState({ grid: null, error: null, remote: null });
    else if (paged)
      call('evidence:rows', { dir, hash, offset: page * PAGE_ROWS, limit: PAGE_ROWS, filter: view.needle, sort: view.order }).then(
        ({ offset, matching, total, ...grid }) => live && setState({ grid, error: null, remote: { offset, matching, total } }),
        (e: Error) => live && setState({ grid: null, error: e.message, remote: null }),
      );
    else
      fetchGrid(dir, hash).then(
        (grid) => live && setState({ grid, error: null, remote: null }),
        (e: Error) => live && setState({ grid: null, error: e.message, remote: null }),
      );
    return () => {
      live = false;
    };
  }, [dir, hash, paged, page, view]);
  return state;
}

/** Which of a capture's tables is shown, and which page of it: Previous / Next for big ones. */
function TablePicker({
  tables,
  shown,
  onShow,
  page,
  onPage,
  matching,
}: {
  tables: TableRef[];
  shown: TableRef | undefined;
  onShow: (name: string) => void;
  page: number;
  onPage: (page: number) => void;
  /** Rows of the view (after the grid's filter). */
  matching: number;
}) {
  if (!shown) return null;
  const pages = Math.ceil(matching / PAGE_ROWS);
  const paged = shown.rows > WHOLE_ROWS;
  return (
    <div className="table-picker small">
      {tables.length > 1 ? (
        <label>
          Table{' '}
          <select value={shown.name} onChange={(e) => onShow(e.target.value)} aria-label="table of the capture">
            {tables.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name} ({t.rows.toLocaleString('en')} rows)
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {paged ? (
        <span className="pager" role="group" aria-label="pages of rows">
          <button disabled={page === 0} onClick={() => onPage(page - 1)} aria-label="previous rows">
            ‹
          </button>
          <span>
            rows {Math.min(matching, page * PAGE_ROWS + 1).toLocaleString('en')}–
            {Math.min(matching, (page + 1) * PAGE_ROWS).toLocaleString('en')} of {matching.toLocaleString('en')}
          </span>
          <button disabled={page + 1 >= pages} onClick={() => onPage(page + 1)} aria-label="next rows">
            ›
          </button>
          <span className="muted">filtered and sorted over every row; Copy and CSV take this page</span>
        </span>
      ) : null}
    </div>
  );
}

export function CellView({ wb, cell, pillar }: { wb: Workbook; cell: Cell; pillar: number }) {
  const { dir, edit } = useStore();
  const running = useStore((s) => s.running[cell.id]);
  const { highlight, editGap } = useStore();
  const latest = cell.captures.at(-1);
  const previous = cell.captures.at(-2);
  const [shownName, setShownName] = useState<string | null>(null);
  const [page, setPage] = useState(0);
  const [view, setView] = useState<View>({ needle: '', order: null });
  const table =
    latest?.tables.find((t) => t.name === shownName) ?? latest?.tables.find((t) => t.name === tableNameOf(cell.id)) ?? latest?.tables[0];
  const { grid, error, remote } = useGrid(dir, table, page, view);
  // A new filter or order starts at its first page; the same one asked again changes nothing.
  const onView = useCallback((needle: string, order: SortOrder) => {
    setView((v) => (v.needle === needle && JSON.stringify(v.order) === JSON.stringify(order) ? v : { needle, order }));
    setPage(0);
  }, []);
  const highlighted = useMemo(() => (highlight?.cell === cell.id ? rowsOfSpec(highlight.rows) : undefined), [highlight, cell.id]);
  const params = wb.parameters.map((p) => p.name);
  const setField = (patch: CellPatch, typing?: string) =>
    edit({ kind: 'cell', pillar, cell: cell.id, patch, ...(typing ? { typing } : {}) });

  const comparison = !latest ? null : !previous ? 'first capture' : previous.hash === latest.hash ? 'reproduced' : 'drifted';

  return (
    <article
      className={`cell kind-${cell.kind}${highlighted ? ' focused' : ''}`}
      id={`cell-${cell.id}`}
      tabIndex={-1}
      onKeyDown={(e) => e.key === 'Enter' && e.shiftKey && (e.preventDefault(), void runCell(cell))}
      onDragOver={(e) => cell.kind === 'import' && e.dataTransfer.types.includes('Files') && e.preventDefault()}
      onDrop={(e) => {
        const file = cell.kind === 'import' ? e.dataTransfer.files[0] : undefined;
        if (!file) return;
        e.preventDefault();
        void importFile(cell.id, file, 'dropped');
      }}
      aria-label={`cell ${cell.id}`}
    >
      <header>
        <span className="kind">{cell.kind}</span>
        <span className="mono cell-id">{cell.id}</span>
        <input
          className="cell-title"
          value={cell.title}
          onChange={(e) => setField({ title: e.target.value }, 'title')}
          aria-label={`title of ${cell.id}`}
        />
        {cell.mutating ? <span className="chip danger">mutating</span> : null}
        {/* The title takes the free width (no spacer beside it to halve it): a long title stays readable. */}
        {cell.kind !== 'note' && cell.kind !== 'import' ? (
          running ? (
            <>
              <span className="progress" aria-live="polite">
                <span className="spinner" /> running…
              </span>
              <button onClick={() => void cancelRun(cell.id)}>Cancel</button>
            </>
          ) : (
            <button className="primary" onClick={() => void runCell(cell)} title="Run (Shift+Enter)">
              {latest ? 'Re-run' : 'Run'}
            </button>
          )
        ) : null}
        {cell.kind === 'import' ? <ImportButton cell={cell} /> : null}
        <span className="cell-order">
          <MoveButtons id={cell.id} move={(by) => edit({ kind: 'move-cell', cell: cell.id, by })} />
          <button
            className="icon"
            aria-label={`Duplicate ${cell.id}`}
            title="Duplicate: a copy right after it, without its evidence"
            onClick={() => edit({ kind: 'add-cell', ...duplicateCell(useStore.getState().workbook!, cell.id) })}
          >
            ❐
          </button>
          <button
            className="icon"
            aria-label={`Delete ${cell.id}`}
            title="Delete the cell (Undo brings it back)"
            onClick={() => edit({ kind: 'delete-cell', cell: cell.id })}
          >
            ✕
          </button>
        </span>
      </header>
      <CellBody cell={cell} params={params} setField={setField} />
      {latest ? (
        <div className="capture-meta">
          <span title={latest.hash} className="mono">
            sha256 {latest.hash.slice(0, 12)}…
          </span>
          <span>{new Date(latest.startedAt).toISOString().replace('T', ' ').slice(0, 19)} UTC</span>
          <span>{latest.durationMs < 1000 ? `${Math.round(latest.durationMs)} ms` : `${(latest.durationMs / 1000).toFixed(1)} s`}</span>
          <span className={`comparison ${comparison}`}>{comparison}</span>
          {latest.status === 'error' ? <span className="error-text">error: {latest.error}</span> : null}
          {latest.readAs ? (
            <span title={latest.readAs.detected ? `detected: ${latest.readAs.detected}` : 'format given by the cell'}>
              read as {latest.readAs.format}
            </span>
          ) : null}
          {latest.redactions.length ? (
            <span title={latest.redactions.map((r) => `${r.what} in ${r.where}`).join('\n')}>{latest.redactions.length} redaction(s)</span>
          ) : null}
          <span className="muted" title={latest.command}>
            {latest.command.length > 80 ? `${latest.command.slice(0, 80)}…` : latest.command}
          </span>
        </div>
      ) : cell.kind !== 'note' ? (
        <div className="capture-meta muted">Not run yet.</div>
      ) : null}
      {cell.kind === 'check' && latest?.checkStatus ? (
        <div className={`check-status ${latest.checkStatus}`} role="status">
          <strong>Check: {CHECK_LABEL[latest.checkStatus]}</strong>
          {latest.checkStatus === 'alarm' ? (
            <>
              <span>{table?.rows ?? 0} violating row(s)</span>
              <button
                onClick={() => {
                  // The same pure function the edit applies, to know which gap to open.
                  const { gap } = acceptAlarm(useStore.getState().workbook!, cell.id);
                  edit({ kind: 'accept-alarm', cell: cell.id });
                  editGap(gap);
                }}
              >
                Create gap from alarm
              </button>
            </>
          ) : null}
        </div>
      ) : null}
      {comparison === 'drifted' && previous && dir ? <DriftView dir={dir} before={previous.tables} after={latest!.tables} /> : null}
      {error ? <div className="error-text">Could not read the capture: {error}</div> : null}
      {latest && cell.kind !== 'check' && cell.kind !== 'query' ? (
        <TablePicker
          tables={latest.tables}
          shown={table}
          onShow={(name) => {
            setShownName(name);
            setPage(0);
          }}
          page={page}
          onPage={setPage}
          matching={remote?.matching ?? table?.rows ?? 0}
        />
      ) : null}
      {grid && (grid.length > 0 || remote) ? (
        <DataGrid
          key={table?.hash}
          data={grid}
          {...(remote ? { remote: { ...remote, onView } } : {})}
          {...(highlighted ? { highlight: highlighted } : {})}
          height={Math.min(320, 30 + grid.length * 26)}
          label={`rows of ${cell.id}`}
        />
      ) : null}
      {grid && grid.length === 0 && !remote ? <div className="muted small">The capture holds no row.</div> : null}
      {cell.kind === 'query' && grid && grid.length > 0 ? (
        <Suspense fallback={<div className="muted small">Loading the chart…</div>}>
          <ResultChart grid={grid} chart={cell.chart} onChange={(chart) => setField({ chart })} />
        </Suspense>
      ) : null}
    </article>
  );
}

function CellBody({ cell, params, setField }: { cell: Cell; params: string[]; setField: (patch: CellPatch, typing?: string) => void }) {
  const run = () => void runCell(cell);
  switch (cell.kind) {
    case 'note':
      return <Markdown source={cell.markdown} />;
    case 'query':
    case 'check':
      return <CodeEditor language="sql" value={cell.sql} params={params} onRun={run} onChange={(sql) => setField({ sql }, 'sql')} />;
    case 'sql':
      return (
        <>
          <div className="field-row muted small">
            {cell.engine} {cell.connection ? <span className="mono">{cell.connection}</span> : null}
          </div>
          <CodeEditor language="sql" value={cell.query} params={params} onRun={run} onChange={(query) => setField({ query }, 'query')} />
        </>
      );
    case 'rest':
      return (
        <>
          <div className="field-row">
            <select
              value={cell.method}
              onChange={(e) => setField({ method: e.target.value as CellOf<'rest'>['method'] })}
              aria-label="HTTP method"
            >
              {['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
            {cell.auth ? (
              <span className="chip">
                auth: {cell.auth.scheme} ${`{${cell.auth.parameter}}`}
              </span>
            ) : null}
            {cell.pagination !== 'none' ? <span className="chip">pages: {cell.pagination}</span> : null}
          </div>
          <CodeEditor
            language="plaintext"
            value={cell.url}
            params={params}
            onRun={run}
            minLines={1}
            onChange={(url) => setField({ url: url.trim() }, 'url')}
          />
          {cell.body !== undefined ? (
            <CodeEditor
              language="plaintext"
              value={cell.body}
              params={params}
              onRun={run}
              onChange={(body) => setField({ body }, 'body')}
            />
          ) : null}
        </>
      );
    case 'kubectl':
    case 'shell':
      return (
        <>
          <div className="field-row muted small">
            one argument per line{cell.kind === 'shell' ? ` · in ${cell.cwd}` : cell.namespace ? ` · namespace ${cell.namespace}` : ''}
          </div>
          <CodeEditor
            language="shell"
            value={cell.kind === 'kubectl' ? ['kubectl', ...cell.args].join('\n') : cell.argv.join('\n')}
            params={params}
            onRun={run}
            onChange={(text) => {
              const lines = text.split('\n').filter((l) => l.trim() !== '');
              setField(cell.kind === 'kubectl' ? { args: lines[0] === 'kubectl' ? lines.slice(1) : lines } : { argv: lines }, 'command');
            }}
          />
        </>
      );
    case 's3':
      return (
        <div className="field-row mono small">
          {cell.operation} s3://{cell.bucket}/{cell.prefix ?? ''} {cell.endpoint ? `(endpoint ${cell.endpoint})` : ''}
        </div>
      );
    case 'import':
      // The provenance every import of this cell records: the command that produced the output, and where.
      return (
        <div className="field-row small provenance">
          <label>
            Captured elsewhere with
            <input
              className="mono"
              value={cell.sourceCommand}
              onChange={(e) => setField({ sourceCommand: e.target.value }, 'sourceCommand')}
            />
          </label>
          <label>
            at
            <input
              value={cell.sourceLocation ?? ''}
              placeholder="where it ran (host, cluster, date)"
              onChange={(e) => setField({ sourceLocation: e.target.value || undefined }, 'sourceLocation')}
            />
          </label>
        </div>
      );
  }
}

function ImportButton({ cell }: { cell: Cell }) {
  const dir = useStore((s) => s.dir);
  const [path, setPath] = useState('');
  const picker = useRef<HTMLInputElement>(null);
  return (
    <span className="import-row">
      <input placeholder="/path/on/this/machine" value={path} onChange={(e) => setPath(e.target.value)} aria-label="File to import" />
      <button disabled={!path.trim() || !dir} onClick={() => void importInto(cell.id, { file: path.trim() })}>
        Import
      </button>
      <button onClick={() => picker.current?.click()} title="Or drop a file on the cell">
        Choose file…
      </button>
      <input
        ref={picker}
        type="file"
        hidden
        aria-label={`file for ${cell.id}`}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void importFile(cell.id, file, 'chosen');
        }}
      />
      <button onClick={() => void pasteInto(cell.id)}>Paste…</button>
    </span>
  );
}

export function DriftView({
  dir,
  before,
  after,
  label = 'Drifted since the previous capture — show the row diff',
}: {
  dir: string;
  before: { name: string; hash: string }[];
  after: { name: string; hash: string }[];
  label?: string;
}) {
  const [diffs, setDiffs] = useState<TableDiff[] | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open || diffs) return;
    // Compared on the Node side, by key: two captures of 500,000 runs never cross to the window.
    const hashes = (ts: { name: string; hash: string }[]) => ts.map((t) => ({ name: t.name, hash: t.hash as CaptureHash }));
    void call('evidence:drift', { dir, before: hashes(before), after: hashes(after) }).then((r) => setDiffs(r.diffs));
  }, [open, diffs, dir, before, after]);
  return (
    <details className="drift" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>{label}</summary>
      {diffs === null ? <p className="muted">Loading…</p> : null}
      {diffs?.map((d) => (
        <div key={d.table}>
          <h5>
            {d.table}: +{d.counts.added} −{d.counts.removed} ~{d.counts.changed}
          </h5>
          <ul className="mono small">
            {d.added.slice(0, 20).map((r, i) => (
              <li key={`a${i}`} className="added">
                + {rowLabel(d.key, r)}
              </li>
            ))}
            {d.removed.slice(0, 20).map((r, i) => (
              <li key={`r${i}`} className="removed">
                − {rowLabel(d.key, r)}
              </li>
            ))}
            {d.changed.slice(0, 20).map((r, i) => (
              <li key={`c${i}`} className="changed">
                ~ {r.key.join(' / ')}:{' '}
                {Object.keys(r.after)
                  .filter((k) => r.before[k] !== r.after[k])
                  .map((k) => `${k} ${String(r.before[k])} → ${String(r.after[k])}`)
                  .join('; ')}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </details>
  );
}

const rowLabel = (key: string[], row: Record<string, unknown>): string => {
  const text = key.length ? key.map((k) => String(row[k])).join(' / ') : JSON.stringify(row);
  return text.length > 140 ? `${text.slice(0, 140)}…` : text;
};
