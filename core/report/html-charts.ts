// The HTML report's charts, drawn here as SVG text: no chart library and no script in the file, so
// they show in any browser, in a PDF and offline. Each chart has a <title> and a <desc> that says in
// words what it draws, and ids fixed by the chart's name. Deterministic: the same workbook gives the
// same bytes (stable orders, numbers rounded before they are printed).
import { compareGapIds, compositeScore, isActive, pillarsInAuditOrder, severityCounts, LEVEL_VALUE } from '../scoring';
import type { Gap, RiskLevel, Severity, Workbook } from '../workbook/schema';
import type { VersionState } from '../workbook/version-state';
import { severityLabel } from './delta-markdown';
import { escapeHtml as esc } from './html';

export const SEVERITY_COLOR: Readonly<Record<Severity, string>> = { Critical: '#b42318', Major: '#d97706', Minor: '#2f6fb3' };
const SEVERITIES: readonly Severity[] = ['Critical', 'Major', 'Minor'];
const LEVELS: readonly RiskLevel[] = ['Low', 'Med', 'High'];
const INK = '#1f2933';
const MUTED = '#52606d';
const RULE = '#cbd2d9';

/** A number as SVG prints it: at most two decimals, no trailing zeros, never `-0`. */
const n = (x: number): string => {
  const r = Math.round(x * 100) / 100;
  return String(r === 0 ? 0 : r);
};

export interface Chart {
  id: string;
  title: string;
  svg: string;
}

function svgFrame(id: string, title: string, desc: string, width: number, height: number, body: string[]): Chart {
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" id="${id}" class="chart" role="img" viewBox="0 0 ${n(width)} ${n(height)}" width="${n(width)}" height="${n(height)}" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${esc(title)}</title>`,
    `<desc id="${id}-desc">${esc(desc)}</desc>`,
    ...body,
    '</svg>',
  ].join('\n');
  return { id, title, svg };
}

const text = (x: number, y: number, content: string, attrs = '') =>
  `<text x="${n(x)}" y="${n(y)}"${attrs ? ` ${attrs}` : ''}>${esc(content)}</text>`;

function legend(wb: Workbook, x: number, y: number): string[] {
  return SEVERITIES.flatMap((s, i) => {
    const lx = x + i * 120;
    return [
      `<rect x="${n(lx)}" y="${n(y - 10)}" width="12" height="12" rx="2" fill="${SEVERITY_COLOR[s]}"/>`,
      text(lx + 18, y, severityLabel(wb, s), `font-size="12" fill="${INK}"`),
    ];
  });
}

/** Open and in-progress gaps that carry the three scores, by id: the dots of the risk matrix. */
export const scoredActiveGaps = (wb: Workbook): (Gap & { scores: NonNullable<Gap['scores']> })[] =>
  wb.gaps
    .filter((g): g is Gap & { scores: NonNullable<Gap['scores']> } => isActive(g) && g.scores !== null)
    .sort((a, b) => compareGapIds(a.id, b.id));

const BUBBLE_RADIUS: Readonly<Record<RiskLevel, number>> = { Low: 6, Med: 9, High: 12 };

