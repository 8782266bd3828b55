// Child-issue drafts (seed 000 Phase C): one issue per non-Minor gap, one polish issue batching the
// Minor gaps, and an umbrella issue with a task list of every child. Each body carries a hidden
// marker so that a later push to GitHub updates the same issue instead of creating it twice.
import { commandText } from '../evidence/command-text';
import { compareByRisk, compareGapIds, compositeScore, formatComposite } from '../scoring';
import { riskPicture } from '../report/mermaid-charts';
import { pillarSection } from '../report/report';
import { severityLabel } from '../report/delta-markdown';
import { codeBlock, escapeBlock, escapeLine, inlineCode, table } from '../report/markdown';
import { excerptKey, type EvidenceExcerpt, type EvidenceExcerpts } from './excerpts';
import type { Gap, Workbook } from '../workbook/schema';

/** One issue to create or update, as written to issues.json. */
export interface IssueDraft {
  /** Stable identity across exports: `gap:ML-01`, `polish`, `umbrella`. */
  key: string;
  file: string;
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed';
  gaps: string[];
}

export interface IssueExport {
  workbook: string;
  report: string;
  drafts: IssueDraft[];
}

/** The hidden marker that ties an issue body to its draft key and workbook. */
export const draftMarker = (workbookId: string, key: string) => `<!-- audit-workbench:${workbookId}:${key} -->`;

const labelFor = {
  severity: (wb: Workbook, g: Gap) => `severity:${severityLabel(wb, g.severity).toLowerCase()}`,
  pillar: (g: Gap) => `pillar:${g.pillar}`,
  effort: (g: Gap) => (g.effort ? `effort:${g.effort}` : null),
};

/** Gaps that become issues: confirmed ones (a Proposed gap awaits the auditor's triage). */
const exportable = (wb: Workbook) => wb.gaps.filter((g) => g.status !== 'Proposed');
/** A gap whose issue is done: closed by the auditor, or its fix proven by the closing check. */
const isDone = (g: Gap) => g.status === 'Closed' || g.fixVerified !== undefined;

function pillarRef(wb: Workbook, g: Gap, reportFile: string): string {
  const pillar = wb.pillars.find((p) => p.number === g.pillar);
  if (!pillar) return `**Pillar**: ${g.pillar}`;
  const section = pillarSection(pillar);
  return `**Pillar**: ${escapeLine(section.heading)}  \n**Report section**: ${inlineCode(`${reportFile}#${section.anchor}`)}`;
}

function scoresLine(wb: Workbook, g: Gap): string {
  if (!g.scores) return 'not scored yet';
  return `P&L impact ${g.scores.pnl} · operational stability ${g.scores.ops} · compliance exposure ${g.scores.compliance} · composite ${formatComposite(compositeScore(g.scores, wb.weights))}`;
}

/** The rows an excerpt shows, as a table (values as code: they are data, never Markdown), and where the rest are. */
function excerptTable(x: EvidenceExcerpt, capture: string): string {
  const cell = (value: string) => (value === '' ? ' ' : inlineCode(value).replace(/\|/g, '\\|'));
  const rows = x.rows.map((r) => [String(r.number), ...r.values.map(cell)]);
  const shown = x.rows.length < x.named ? `the first ${x.rows.length} of ${x.named}` : `${x.rows.length}`;
  const hidden = x.hiddenColumns ? `, ${x.hiddenColumns} more column${x.hiddenColumns === 1 ? '' : 's'}` : '';
  return [
    table(['#', ...x.columns.map(cell)], rows, ['r']),
    `_${shown} of ${x.total} row${x.total === 1 ? '' : 's'} of ${inlineCode(x.table)}${hidden}; the full capture is ${inlineCode(capture)} in the workbook's evidence._`,
  ].join('\n\n');
}

