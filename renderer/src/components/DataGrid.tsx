// A virtualised result table: only the rows and the columns in view are in the DOM (TanStack
// Virtual, both ways), so a million rows or a capture flattened into hundreds of columns scroll as
// smoothly as ten. Filtering searches every column; rows named by a gap's evidence are highlighted.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { csvOf, filterRows, formatValue, searchIndex, sortRows, tsvOf, type GridData, type SortOrder } from '../lib/grid';
import { useStore } from '../store';

const ROW_HEIGHT = 26;
const OVERSCAN = 8;
const ROW_NUMBER_WIDTH = 48;
/** "1 row", "3 rows", "12,000 rows". */
const rowCount = (n: number) => `${n.toLocaleString('en')} row${n === 1 ? '' : 's'}`;

/**
 * A table too big for the window, filtered and sorted on the Node side: `data` is the page shown,
 * the first of its rows being row `offset` of the view; `matching` rows pass the filter, of `total`.
 */
export interface RemoteRows {
  offset: number;
  matching: number;
  total: number;
  onView: (needle: string, order: SortOrder) => void;
}

export function DataGrid({
  data,
  highlight,
  height = 320,
  label,
  remote,
}: {
  data: GridData;
  highlight?: Set<number>;
  height?: number;
  label?: string;
  remote?: RemoteRows;
}) {
  const [needle, setNeedle] = useState('');
  const body = useRef<HTMLDivElement>(null);
  const typedAt = useRef<number | null>(null);
  const [filterMs, setFilterMs] = useState<number | null>(null);
  // Built on the first filter only (most tables are never filtered), then kept with the table.
  const filtering = needle.trim() !== '' && !remote;
  const index = useMemo(() => (filtering ? indexOf(data) : null), [data, filtering]);
  const [order, setOrder] = useState<SortOrder>(null);
  const filtered = useMemo(() => (index ? filterRows(index, needle) : null), [index, needle]);
  const rows = useMemo(() => (remote ? null : sortRows(data, filtered, order)), [data, filtered, order, remote]);
  // A remote table is filtered and sorted where it lies; the page shown comes back as `data`.
  const onView = remote?.onView;
  useEffect(() => onView?.(needle, order), [onView, needle, order]);
  const notify = useStore((s) => s.notify);
  // A header click sorts ascending, then descending, then back to the capture's order.
  const sortBy = (column: number) =>
    setOrder((o) => (o?.column !== column ? { column, descending: false } : o.descending ? null : { column, descending: true }));
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(tsvOf(data, rows));
      notify('info', `${count.toLocaleString('en')} row(s) copied as tab-separated text.`);
    } catch (error) {
      notify('error', `Not copied: ${(error as Error).message}`);
    }
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([csvOf(data, rows)], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${(label ?? 'rows').replace(/[^\w.-]+/g, '-')}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };
  const count = rows ? rows.length : data.length;
  const widths = useMemo(() => columnWidths(data), [data]);
  const totalWidth = widths.reduce((a, b) => a + b, ROW_NUMBER_WIDTH);

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => body.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    // Before the first layout (and in tests without one), render as if the box were its set height.
    initialRect: { width: 0, height },
    // Rows of a fixed height: no synchronous re-render per scroll event is needed to measure them.
    useFlushSync: false,
  });

  const columnVirtualizer = useVirtualizer({
    horizontal: true,
    count: data.columns.length,
    getScrollElement: () => body.current,
    estimateSize: (i) => widths[i]!,
    overscan: 2,
    // The row number comes first in every row, outside the virtualised columns.
    paddingStart: ROW_NUMBER_WIDTH,
    initialRect: { width: 1400, height },
    useFlushSync: false,
  });
  const columns = columnVirtualizer.getVirtualItems();
  // Empty space standing for the columns left of the view, so the visible ones keep their place.
  const before = (columns[0]?.start ?? ROW_NUMBER_WIDTH) - ROW_NUMBER_WIDTH;

  useEffect(() => virtualizer.scrollToOffset(0), [rows, data, virtualizer]);
  useEffect(() => columnVirtualizer.measure(), [widths, columnVirtualizer]);
  // How long from the keystroke to the filtered rows on screen (read by bench/ui.ts).
  useLayoutEffect(() => {
    if (typedAt.current === null) return;
    setFilterMs(performance.now() - typedAt.current);
    typedAt.current = null;
  }, [rows, data]);
  useEffect(() => {
    const first = highlight && [...highlight].sort((a, b) => a - b)[0];
    if (first !== undefined) virtualizer.scrollToIndex(Math.max(0, first - 2), { align: 'start' });
  }, [highlight, virtualizer]);

  return (
    <div className="grid" aria-label={label ?? 'result table'}>
      <div className="grid-bar">
        <input
          className="grid-filter"
          placeholder="Filter rows…"
          value={needle}
          onChange={(e) => {
            typedAt.current = performance.now();
            setNeedle(e.target.value);
          }}
          aria-label="Filter rows"
        />
        <span className="grid-count" data-filter-ms={filterMs?.toFixed(1) ?? ''}>
          {remote
            ? remote.matching < remote.total
              ? `${remote.matching.toLocaleString('en')} of ${rowCount(remote.total)}`
              : rowCount(remote.total)
            : filtered
              ? `${count.toLocaleString('en')} of ${rowCount(data.length)}`
              : rowCount(data.length)}
        </span>
        <span className="spacer" />
        <button
          className="small-button"
          onClick={() => void copy()}
          title={remote ? 'The rows of this page, tab-separated' : 'The rows shown (filtered, sorted), tab-separated'}
        >
          Copy
        </button>
        <button
          className="small-button"
          onClick={download}
          title={remote ? 'The rows of this page, as a CSV file' : 'The rows shown (filtered, sorted), as a CSV file'}
        >
          CSV
        </button>
      </div>
      {/* A table to assistive technology too: the row number is its first column and the header its
          first row, so the counts and indexes include them (only the rows and columns in view exist). */}
      <div
        className="grid-scroll"
        ref={body}
        style={{ height }}
        role="table"
        aria-rowcount={(remote ? remote.matching : count) + 1}
        aria-colcount={data.columns.length + 1}
      >
        <div className="grid-head" style={{ width: totalWidth }} role="row" aria-rowindex={1}>
          <span className="grid-rownum" role="columnheader" aria-colindex={1} aria-label="row number">
            #
          </span>
          {before ? <span className="grid-skip" style={{ width: before }} aria-hidden /> : null}
          {columns.map(({ index: i }) => {
            const c = data.columns[i]!;
            return (
              <span
                key={i}
                style={{ width: widths[i] }}
                className={`sortable${c.type === 'number' ? ' num' : ''}`}
                role="columnheader"
                aria-colindex={i + 2}
                aria-sort={order?.column === i ? (order.descending ? 'descending' : 'ascending') : 'none'}
                title={`${c.name} (${c.type}) — click to sort`}
                tabIndex={0}
                onClick={() => sortBy(i)}
                onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), sortBy(i))}
              >
                {c.name}
                {order?.column === i ? (order.descending ? ' ▼' : ' ▲') : ''}
              </span>
            );
          })}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), width: totalWidth, position: 'relative' }} role="rowgroup">
          {virtualizer.getVirtualItems().map((item) => {
            const r = rows ? rows[item.index]! : item.index;
            return (
              <div
                key={r}
                role="row"
                aria-rowindex={(remote?.offset ?? 0) + item.index + 2}
                className={`grid-row${!remote && highlight?.has(r) ? ' highlighted' : ''}`}
                style={{ top: item.start, height: ROW_HEIGHT }}
              >
                <span className="grid-rownum" role="rowheader" aria-colindex={1}>
                  {(remote?.offset ?? 0) + r + 1}
                </span>
                {before ? <span className="grid-skip" style={{ width: before }} aria-hidden /> : null}
                {columns.map(({ index: c }) => {
                  const value = formatValue(data.values[c]![r] ?? null);
                  return (
                    <span
                      key={c}
                      style={{ width: widths[c] }}
                      className={data.columns[c]!.type === 'number' ? 'num' : ''}
                      title={value}
                      role="cell"
                      aria-colindex={c + 2}
                    >
                      {value}
                    </span>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

const indexes = new WeakMap<GridData, string[]>();
function indexOf(data: GridData): string[] {
  let index = indexes.get(data);
  if (!index) indexes.set(data, (index = searchIndex(data)));
  return index;
}

/** Widths from the header and a sample of values, so short codes stay narrow and text gets room. */
function columnWidths(data: GridData): number[] {
  const sample = Math.min(data.length, 200);
  return data.columns.map((c, i) => {
    let chars = c.name.length + 2;
    for (let r = 0; r < sample; r++) chars = Math.max(chars, formatValue(data.values[i]![r] ?? null).length);
    return Math.min(420, Math.max(60, chars * 7.4 + 18));
  });
}
