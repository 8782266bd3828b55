// The risk picture as charts GitHub renders (mermaid), for the Markdown report and the umbrella
// issue: a quadrant of the open gaps (P&L impact × operational stability, dot size = compliance
// exposure, colour = severity) and a pie of their severities, with a table beside each for readers
// whose viewer has no mermaid. Syntax: mermaid's quadrantChart and pie; a test parses both with the
// mermaid package. (The HTML report draws its own SVG: charts.ts.)
import { compareGapIds, isActive, LEVEL_VALUE } from '../scoring';
import { SEVERITIES, type Gap, type RiskLevel, type Severity, type Workbook } from '../workbook/schema';
import { severityLabel } from './delta-markdown';
import { escapeCell, table } from './markdown';

const SEVERITY_COLOUR: Record<Severity, string> = { Critical: '#c62828', Major: '#ab6600', Minor: '#3170eb' };
const RADIUS: Record<RiskLevel, number> = { Low: 5, Med: 8, High: 11 };

/** Text mermaid reads as a label whatever the auditor typed: no quotes, colons or line breaks. */
const label = (text: string) =>
  text
    .replace(/[^\p{L}\p{N} ._()&/+-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim() || '-';

/** A level's place on an axis (Low, Med, High in thirds); gaps sharing a cell spread around it. */
const place = (level: RiskLevel, spread: number) => Math.min(0.97, Math.max(0.03, (LEVEL_VALUE[level] - 0.5) / 3 + spread));
const round = (x: number) => Math.round(x * 1000) / 1000;

function quadrant(gaps: readonly Gap[]): string {
  const seen = new Map<string, number>();
  const points = gaps.map((g) => {
    const s = g.scores!;
    const cell = `${s.pnl}/${s.ops}`;
    const k = seen.get(cell) ?? 0;
    seen.set(cell, k + 1);
    const dx = ((k % 3) - 1) * 0.07;
    const dy = (Math.floor(k / 3) % 3) * -0.07;
    return `  ${g.id}: [${round(place(s.pnl, dx))}, ${round(place(s.ops, dy))}] radius: ${RADIUS[s.compliance]}, color: ${SEVERITY_COLOUR[g.severity]}`;
  });
  return [
    '```mermaid',
    'quadrantChart',
    '  title Open gaps by risk (dot size: compliance exposure)',
    '  x-axis Low P&L impact --> High P&L impact',
    '  y-axis Low operational impact --> High operational impact',
    '  quadrant-1 Act first',
    '  quadrant-2 Stabilise operations',
    '  quadrant-3 Monitor',
    '  quadrant-4 Protect the P&L',
    ...points,
    '```',
  ].join('\n');
}

function pie(wb: Workbook, counts: [Severity, number][]): string {
  return [
    '```mermaid',
    'pie title Open gaps by severity',
    ...counts.map(([s, n]) => `  "${label(severityLabel(wb, s))}" : ${n}`),
    '```',
  ].join('\n');
}

/** The "Risk picture" section, or null when no gap is open. */
export function riskPicture(wb: Workbook, heading = '## Risk picture'): string | null {
  const open = wb.gaps.filter(isActive).sort((a, b) => compareGapIds(a.id, b.id));
  if (!open.length) return null;
  const counts = SEVERITIES.map((s) => [s, open.filter((g) => g.severity === s).length] as [Severity, number]).filter(([, n]) => n > 0);
  const scored = open.filter((g) => g.scores);
  const out = [heading, 'Open and in-progress gaps. The tables say the same for viewers without mermaid charts.'];
  if (scored.length) {
    out.push(quadrant(scored));
    out.push(
      table(
        ['Gap', 'Severity', 'P&L impact', 'Operational stability', 'Compliance exposure'],
        scored.map((g) => [g.id, escapeCell(severityLabel(wb, g.severity)), g.scores!.pnl, g.scores!.ops, g.scores!.compliance]),
        ['l', 'l', 'c', 'c', 'c'],
      ),
    );
  }
  out.push(pie(wb, counts));
  out.push(
    table(
      ['Severity', 'Open gaps'],
      counts.map(([s, n]) => [escapeCell(severityLabel(wb, s)), String(n)]),
      ['l', 'r'],
    ),
  );
  return out.join('\n\n');
}