function evidenceList(wb: Workbook, g: Gap, excerpts: EvidenceExcerpts): string {
  if (!g.evidence.length) return '_No evidence linked._';
  const cells = new Map(wb.pillars.flatMap((p) => p.cells.map((c) => [c.id as string, c])));
  return g.evidence
    .map((e) => {
      const cell = e.cell ? cells.get(e.cell) : undefined;
      // An unpinned link points at the cell's latest capture, named as such.
      const captured = cell ? (e.capture ? cell.captures.find((c) => c.hash === e.capture) : cell.captures.at(-1)) : undefined;
      const hash = e.capture ?? captured?.hash;
      const head = [
        cell ? `${inlineCode(cell.id)} ${escapeLine(cell.title)} (${cell.kind})` : null,
        hash ? `capture ${inlineCode(hash.slice(0, 12))}${e.capture ? '' : ' (latest)'}` : null,
        e.rows ? `rows ${escapeLine(e.rows)}` : null,
        e.note ? escapeLine(e.note) : null,
      ].filter((p) => p !== null);
      const cmd = cell ? (captured?.command ?? commandText(cell, wb.parameters)?.text) : undefined;
      const excerpt = cell && hash ? excerpts.get(excerptKey(cell.id, hash, e.rows)) : undefined;
      const blocks = [
        ...(cmd ? [codeBlock(cmd, cell?.kind === 'sql' || cell?.kind === 'check' || cell?.kind === 'query' ? 'sql' : 'bash')] : []),
        ...(excerpt && excerpt.rows.length ? [excerptTable(excerpt, hash!)] : []),
      ];
      return `- ${head.join(' — ')}${blocks.map((b) => `\n\n${b.replace(/^/gm, '  ')}`).join('')}`;
    })
    .join('\n');
}

function gapDetails(wb: Workbook, g: Gap, reportFile: string, level: number, excerpts: EvidenceExcerpts): string {
  const h = '#'.repeat(level);
  const closing = [g.closingCriteria.trim() ? escapeBlock(g.closingCriteria) : '_Not stated yet._'];
  if (g.closingCheck) closing.push(`Verified when check ${inlineCode(g.closingCheck)} turns **ok** on a re-run.`);
  if (g.fixVerified)
    closing.push(
      `**Fix verified**: the check returned no row in capture ${inlineCode(g.fixVerified.capture.slice(0, 12))} (${g.fixVerified.at}).`,
    );
  const facts = [
    pillarRef(wb, g, reportFile),
    `**Severity**: ${escapeLine(severityLabel(wb, g.severity))} · **Effort**: ${g.effort ?? 'not estimated'} · **Status**: ${g.status}`,
    `**Risk scores**: ${scoresLine(wb, g)}`,
  ];
  if (g.status === 'Accepted risk' && g.waiver) {
    facts.push(
      `**Waiver**: ${escapeLine(g.waiver.justification)} — approved by ${escapeLine(g.waiver.approver)}, expires ${g.waiver.expires}`,
    );
  }
  if (g.statusNote) facts.push(`**Note**: ${escapeLine(g.statusNote)}`);
  return [
    facts.join('  \n'),
    ...(g.description.trim() ? [`${h} Description\n\n${escapeBlock(g.description)}`] : []),
    `${h} Proposed fix\n\n${escapeBlock(g.fix) || '_To be designed._'}`,
    `${h} Closing criteria\n\n${closing.join('\n\n')}`,
    `${h} Evidence\n\n${evidenceList(wb, g, excerpts)}`,
  ].join('\n\n');
}

function childDraft(wb: Workbook, g: Gap, reportFile: string, umbrellaTitle: string, excerpts: EvidenceExcerpts): IssueDraft {
  const key = `gap:${g.id}`;
  const body = [
    draftMarker(wb.id, key),
    `Child of **${escapeLine(umbrellaTitle)}**, from the audit **${escapeLine(wb.title)}**.`,
    gapDetails(wb, g, reportFile, 2, excerpts),
  ].join('\n\n');
  const labels = ['audit', labelFor.severity(wb, g), labelFor.pillar(g), labelFor.effort(g)].filter((l): l is string => l !== null);
  return {
    key,
    file: `${g.id}.md`,
    title: `[${g.id}] ${g.title}`,
    body: `${body}\n`,
    labels,
    state: isDone(g) ? 'closed' : 'open',
    gaps: [g.id],
  };
}

