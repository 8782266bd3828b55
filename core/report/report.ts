// The versioned Markdown report. Follows seed 000's per-pillar template (Principle / Method /
// State observed / Gaps table) and seed 001's risk register and ✅/❌ summary. Pure and
// deterministic: the same inputs give the same bytes (no clock, no randomness, stable orders).
import { riskPicture } from './mermaid-charts';
import { committeeState } from '../committee';
import { workbookDelta } from '../delta';
import { commandText } from '../evidence/command-text';
import {
  backlog,
  compareByRisk,
  compositeScore,
  failFastState,
  formatComposite,
  pillarsInAuditOrder,
  quickWins,
  severityCounts,
  topRisks,
  RISK_DIMENSIONS,
} from '../scoring';
import type { Capture, Cell, CommitteeSession, Control, Gap, Pillar, Workbook } from '../workbook/schema';
import { renderDelta, severityLabel } from './delta-markdown';
import { codeBlock, escapeBlock, escapeCell, escapeLine, githubAnchor, inlineCode, table } from './markdown';
import { reportFileName } from './file-name';
import { pillarReviewText, reviewSection } from './review-report';
import type { VersionState } from '../workbook/version-state';
import { keyFingerprint } from '../workbook/purge-ledger';

export interface ReportInput {
  workbook: Workbook;
  state: VersionState;
  /** The workbook of the baseline version (`baseline.version`), when the workbook names one. */
  baseline?: { label: string; workbook: Workbook } | undefined;
}

const VERDICT_SYMBOL = { compliant: '✅', 'deviation-justified': '⚠️', 'non-compliant': '❌', 'not-assessed': '⬜' } as const;
const CONTROL_SYMBOL = { pass: '✅', partial: '⚠️', fail: '❌', 'not-assessed': '⬜' } as const;
const SCORE_NAMES = Object.fromEntries(RISK_DIMENSIONS) as Record<(typeof RISK_DIMENSIONS)[number][0], string>;

export const pillarHeading = (p: Pick<Pillar, 'number' | 'name'>) => `Pillar ${p.number} — ${p.name}`;

/** Where a pillar's section is, for references from issues: the heading and its GitHub anchor. */
export function pillarSection(p: Pick<Pillar, 'number' | 'name'>): { heading: string; anchor: string } {
  const heading = pillarHeading(p);
  return { heading, anchor: githubAnchor(heading) };
}

const short = (hash: string) => inlineCode(hash.slice(0, 12));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function versionLine(state: VersionState): string {
  if (state.kind === 'published') return `v${state.number} (published ${state.publishedAt.slice(0, 10)})`;
  return state.after === null ? 'v1 draft (not yet published)' : `v${state.number} draft (working copy after v${state.after})`;
}

/** `❌ 5 non-compliant · ⚠️ 1 deviation-justified · ✅ 2 compliant`: the audit's outcome at a glance. */
function verdictTally(wb: Workbook): string {
  const order = ['non-compliant', 'deviation-justified', 'compliant', 'not-assessed'] as const;
  const parts = order.flatMap((status) => {
    const n = wb.pillars.filter((p) => p.verdict.status === status).length;
    return n ? [`${VERDICT_SYMBOL[status]} ${n} ${status}`] : [];
  });
  return parts.join(' · ') || '—';
}

function header(wb: Workbook, state: VersionState): string {
  const rows: [string, string][] = [
    ['Version', versionLine(state)],
    ['Status', state.kind === 'published' ? 'Published' : 'Draft'],
    ['Date', wb.date],
    ['Auditor', escapeCell(wb.auditor || '—')],
    ['Scope', escapeCell(wb.scope || '—')],
  ];
  rows.push(['Verdicts', verdictTally(wb)]);
  if (wb.baseline) {
    rows.push(['Baseline', escapeCell(wb.baseline.version ? `v${wb.baseline.version} — ${wb.baseline.reference}` : wb.baseline.reference)]);
  }
  if (wb.template) rows.push(['Template', `${inlineCode(wb.template.name)} v${wb.template.version}`]);
  if (wb.versions.length) {
    rows.push(['Version chain', wb.versions.map((v) => `v${v.number} ${short(v.hash)}`).join(' → ')]);
  }
  return `# ${escapeLine(wb.title)}\n\n${table(
    ['Field', 'Value'],
    rows.map(([k, v]) => [k, v]),
  )}`;
}

