// An EvidenceTable as aligned plain text for the terminal.
import type { EvidenceTable, TableValue } from '../core/evidence/table';

const show = (v: TableValue) => (v === null ? 'NULL' : String(v).replace(/\s*\n\s*/g, ' '));
const clip = (s: string, width: number) => (s.length > width ? `${s.slice(0, width - 1)}…` : s);

export function textTable(t: EvidenceTable, maxRows = 100, maxWidth = 60): string {
  const shown = t.rows.slice(0, maxRows);
  const cells = shown.map((r) => r.map((v) => clip(show(v), maxWidth)));
  const widths = t.columns.map((c, i) => Math.max(c.name.length, ...cells.map((r) => r[i]!.length)));
  const right = t.columns.map((c) => c.type === 'number');
  const line = (values: string[]) =>
    values
      .map((v, i) => (right[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(t.columns.map((c) => c.name)), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
  const more = t.rows.length > maxRows ? `\n… ${t.rows.length - maxRows} more row(s)` : '';
  return `${out.join('\n')}${more}\n(${t.rows.length} row${t.rows.length === 1 ? '' : 's'})`;
}
