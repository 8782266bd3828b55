// The rows of a gap's evidence that its child issue shows: whoever fixes the gap sees which runs,
// files or objects are concerned without opening the workbook. The rows the evidence link names
// ("3", "1–4"), else the first ones, of the capture it pins (else the latest), from its main table;
// a few columns, values cut short and redacted again by content (a capture older than a rule).
import { tableFromIPC } from 'apache-arrow';
import { rowsOfSpec } from '../evidence/grid-rows';
import { redactText } from '../evidence/redaction';
import { columnsFromArrow, tableNameOf } from '../evidence/table';
import type { CaptureHash } from '../ids';
import type { FileSystem } from '../ports';
import type { Gap, Workbook } from '../workbook/schema';
import { readBlob } from '../workbook/store';

export const EXCERPT_ROWS = 10;
const EXCERPT_COLUMNS = 8;
const VALUE_CHARS = 80;

export interface EvidenceExcerpt {
  table: string;
  columns: string[];
  /** 1-based row numbers, as the link names them, with the values shown. */
  rows: { number: number; values: string[] }[];
  /** Rows in the table, and how many the link named (the table's when it named none). */
  total: number;
  named: number;
  /** Columns left out to keep the issue readable. */
  hiddenColumns: number;
}

/** Excerpts by evidence link: `excerptKey(cell, capture, rows)`. */
export type EvidenceExcerpts = ReadonlyMap<string, EvidenceExcerpt>;
export const excerptKey = (cell: string, capture: string, rows: string | undefined) => `${cell}@${capture}#${rows ?? ''}`;

const shown = (value: unknown): string => {
  const text = value === null || value === undefined ? '' : String(value).replace(/\s+/g, ' ');
  const cut = text.length > VALUE_CHARS ? `${text.slice(0, VALUE_CHARS - 1)}…` : text;
  return redactText(cut, 'issue excerpt').text;
};

/** Reads the excerpts of every evidence link of `gaps`; a capture that cannot be read (purged, missing) has none. */
export async function evidenceExcerpts(fs: FileSystem, dir: string, wb: Workbook, gaps: readonly Gap[]): Promise<EvidenceExcerpts> {
  const cells = new Map(wb.pillars.flatMap((p) => p.cells.map((c) => [c.id as string, c])));
  const out = new Map<string, EvidenceExcerpt>();
  for (const link of gaps.flatMap((g) => g.evidence)) {
    const cell = link.cell ? cells.get(link.cell) : undefined;
    const capture = cell && (link.capture ? cell.captures.find((c) => c.hash === link.capture) : cell.captures.at(-1));
    if (!cell || !capture) continue;
    const key = excerptKey(cell.id, capture.hash, link.rows);
    const ref =
      capture.tables.find((t) => t.name === tableNameOf(cell.id)) ?? capture.tables.find((t) => t.name === 'runs') ?? capture.tables[0];
    if (out.has(key) || !ref) continue;
    let data;
    try {
      data = columnsFromArrow(tableFromIPC(await readBlob(fs, dir, ref.hash as CaptureHash)));
    } catch {
      continue; // the issue keeps the link and the capture hash; the rows are in the workbook
    }
    const named = [...rowsOfSpec(link.rows)].filter((r) => r < data.length).sort((a, b) => a - b);
    const picked = (link.rows ? named : Array.from({ length: data.length }, (_, i) => i)).slice(0, EXCERPT_ROWS);
    const columns = data.columns.slice(0, EXCERPT_COLUMNS);
    out.set(key, {
      table: ref.name,
      columns: columns.map((c) => shown(c.name)),
      rows: picked.map((r) => ({ number: r + 1, values: columns.map((_c, j) => shown(data.values[j]![r])) })),
      total: data.length,
      named: link.rows ? named.length : data.length,
      hiddenColumns: data.columns.length - columns.length,
    });
  }
  return out;
}