/** Evidence changed after the fact: each purge, why, what it touched and the key that signed it. */
function purgesSection(wb: Workbook): string | null {
  if (!wb.purges?.length) return null;
  const rows = wb.purges.map((p) => [
    String(p.number),
    p.at.slice(0, 10),
    escapeCell(p.by),
    escapeCell(p.reason),
    `${p.blobs.length} blob(s) replaced by tombstones${p.versions.length ? `; ${p.versions.map((v) => `v${v.number}`).join(', ')} rewritten` : ''}`,
    inlineCode(keyFingerprint(p.signature.publicKey)),
  ]);
  return `## Purged evidence

A secret that got into the evidence was removed after the fact. Each blob that held it is now a tombstone naming its original hash; the published versions were rewritten and keep their sealed hash; each purge is chained to the previous one and signed (Ed25519), and \`validate\` checks both.\n\n${table(['Purge', 'Date', 'By', 'Reason', 'Changed', 'Signing key'], rows)}`;
}

function changelog(wb: Workbook): string | null {
  if (!wb.changelog.length) return null;
  const entries = [...wb.changelog].reverse().map((e) => {
    const items = e.items.map((i) => `  - ${escapeLine(i)}`).join('\n');
    return `- **v${e.version}** (${e.date}) — ${escapeLine(e.summary)}${items ? `\n${items}` : ''}`;
  });
  return `## Changelog\n\n${entries.join('\n')}`;
}

function summary(wb: Workbook): string {
  const out = ['## Summary'];
  const ff = failFastState(wb);
  if (ff.paused) {
    const list = ff.gaps.map(({ gap, pillar }) => `${gap.id} (${pillarHeading(pillar)})`).join(', ');
    out.push(
      `> [!CAUTION]\n> **Fail-fast pivot: the audit is paused.** Critical gaps are open in fail-fast pillars: ${escapeLine(list)}. Remediate them before continuing the audit.`,
    );
  }
  const committee = committeeState(wb);
  if (committee.kind === 'escalated') {
    out.push(
      `> [!WARNING]\n> **Escalated.** The committee rejected the audit twice (${committee.rejections.map((s) => `v${s.version} on ${s.date}${s.cause ? `, ${escapeLine(s.cause)}` : ''}`).join('; ')}): the scope is escalated rather than revised again.`,
    );
  } else if (committee.kind === 'revise') {
    const names = committee.disputedPillars
      .map((n) => wb.pillars.find((p) => p.number === n))
      .filter((p) => p !== undefined)
      .map((p) => pillarHeading(p));
    out.push(
      `> [!NOTE]\n> **Revision requested** by the committee on v${committee.session.version}: re-run the evidence of ${escapeLine(names.join(', ') || 'the disputed pillars')} and submit the delta.`,
    );
  }
  const rows = pillarsInAuditOrder(wb).map((p) => {
    const c = severityCounts(wb, p.number);
    return [
      String(p.order),
      `[${escapeCell(pillarHeading(p))}](#${githubAnchor(pillarHeading(p))})`,
      p.verdict.status,
      VERDICT_SYMBOL[p.verdict.status],
      String(c.Critical),
      String(c.Major),
      String(c.Minor),
    ];
  });
  const labels = (['Critical', 'Major', 'Minor'] as const).map((s) => escapeCell(severityLabel(wb, s)));
  out.push(table(['Order', 'Pillar', 'Verdict', 'Status', ...labels], rows, ['r', 'l', 'l', 'c', 'r', 'r', 'r']));
  out.push('Gap counts include every gap that is not closed. ✅ compliant · ⚠️ deviation justified · ❌ non-compliant · ⬜ not assessed.');
  return out.join('\n\n');
}

function controls(wb: Workbook): string | null {
  if (!wb.controls.length) return null;
  const status = (c: Control) => `${CONTROL_SYMBOL[c.status]}${c.gaps.length ? ` (${c.gaps.join(', ')})` : ''}`;
  const withNotes = wb.controls.some((c) => c.notes.trim() !== '');
  const rows = wb.controls.map((c) => [escapeCell(c.aspect), status(c), ...(withNotes ? [escapeCell(c.notes || ' ')] : [])]);
  return `## Controls\n\n${table(['Aspect', 'Status', ...(withNotes ? ['Notes'] : [])], rows)}`;
}

