// A virtualised result table: only the rows in view are in the DOM, so a million rows scroll as
// smoothly as ten. Filtering searches every column; rows named by a gap's evidence are highlighted.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { filterRows, formatValue, searchIndex, type GridData } from '../lib/grid';

const ROW_HEIGHT = 26;
const OVERSCAN = 8;

export function DataGrid({
  data,
  highlight,
  height = 320,
  label,
}: {
  data: GridData;
  highlight?: Set<number>;
  height?: number;
  label?: string;
}) {
  const [needle, setNeedle] = useState('');
  const [scrollTop, setScrollTop] = useState(0);
  const body = useRef<HTMLDivElement>(null);
  const typedAt = useRef<number | null>(null);
  const [filterMs, setFilterMs] = useState<number | null>(null);
  // Built on the first filter only (most tables are never filtered), then kept with the table.
  const filtering = needle.trim() !== '';
  const index = useMemo(() => (filtering ? indexOf(data) : null), [data, filtering]);
  const rows = useMemo(() => (index ? filterRows(index, needle) : null), [index, needle]);
  const count = rows ? rows.length : data.length;
  const widths = useMemo(() => columnWidths(data), [data]);
  const totalWidth = widths.reduce((a, b) => a + b, 48);

  useEffect(() => {
    body.current?.scrollTo({ top: 0 });
    setScrollTop(0);
  }, [rows]);
  // How long from the keystroke to the filtered rows on screen (read by bench/ui.ts).
  useLayoutEffect(() => {
    if (typedAt.current === null) return;
    setFilterMs(performance.now() - typedAt.current);
    typedAt.current = null;
  }, [rows]);
  useEffect(() => {
    const first = highlight && [...highlight].sort((a, b) => a - b)[0];
    if (first !== undefined && body.current) body.current.scrollTo({ top: Math.max(0, (first - 2) * ROW_HEIGHT) });
  }, [highlight]);

  const start = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const end = Math.min(count, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const visible: number[] = [];
  for (let i = start; i < end; i++) visible.push(rows ? rows[i]! : i);

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
          {rows ? `${count.toLocaleString('en')} of ${data.length.toLocaleString('en')} rows` : `${data.length.toLocaleString('en')} rows`}
        </span>
      </div>
      <div
        className="grid-scroll"
        ref={body}
        style={{ height }}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        role="table"
        aria-rowcount={count}
      >
        <div className="grid-head" style={{ width: totalWidth }} role="row">
          <span className="grid-rownum">#</span>
          {data.columns.map((c, i) => (
            <span
              key={c.name}
              style={{ width: widths[i] }}
              className={c.type === 'number' ? 'num' : ''}
              role="columnheader"
              title={`${c.name} (${c.type})`}
            >
              {c.name}
            </span>
          ))}
        </div>
        <div style={{ height: count * ROW_HEIGHT, width: totalWidth, position: 'relative' }}>
          {visible.map((r, i) => (
            <div
              key={r}
              role="row"
              className={`grid-row${highlight?.has(r) ? ' highlighted' : ''}`}
              style={{ top: (start + i) * ROW_HEIGHT, height: ROW_HEIGHT }}
            >
              <span className="grid-rownum">{r + 1}</span>
              {data.values.map((column, c) => (
                <span
                  key={c}
                  style={{ width: widths[c] }}
                  className={data.columns[c]!.type === 'number' ? 'num' : ''}
                  title={formatValue(column[r] ?? null)}
                >
                  {formatValue(column[r] ?? null)}
                </span>
              ))}
            </div>
          ))}
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