function polishDraft(wb: Workbook, minors: Gap[], reportFile: string, umbrellaTitle: string, excerpts: EvidenceExcerpts): IssueDraft {
  const key = 'polish';
  const list = minors.map((g) => `- [${isDone(g) ? 'x' : ' '}] **${g.id}** ${escapeLine(g.title)}`).join('\n');
  const details = minors.map((g) => `### ${g.id} — ${escapeLine(g.title)}\n\n${gapDetails(wb, g, reportFile, 4, excerpts)}`).join('\n\n');
  const body = [
    draftMarker(wb.id, key),
    `Child of **${escapeLine(umbrellaTitle)}**. The ${escapeLine(severityLabel(wb, 'Minor'))} gaps of the audit **${escapeLine(wb.title)}**, batched into one polish issue (hygiene, not operational).`,
    list,
    details,
  ].join('\n\n');
  const pillars = [...new Set(minors.map((g) => g.pillar))].sort((a, b) => a - b).map((n) => `pillar:${n}`);
  return {
    key,
    file: 'polish.md',
    title: `Polish: ${minors.length} ${severityLabel(wb, 'Minor')} gap${minors.length === 1 ? '' : 's'} from ${wb.title}`,
    body: `${body}\n`,
    labels: ['audit', `severity:${severityLabel(wb, 'Minor').toLowerCase()}`, ...pillars],
    state: minors.every(isDone) ? 'closed' : 'open',
    gaps: minors.map((g) => g.id),
  };
}

/** How the umbrella's task list names a child: by its file in an export folder, by number on GitHub. */
export type ChildRef = (child: IssueDraft) => string;
const byFile: ChildRef = (c) => `${escapeLine(c.title)} (${inlineCode(c.file)})`;

/** All drafts for a workbook whose report is (or will be) exported as `reportFile`; `excerpts` (see excerpts.ts) adds the evidence's rows. */
export function issueDrafts(
  wb: Workbook,
  reportFile: string,
  childRef: ChildRef = byFile,
  excerpts: EvidenceExcerpts = new Map(),
): IssueExport {
  const umbrellaTitle = `${wb.title} — audit findings`;
  const gaps = exportable(wb);
  const majors = gaps.filter((g) => g.severity !== 'Minor').sort(compareByRisk(wb.weights));
  const minors = gaps.filter((g) => g.severity === 'Minor').sort((a, b) => compareGapIds(a.id, b.id));
  const children = majors.map((g) => childDraft(wb, g, reportFile, umbrellaTitle, excerpts));
  if (minors.length) children.push(polishDraft(wb, minors, reportFile, umbrellaTitle, excerpts));

  const done = children.filter((c) => c.state === 'closed').length;
  const tasks = children.map((c) => `- [${c.state === 'closed' ? 'x' : ' '}] ${childRef(c)}`).join('\n');
  const umbrellaBody = [
    draftMarker(wb.id, 'umbrella'),
    `Umbrella issue of the audit **${escapeLine(wb.title)}**${wb.scope ? ` (${escapeLine(wb.scope)})` : ''}, report ${inlineCode(reportFile)}. Every non-${escapeLine(severityLabel(wb, 'Minor'))} gap has its own child issue; ${escapeLine(severityLabel(wb, 'Minor'))} gaps are batched into one polish issue.`,
    `Progress: ${done}/${children.length} closed.`,
    tasks || '_No gap to track._',
    riskPicture(wb, '## Risk picture'),
  ]
    .filter((part) => part !== null)
    .join('\n\n');
  const umbrella: IssueDraft = {
    key: 'umbrella',
    file: 'umbrella.md',
    title: umbrellaTitle,
    body: `${umbrellaBody}\n`,
    labels: ['audit'],
    state: children.length && done === children.length ? 'closed' : 'open',
    gaps: gaps.map((g) => g.id).sort(compareGapIds),
  };
  return { workbook: wb.id, report: reportFile, drafts: [umbrella, ...children] };
}

/** The files of an export: one Markdown per draft (title as heading) and issues.json. */
export function issueFiles(exp: IssueExport): { name: string; content: string }[] {
  const files = exp.drafts.map((d) => ({ name: d.file, content: `# ${escapeLine(d.title)}\n\n${d.body}` }));
  files.push({ name: 'issues.json', content: `${JSON.stringify(exp, null, 2)}\n` });
  return files;
}