function sections(wb: Workbook, position: 'intro' | 'closing'): string[] {
  return wb.sections
    .filter((s) => s.position === position)
    .map((s) => `## ${escapeLine(s.title)}\n\n${escapeBlock(s.markdown) || '_Nothing recorded._'}`);
}

function deltaSection(wb: Workbook, baseline: ReportInput['baseline'], current: string): string | null {
  if (!wb.baseline) return null;
  const out = [
    '## Delta vs baseline',
    `Baseline: ${escapeLine(wb.baseline.reference)}${wb.baseline.version ? ` (v${wb.baseline.version})` : ''}.`,
  ];
  if (wb.baseline.note.trim()) out.push(escapeBlock(wb.baseline.note));
  if (baseline) out.push(renderDelta(workbookDelta(baseline.workbook, wb, baseline.label, current), wb, 3));
  return out.join('\n\n');
}

function captureLine(capture: Capture, kind: Cell['kind']): string {
  const parts = [
    `captured ${capture.startedAt}`,
    `${Math.round(capture.durationMs)} ms`,
    capture.exitStatus === null ? null : kind === 'rest' ? `HTTP ${capture.exitStatus}` : `exit ${capture.exitStatus}`,
    capture.status === 'error' ? `**error**${capture.error ? `: ${escapeLine(capture.error)}` : ''}` : null,
    capture.checkStatus ? `check **${capture.checkStatus}**` : null,
    `sha256 ${short(capture.hash)}`,
    capture.tables.length ? capture.tables.map((t) => `${inlineCode(t.name)} ${plural(t.rows, 'row')}`).join(', ') : null,
    capture.toolVersion ? escapeLine(capture.toolVersion) : null,
    capture.readAs?.detected ? `read as ${capture.readAs.format} (detected: ${escapeLine(capture.readAs.detected)})` : null,
    capture.redactions.length
      ? `${plural(
          capture.redactions.reduce((n, r) => n + r.count, 0),
          'value',
        )} redacted`
      : null,
    ...(capture.notes ?? []).map((n) => `note: ${escapeLine(n)}`),
  ];
  return parts.filter((p) => p !== null).join(' · ');
}

function cellMethod(cell: Cell, wb: Workbook): string {
  if (cell.kind === 'note') return escapeBlock(cell.markdown);
  const latest = cell.captures.at(-1);
  const command = latest?.command ?? commandText(cell, wb.parameters)?.text ?? '';
  const language = cell.kind === 'sql' || cell.kind === 'query' || cell.kind === 'check' ? 'sql' : 'bash';
  const flags = [cell.kind, cell.mutating ? 'mutating — never run by “run all”' : null].filter(Boolean).join(', ');
  const failure = cell.failure ? `**last run failed** ${cell.failure.at}: ${escapeLine(cell.failure.error)}` : null;
  const status = [latest ? captureLine(latest, cell.kind) : 'not captured yet', failure].filter(Boolean).join('; ');
  const history = cell.captures.length > 1 ? ` (${plural(cell.captures.length, 'capture')} in history)` : '';
  return `- **${escapeLine(cell.title)}** — ${inlineCode(cell.id)} (${flags}); ${status}${history}\n\n${indent(codeBlock(command, language))}`;
}

const indent = (block: string) =>
  block
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');

function evidenceText(gap: Gap): string {
  if (!gap.evidence.length) return '—';
  return gap.evidence
    .map((e) => {
      const where = [e.cell ? inlineCode(e.cell) : null, e.capture ? `@ ${short(e.capture)}` : null, e.rows ? `rows ${e.rows}` : null]
        .filter((p) => p !== null)
        .join(' ');
      // The note reads apart from where the evidence is: "`check` @ 1b0a… rows 1–2 — 2 violating row(s)".
      return [where, e.note].filter((p) => p).join(' — ');
    })
    .join('\n');
}

function gapLabel(gap: Gap): string {
  const status = gap.status === 'Open' ? '' : ` (${gap.status})`;
  return `**${gap.id}** ${gap.title}${status}`;
}