/** P&L impact (x) × operational stability (y); bubble size = compliance exposure; colour = severity. */
export function riskMatrix(wb: Workbook): Chart {
  const gaps = scoredActiveGaps(wb);
  const cols = 3; // dots per row inside one cell of the grid
  const slotW = 62;
  const slotH = 46;
  const byCell = new Map<string, typeof gaps>();
  for (const g of gaps) {
    const key = `${g.scores.pnl}/${g.scores.ops}`;
    byCell.set(key, [...(byCell.get(key) ?? []), g]);
  }
  const maxRows = Math.max(1, ...[...byCell.values()].map((list) => Math.ceil(list.length / cols)));
  const cellW = cols * slotW + 16;
  const cellH = Math.max(96, maxRows * slotH + 16);
  const left = 92;
  const top = 16;
  const width = left + 3 * cellW + 16;
  const height = top + 3 * cellH + 100;
  const body: string[] = [];
  const x0 = (i: number) => left + i * cellW;
  const y0 = (j: number) => top + (2 - j) * cellH; // High at the top
  LEVELS.forEach((pnl, i) =>
    LEVELS.forEach((ops, j) => {
      const heat = LEVEL_VALUE[pnl] + LEVEL_VALUE[ops]; // 2…6: the riskier corner is shaded darker
      const fill = ['#f5f7fa', '#f5f7fa', '#f5f7fa', '#fdf3e7', '#fbe4d5', '#f8d3cb', '#f4c2bb'][heat]!;
      body.push(`<rect x="${n(x0(i))}" y="${n(y0(j))}" width="${n(cellW)}" height="${n(cellH)}" fill="${fill}" stroke="${RULE}"/>`);
    }),
  );
  LEVELS.forEach((level, i) => {
    body.push(text(x0(i) + cellW / 2, top + 3 * cellH + 18, level, `font-size="12" text-anchor="middle" fill="${INK}"`));
    body.push(text(left - 8, y0(i) + cellH / 2 + 4, level, `font-size="12" text-anchor="end" fill="${INK}"`));
  });
  body.push(
    text(
      left + (3 * cellW) / 2,
      top + 3 * cellH + 38,
      'P&L impact →',
      `font-size="12" font-weight="600" text-anchor="middle" fill="${INK}"`,
    ),
  );
  const midY = top + (3 * cellH) / 2;
  body.push(
    text(
      20,
      midY,
      'Operational stability →',
      `font-size="12" font-weight="600" text-anchor="middle" fill="${INK}" transform="rotate(-90 20 ${n(midY)})"`,
    ),
  );
  for (const [key, list] of [...byCell.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const [pnl, ops] = key.split('/') as [RiskLevel, RiskLevel];
    const cx0 = x0(LEVELS.indexOf(pnl)) + 8;
    const cy0 = y0(LEVELS.indexOf(ops)) + 8;
    list.forEach((g, k) => {
      const cx = cx0 + (k % cols) * slotW + slotW / 2;
      const cy = cy0 + Math.floor(k / cols) * slotH + 14;
      const r = BUBBLE_RADIUS[g.scores.compliance];
      const label = `${g.id} — ${g.title}: ${severityLabel(wb, g.severity)}; P&L impact ${g.scores.pnl}, operational stability ${g.scores.ops}, compliance exposure ${g.scores.compliance}`;
      body.push(
        `<g class="dot" data-gap="${esc(g.id)}" data-severity="${g.severity}"><title>${esc(label)}</title>` +
          `<circle cx="${n(cx)}" cy="${n(cy)}" r="${r}" fill="${SEVERITY_COLOR[g.severity]}" fill-opacity="0.85" stroke="#ffffff" stroke-width="1.5"/>` +
          text(cx, cy + 25, g.id, `font-size="10" text-anchor="middle" fill="${INK}"`) +
          '</g>',
      );
    });
  }
  const ly = top + 3 * cellH + 64;
  body.push(...legend(wb, left, ly));
  body.push(text(left, ly + 22, 'Dot size: compliance exposure (small Low · medium Med · large High)', `font-size="12" fill="${MUTED}"`));
  const desc = gaps.length
    ? `${gaps.length} open scored gap(s) placed by P&L impact (horizontal) and operational stability (vertical); the larger the dot, the higher the compliance exposure; the colour is the severity. ${gaps
        .map(
          (g) =>
            `${g.id}: ${severityLabel(wb, g.severity)}, P&L ${g.scores.pnl}, operations ${g.scores.ops}, compliance ${g.scores.compliance}.`,
        )
        .join(' ')}`
    : 'No open gap is scored yet: the matrix is empty.';
  return svgFrame('chart-risk-matrix', 'Risk matrix: P&L impact × operational stability', desc, width, height, body);
}

/** Per pillar in audit order, its gaps that are not closed, stacked by severity. */
export function severityBars(wb: Workbook): Chart {
  const pillars = pillarsInAuditOrder(wb);
  const rows = pillars.map((p) => ({ p, counts: severityCounts(wb, p.number) }));
  const max = Math.max(1, ...rows.map((r) => r.counts.Critical + r.counts.Major + r.counts.Minor));
  const left = 250;
  const plotW = 420;
  const barH = 20;
  const gap = 10;
  const top = 12;
  const unit = plotW / max;
  const height = top + rows.length * (barH + gap) + 64;
  const width = left + plotW + 40;
  const body: string[] = [];
  const step = max <= 10 ? 1 : Math.ceil(max / 10);
  for (let t = 0; t <= max; t += step) {
    const x = left + t * unit;
    body.push(
      `<line x1="${n(x)}" y1="${top - 4}" x2="${n(x)}" y2="${n(top + rows.length * (barH + gap))}" stroke="${RULE}" stroke-width="1"/>`,
    );
    body.push(text(x, top + rows.length * (barH + gap) + 14, String(t), `font-size="11" text-anchor="middle" fill="${MUTED}"`));
  }
  rows.forEach(({ p, counts }, i) => {
    const y = top + i * (barH + gap);
    const name = `P${p.number} ${p.name}`;
    body.push(
      text(left - 8, y + barH / 2 + 4, name.length > 36 ? `${name.slice(0, 35)}…` : name, `font-size="12" text-anchor="end" fill="${INK}"`),
    );
    let x = left;
    if (!counts.Critical && !counts.Major && !counts.Minor)
      body.push(text(left + 6, y + barH / 2 + 4, 'none open', `font-size="11" fill="${MUTED}"`));
    for (const s of SEVERITIES) {
      const c = counts[s];
      if (!c) continue;
      const w = c * unit;
      body.push(
        `<g class="bar" data-pillar="${p.number}" data-severity="${s}" data-count="${c}"><title>${esc(`Pillar ${p.number}: ${c} ${severityLabel(wb, s)}`)}</title>` +
          `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${barH}" fill="${SEVERITY_COLOR[s]}"/>` +
          (w >= 16
            ? text(x + w / 2, y + barH / 2 + 4, String(c), `font-size="11" text-anchor="middle" fill="#ffffff" font-weight="600"`)
            : '') +
          '</g>',
      );
      x += w;
    }
  });
  const axisY = top + rows.length * (barH + gap) + 30;
  body.push(text(left + plotW / 2, axisY, 'Gaps not closed', `font-size="12" text-anchor="middle" fill="${INK}"`));
  body.push(...legend(wb, left, axisY + 24));
  const desc = `Gaps that are not closed, per pillar in audit order, stacked by severity. ${rows
    .map(({ p, counts }) => `Pillar ${p.number} ${p.name}: ${SEVERITIES.map((s) => `${counts[s]} ${severityLabel(wb, s)}`).join(', ')}.`)
    .join(' ')}`;
  return svgFrame('chart-severity-bars', 'Gaps by severity per pillar', desc, width, height, body);
}

/** Bins of the composite score (1–3) of the open scored gaps, a quarter point wide. */
export function compositeBins(wb: Workbook): { from: number; to: number; gaps: string[] }[] {
  const bins = Array.from({ length: 8 }, (_, i) => ({ from: 1 + i * 0.25, to: 1.25 + i * 0.25, gaps: [] as string[] }));
  for (const g of scoredActiveGaps(wb)) {
    const score = compositeScore(g.scores, wb.weights)!;
    // Rounded first, so 2.2499999 and 2.25 fall in the same bin on every machine.
    const rounded = Math.round(score * 1e6) / 1e6;
    bins[Math.min(7, Math.floor((rounded - 1) / 0.25))]!.gaps.push(g.id);
  }
  return bins;
}

export function compositeHistogram(wb: Workbook): Chart {
  const bins = compositeBins(wb);
  const max = Math.max(1, ...bins.map((b) => b.gaps.length));
  const left = 48;
  const top = 16;
  const plotH = 180;
  const barW = 72;
  const width = left + bins.length * barW + 24;
  const height = top + plotH + 64;
  const unit = plotH / max;
  const body: string[] = [];
  const step = max <= 10 ? 1 : Math.ceil(max / 10);
  for (let t = 0; t <= max; t += step) {
    const y = top + plotH - t * unit;
    body.push(`<line x1="${left}" y1="${n(y)}" x2="${n(left + bins.length * barW)}" y2="${n(y)}" stroke="${RULE}" stroke-width="1"/>`);
    body.push(text(left - 6, y + 4, String(t), `font-size="11" text-anchor="end" fill="${MUTED}"`));
  }
  bins.forEach((b, i) => {
    const x = left + i * barW;
    const h = b.gaps.length * unit;
    if (b.gaps.length) {
      body.push(
        `<g class="bin" data-from="${b.from.toFixed(2)}" data-count="${b.gaps.length}"><title>${esc(`Composite ${b.from.toFixed(2)}–${b.to.toFixed(2)}: ${b.gaps.join(', ')}`)}</title>` +
          `<rect x="${n(x + 4)}" y="${n(top + plotH - h)}" width="${barW - 8}" height="${n(h)}" fill="#3e4c59"/>` +
          text(x + barW / 2, top + plotH - h - 4, String(b.gaps.length), `font-size="11" text-anchor="middle" fill="${INK}"`) +
          '</g>',
      );
    }
    body.push(
      text(x + barW / 2, top + plotH + 16, `${b.from.toFixed(2)}–${b.to.toFixed(2)}`, `font-size="11" text-anchor="middle" fill="${INK}"`),
    );
  });
  body.push(
    text(
      left + (bins.length * barW) / 2,
      top + plotH + 40,
      'Composite score (1 = Low … 3 = High), open scored gaps',
      `font-size="12" text-anchor="middle" fill="${INK}"`,
    ),
  );
  const filled = bins.filter((b) => b.gaps.length);
  const desc = filled.length
    ? `Number of open scored gaps per composite score band. ${filled.map((b) => `${b.from.toFixed(2)} to ${b.to.toFixed(2)}: ${b.gaps.length} (${b.gaps.join(', ')}).`).join(' ')}`
    : 'No open gap is scored yet.';
  return svgFrame('chart-composite-histogram', 'Composite score distribution', desc, width, height, body);
}

/** v1 → v2 → … with each version's publication date and manifest hash prefix; the working copy last. */
export function versionChain(wb: Workbook, state: VersionState): Chart {
  const nodes = wb.versions.map((v) => ({
    label: `v${v.number}`,
    line1: v.publishedAt.slice(0, 10),
    line2: v.hash.slice(0, 12),
    draft: false,
  }));
  if (state.kind === 'draft') nodes.push({ label: `v${state.number} draft`, line1: wb.date, line2: 'working copy', draft: true });
  const perRow = 4;
  const boxW = 136;
  const boxH = 64;
  const arrow = 40;
  const rows = Math.max(1, Math.ceil(nodes.length / perRow));
  const width = 16 + perRow * boxW + (perRow - 1) * arrow + 16;
  const height = 12 + rows * (boxH + 28);
  const body: string[] = [
    '<defs><marker id="chart-version-chain-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#52606d"/></marker></defs>',
  ];
  nodes.forEach((node, i) => {
    const row = Math.floor(i / perRow);
    const col = i % perRow;
    const x = 16 + col * (boxW + arrow);
    const y = 12 + row * (boxH + 28);
    body.push(
      `<g class="version" data-version="${esc(node.label)}">` +
        `<rect x="${x}" y="${y}" width="${boxW}" height="${boxH}" rx="6" fill="${node.draft ? '#ffffff' : '#eef2f7'}" stroke="#52606d"${node.draft ? ' stroke-dasharray="5 3"' : ''}/>` +
        text(x + boxW / 2, y + 20, node.label, `font-size="14" font-weight="700" text-anchor="middle" fill="${INK}"`) +
        text(x + boxW / 2, y + 38, node.line1, `font-size="11" text-anchor="middle" fill="${INK}"`) +
        text(
          x + boxW / 2,
          y + 54,
          node.line2,
          `font-size="11" text-anchor="middle" fill="${MUTED}" font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, monospace"`,
        ) +
        '</g>',
    );
    const next = nodes[i + 1];
    if (!next) return;
    if (col < perRow - 1) {
      body.push(
        `<line x1="${x + boxW + 2}" y1="${y + boxH / 2}" x2="${x + boxW + arrow - 2}" y2="${y + boxH / 2}" stroke="#52606d" stroke-width="1.5" marker-end="url(#chart-version-chain-arrow)"/>`,
      );
    } else {
      // The chain wraps: down from the row's last box to the next row's first.
      const nx = 16 + boxW / 2;
      const ny = y + boxH + 28;
      body.push(
        `<path d="M${x + boxW / 2},${y + boxH + 2} V${y + boxH + 14} H${nx} V${ny - 2}" fill="none" stroke="#52606d" stroke-width="1.5" marker-end="url(#chart-version-chain-arrow)"/>`,
      );
    }
  });
  const desc = nodes.length
    ? `The version chain: ${nodes.map((v) => (v.draft ? `${v.label}, working copy dated ${v.line1}` : `${v.label} published ${v.line1}, manifest hash ${v.line2}`)).join(' → ')}.`
    : 'No version yet.';
  return svgFrame('chart-version-chain', 'Version chain', desc, width, height, body);
}

/** The four charts of the HTML report, in the order it shows them. */
export function reportCharts(wb: Workbook, state: VersionState): Chart[] {
  return [riskMatrix(wb), severityBars(wb), compositeHistogram(wb), versionChain(wb, state)];
}