function gapsTable(wb: Workbook, gaps: Gap[]): string {
  if (!gaps.length) return 'No gaps identified.';
  return table(
    ['Gap', 'Severity', 'Evidence', 'Proposed fix sketch'],
    gaps.map((g) => [
      escapeCell(gapLabel(g)),
      escapeCell(severityLabel(wb, g.severity)),
      escapeCell(evidenceText(g)),
      escapeCell(g.fix || '—'),
    ]),
  );
}

function pillarSectionText(wb: Workbook, p: Pillar): string {
  const out = [`### ${escapeLine(pillarHeading(p))}`];
  out.push(`**Principle**: ${escapeLine(p.principle || '—')}`);
  const meta = [
    p.source ? `**Source**: ${escapeLine(p.source)}` : null,
    `**Audit order**: ${p.order}${p.failFast ? ' (fail-fast pillar)' : ''}`,
  ];
  out.push(meta.filter(Boolean).join(' · '));
  const method = [`**Method**:`];
  if (p.method.trim()) method.push(escapeBlock(p.method));
  const cells = p.cells.map((c) => cellMethod(c, wb));
  method.push(cells.length ? `Evidence gathered:\n\n${cells.join('\n\n')}` : '_No evidence cells._');
  out.push(method.join('\n\n'));
  out.push(p.stateObserved.trim() ? `**State observed**:\n\n${escapeBlock(p.stateObserved)}` : '**State observed**: _Not yet recorded._');
  if (p.severityGrid.length) {
    out.push(
      `**Severity grid**:\n\n${p.severityGrid.map((r) => `- ${escapeLine(r.condition)} → ${escapeCell(severityLabel(wb, r.severity))}`).join('\n')}`,
    );
  }
  const gaps = wb.gaps.filter((g) => g.pillar === p.number).sort(compareByRisk(wb.weights));
  out.push(`**Gaps identified**:\n\n${gapsTable(wb, gaps)}`);
  const described = gaps.filter((g) => g.description.trim());
  if (described.length) out.push(described.map((g) => `- **${g.id}**: ${escapeLine(g.description)}`).join('\n'));
  out.push(
    `**Verdict**: ${VERDICT_SYMBOL[p.verdict.status]} ${p.verdict.status}${p.verdict.justification.trim() ? ` — ${escapeLine(p.verdict.justification)}` : ''}`,
  );
  const review = pillarReviewText(p, gaps);
  if (review) out.push(review);
  return out.join('\n\n');
}

function statusText(gap: Gap): string {
  const parts: string[] = [gap.status];
  if (gap.status === 'Accepted risk' && gap.waiver) {
    parts.push(`waiver by ${gap.waiver.approver} until ${gap.waiver.expires}: ${gap.waiver.justification}`);
  }
  if (gap.statusNote) parts.push(gap.statusNote);
  if (gap.fixVerified)
    parts.push(`fix verified by check ${gap.closingCheck ?? ''} capture ${gap.fixVerified.capture.slice(0, 12)} (${gap.fixVerified.at})`);
  if (gap.issue) parts.push(`${gap.issue.repo}#${gap.issue.number}`);
  return parts.join(' — ');
}

function riskRegister(wb: Workbook): string {
  const gaps = [...wb.gaps].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  if (!gaps.length) return '## Risk register\n\nNo gaps recorded.';
  return `## Risk register\n\n${table(
    ['ID', 'Pillar', 'Severity', 'Description', 'Status'],
    gaps.map((g) => [g.id, String(g.pillar), escapeCell(severityLabel(wb, g.severity)), escapeCell(g.title), escapeCell(statusText(g))]),
  )}`;
}

function weightsText(wb: Workbook): string {
  const w = wb.weights;
  const total = w.pnl + w.ops + w.compliance;
  const pct = (x: number) => `${Math.round((x / total) * 1000) / 10}%`;
  return `Composite = weighted average of the three scores (Low = 1, Med = 2, High = 3) with weights P&L impact ${w.pnl} (${pct(w.pnl)}), operational stability ${w.ops} (${pct(w.ops)}), compliance exposure ${w.compliance} (${pct(w.compliance)}).`;
}

function riskScores(wb: Workbook): string {
  const gaps = wb.gaps.filter((g) => g.status !== 'Closed').sort(compareByRisk(wb.weights));
  const out = ['## Risk-adjusted scores', weightsText(wb)];
  if (!gaps.length) out.push('No gap to score.');
  else {
    out.push(
      table(
        ['Gap', 'Severity', SCORE_NAMES.pnl, SCORE_NAMES.ops, SCORE_NAMES.compliance, 'Composite', 'Effort'],
        gaps.map((g) => [
          g.id,
          escapeCell(severityLabel(wb, g.severity)),
          g.scores?.pnl ?? '—',
          g.scores?.ops ?? '—',
          g.scores?.compliance ?? '—',
          formatComposite(compositeScore(g.scores, wb.weights)),
          g.effort ?? '—',
        ]),
        ['l', 'l', 'c', 'c', 'c', 'r', 'c'],
      ),
    );
    const unscored = gaps.filter((g) => !g.scores).length;
    if (unscored)
      out.push(unscored === 1 ? '1 gap is not scored yet and sorts last.' : `${unscored} gaps are not scored yet and sort last.`);
  }
  return out.join('\n\n');
}

function scoreSummary(wb: Workbook, g: Gap): string {
  const s = g.scores;
  const detail = s ? ` (P&L ${s.pnl}, ops ${s.ops}, compliance ${s.compliance})` : '';
  return `composite ${formatComposite(compositeScore(g.scores, wb.weights))}${detail}, ${escapeCell(severityLabel(wb, g.severity))}${g.effort ? `, effort ${g.effort}` : ''}`;
}

function topRisksSection(wb: Workbook): string {
  const top = topRisks(wb);
  if (!top.length) return '## Top-3 production risks\n\nNo open, scored gap.';
  const lines = top.map((g, i) => `${i + 1}. **${g.id}** ${escapeLine(g.title)} — ${scoreSummary(wb, g)}.`);
  return `## Top-3 production risks\n\n${lines.join('\n')}`;
}

function quickWinsSection(wb: Workbook): string {
  const wins = quickWins(wb);
  if (!wins.length) return '## Quick wins\n\nNone: no open gap is both small (effort XS or S) and Low on all three scores.';
  return `## Quick wins\n\nOpen gaps with effort XS or S and Low on all three scores — the first batch of fix PRs:\n\n${wins
    .map((g) => `- **${g.id}** ${escapeLine(g.title)} (effort ${g.effort})`)
    .join('\n')}`;
}

function backlogSection(wb: Workbook): string {
  const items = backlog(wb);
  if (!items.length) return '## Backlog\n\nEmpty: no gap is Open or In progress.';
  return `## Backlog\n\nOpen and in-progress gaps by composite score, then severity, then effort.\n\n${table(
    ['#', 'Gap', 'Pillar', 'Severity', 'Composite', 'Effort', 'Status'],
    items.map((g, i) => [
      String(i + 1),
      escapeCell(`**${g.id}** ${g.title}`),
      String(g.pillar),
      escapeCell(severityLabel(wb, g.severity)),
      formatComposite(compositeScore(g.scores, wb.weights)),
      g.effort ?? '—',
      g.status,
    ]),
    ['r', 'l', 'r', 'l', 'r', 'c', 'l'],
  )}`;
}

function verdictsSection(wb: Workbook): string {
  return `## Verdicts\n\n${table(
    ['Pillar', 'Verdict', 'Justification'],
    pillarsInAuditOrder(wb).map((p) => [
      escapeCell(pillarHeading(p)),
      `${VERDICT_SYMBOL[p.verdict.status]} ${p.verdict.status}`,
      escapeCell(p.verdict.justification || '—'),
    ]),
  )}`;
}

function committeeSession(s: CommitteeSession, wb: Workbook): string {
  const out = [`### Session ${escapeLine(s.id)} — review of v${s.version} (${s.date})`];
  const verdict = s.verdict ? `**${s.verdict}**${s.cause ? ` / ${escapeLine(s.cause)}` : ''}` : '_pending_';
  const scores = s.experts.map((e) => e.score);
  const mean = scores.length ? ` · mean expert score ${(scores.reduce((a, b) => a + b, 0) / scores.length).toFixed(1)}/10` : '';
  out.push(`Verdict: ${verdict}${mean}`);
  if (s.disputedPillars.length) {
    const names = s.disputedPillars.map((n) => {
      const p = wb.pillars.find((x) => x.number === n);
      return p ? pillarHeading(p) : `Pillar ${n}`;
    });
    out.push(`Disputed pillars: ${escapeLine(names.join(', '))}.`);
  }
  if (s.experts.length) {
    out.push(
      table(
        ['Expert', 'Role', 'Score', 'Confidence'],
        s.experts.map((e) => [escapeCell(e.name), escapeCell(e.role || '—'), e.score.toFixed(1), e.confidence]),
        ['l', 'l', 'r', 'c'],
      ),
    );
    for (const e of s.experts) {
      const lists = (
        [
          ['Findings', e.findings],
          ['Risks', e.risks],
          ['Recommendations', e.recommendations],
        ] as const
      )
        .filter(([, items]) => items.length)
        .map(([label, items]) => `- ${label}:\n${items.map((i) => `  - ${escapeLine(i)}`).join('\n')}`);
      if (lists.length) out.push(`**${escapeLine(e.name)}**\n\n${lists.join('\n')}`);
    }
  }
  if (s.recommendations.length) {
    out.push(
      table(
        ['#', 'Recommendation', 'Integrated in'],
        s.recommendations.map((r) => [escapeCell(r.id), escapeCell(r.text), r.integratedIn ? `v${r.integratedIn}` : 'not yet']),
      ),
    );
  }
  if (s.notes.trim()) out.push(escapeBlock(s.notes));
  return out.join('\n\n');
}

function committeeSection(wb: Workbook): string | null {
  if (!wb.committee.length) return null;
  return `## Committee sessions\n\n${wb.committee.map((s) => committeeSession(s, wb)).join('\n\n')}`;
}

function appendix(wb: Workbook): string {
  const blocks = pillarsInAuditOrder(wb).flatMap((p) => {
    const commands = p.cells.flatMap((cell) => {
      const cmd = commandText(cell, wb.parameters);
      return cmd ? [`${inlineCode(cell.id)} — ${escapeLine(cell.title)}\n\n${codeBlock(cmd.text, cmd.language)}`] : [];
    });
    return commands.length ? [`### ${escapeLine(pillarHeading(p))}\n\n${commands.join('\n\n')}`] : [];
  });
  const params = wb.parameters.length
    ? `Parameters: ${wb.parameters
        .map(
          (p) =>
            `${inlineCode(p.name)} = ${p.secret ? `secret from ${'env' in p.secret ? `env ${p.secret.env}` : `keychain ${p.secret.keychain}`}` : p.value !== undefined && p.value !== '' ? inlineCode(p.value) : '_empty_'}`,
        )
        .join(', ')}.`
    : '';
  return [
    '## Appendix A — Reproducible evidence commands',
    'Each command as a person would run it; `${NAME}` stands for a parameter or a secret reference (secrets are never written here).',
    params,
    blocks.length ? blocks.join('\n\n') : '_No evidence cells._',
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** The report's Markdown. Valid GFM; the same input gives the same bytes. */
export function renderReport(input: ReportInput): string {
  const { workbook: wb, state, baseline } = input;
  const current = state.kind === 'published' ? `v${state.number}` : `v${state.number} draft`;
  const parts: (string | null)[] = [
    header(wb, state),
    changelog(wb),
    purgesSection(wb),
    summary(wb),
    controls(wb),
    ...sections(wb, 'intro'),
    deltaSection(wb, baseline, current),
    `## Pillars\n\nIn audit order.\n\n${pillarsInAuditOrder(wb)
      .map((p) => pillarSectionText(wb, p))
      .join('\n\n')}`,
    riskPicture(wb),
    riskRegister(wb),
    riskScores(wb),
    topRisksSection(wb),
    quickWinsSection(wb),
    backlogSection(wb),
    verdictsSection(wb),
    reviewSection(wb),
    committeeSection(wb),
    ...sections(wb, 'closing'),
    appendix(wb),
    `---\n\n_Report ${inlineCode(reportFileName(wb, state))} exported by Audit Workbench from workbook ${inlineCode(wb.id)}._`,
  ];
  return `${parts.filter((p): p is string => p !== null).join('\n\n')}\n`;
}
