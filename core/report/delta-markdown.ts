// A WorkbookDelta as Markdown: the report's "Delta vs baseline" and the standalone `diff` output.
import { isDeltaEmpty, type FieldChange, type WorkbookDelta } from '../delta';
import type { ReviewNoteChange } from '../review-delta';
import { formatReviewTime } from '../review';
import { formatComposite } from '../scoring';
import type { Severity, SignOff, Workbook } from '../workbook/schema';
import { escapeCell, escapeLine, inlineCode, table } from './markdown';

/** The label a workbook prints for a severity (seed 001 says P1/P2 where others say Major/Minor). */
export const severityLabel = (wb: Pick<Workbook, 'severityLabels'>, s: Severity): string => wb.severityLabels?.[s] ?? s;

const shortHash = (hash: string) => inlineCode(hash.slice(0, 12));

/** A changed value as one table cell: scalars as code, structures as compact JSON. */
function valueText(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'string') return escapeCell(value.length > 160 ? `${value.slice(0, 157)}…` : value);
  const json = JSON.stringify(value);
  return escapeCell(json.length > 160 ? `${json.slice(0, 157)}…` : json);
}

function changeRows(changes: FieldChange[]): string[][] {
  return changes.map((c) => [inlineCode(c.path || '(value)'), valueText(c.before), valueText(c.after)]);
}

/**
 * The delta's sections under headings of the given level. `wb` supplies labels (severity names);
 * headings read "Gaps added", "Evidence" … so that a committee can scan them.
 */
export function renderDelta(delta: WorkbookDelta, wb: Workbook, level = 3): string {
  const h = '#'.repeat(level);
  const out: string[] = [];
  out.push(`Compared: **${escapeLine(delta.from)}** → **${escapeLine(delta.to)}**.`);
  if (isDeltaEmpty(delta)) {
    out.push('No change: no gap, verdict, score, weight, parameter or pillar differs, and no evidence was re-captured.');
    return out.join('\n\n');
  }
  const counts = [
    `${delta.gaps.added.length} gap(s) added`,
    `${delta.gaps.removed.length} removed`,
    `${delta.gaps.changed.length} changed`,
    `${delta.verdicts.length} verdict change(s)`,
    `${delta.evidence.filter((e) => e.status === 'reproduced').length} capture(s) reproduced`,
    `${delta.evidence.filter((e) => e.status === 'drifted').length} drifted`,
  ];
  if (delta.reviews.signOffs.length) counts.push(`${delta.reviews.signOffs.length} sign-off change(s)`);
  out.push(`${counts.join(', ')}.`);

  if (delta.pillars.added.length || delta.pillars.removed.length || delta.pillars.changed.length) {
    const lines = [
      ...delta.pillars.added.map((p) => `- Added: Pillar ${p.number} — ${escapeLine(p.name)}`),
      ...delta.pillars.removed.map((p) => `- Removed: Pillar ${p.number} — ${escapeLine(p.name)}`),
    ];
    const changed = delta.pillars.changed.flatMap((p) =>
      changeRows(p.changes).map((row) => [`${p.number} — ${escapeCell(p.name)}`, ...row]),
    );
    out.push(
      [`${h} Pillars`, lines.join('\n'), changed.length ? table(['Pillar', 'Field', 'Before', 'After'], changed) : '']
        .filter(Boolean)
        .join('\n\n'),
    );
  }
  if (delta.gaps.added.length) {
    out.push(
      `${h} Gaps added\n\n${table(
        ['Gap', 'Pillar', 'Severity', 'Status', 'Title'],
        delta.gaps.added.map((g) => [g.id, String(g.pillar), escapeCell(severityLabel(wb, g.severity)), g.status, escapeCell(g.title)]),
      )}`,
    );
  }
  if (delta.gaps.removed.length) {
    out.push(
      `${h} Gaps removed\n\n${table(
        ['Gap', 'Pillar', 'Severity', 'Title'],
        delta.gaps.removed.map((g) => [g.id, String(g.pillar), escapeCell(severityLabel(wb, g.severity)), escapeCell(g.title)]),
      )}`,
    );
  }
  if (delta.gaps.changed.length) {
    const blocks = delta.gaps.changed.map(
      (g) => `**${g.id}** — ${escapeLine(g.title)}\n\n${table(['Field', 'Before', 'After'], changeRows(g.changes))}`,
    );
    out.push(`${h} Gaps changed\n\n${blocks.join('\n\n')}`);
  }
  if (delta.verdicts.length) {
    out.push(
      `${h} Verdict changes\n\n${table(
        ['Pillar', 'Before', 'After', 'Justification now'],
        delta.verdicts.map((v) => [
          `${v.pillar} — ${escapeCell(v.name)}`,
          v.before.status,
          v.after.status,
          escapeCell(v.after.justification || '—'),
        ]),
      )}`,
    );
  }
  if (delta.weights) {
    const w = (x: { pnl: number; ops: number; compliance: number }) => `${x.pnl} / ${x.ops} / ${x.compliance}`;
    out.push(`${h} Scoring weights\n\nP&L / operations / compliance: ${w(delta.weights.before)} → ${w(delta.weights.after)}.`);
  }
  if (delta.scores.length) {
    out.push(
      `${h} Score changes\n\n${table(
        ['Gap', 'Title', 'Composite before', 'Composite after'],
        delta.scores.map((s) => [s.id, escapeCell(s.title), formatComposite(s.before), formatComposite(s.after)]),
        ['l', 'l', 'r', 'r'],
      )}`,
    );
  }
  if (delta.parameters.length) {
    out.push(`${h} Parameters\n\n${table(['Parameter field', 'Before', 'After'], changeRows(delta.parameters))}`);
  }
  out.push(...reviewSections(delta, h));
  const evidence = delta.evidence.filter((e) => e.status !== 'not re-run');
  if (evidence.length) {
    out.push(
      `${h} Evidence\n\n${table(
        ['Cell', 'Pillar', 'Status', 'Capture before', 'Capture after'],
        evidence.map((e) => [
          `${inlineCode(e.cell)} ${escapeCell(e.title)}`,
          String(e.pillar),
          e.status,
          e.before ? shortHash(e.before.hash) : '—',
          e.after ? shortHash(e.after.hash) : '—',
        ]),
      )}`,
    );
  }
  return out.join('\n\n');
}

/** A note added already resolved says so: the committee sees it was raised and settled between the two states. */
export const noteChangeText = (n: ReviewNoteChange): string =>
  n.change === 'added' && n.note.state === 'resolved' ? 'added, resolved' : n.change;

const signOffText = (s: SignOff | undefined) => (s ? `${escapeCell(s.by)}, ${formatReviewTime(s.at)}` : '—');

/** Sign-offs given, withdrawn, invalidated by an edit or given again; notes added, resolved, reopened. */
function reviewSections(delta: WorkbookDelta, h: string): string[] {
  const out: string[] = [];
  const { signOffs, notes } = delta.reviews;
  if (signOffs.length) {
    out.push(
      `${h} Sign-offs\n\n${table(
        ['Item', 'Role', 'Change', 'Before', 'After'],
        signOffs.map((s) => [
          `${s.item} — ${escapeCell(s.title)}`,
          s.role,
          s.change === 'invalidated' ? 'invalidated (edited after review)' : s.change,
          signOffText(s.before),
          `${signOffText(s.after)}${s.after && s.isEditedAfter && s.change !== 'invalidated' ? ' ⚠️ edited after review' : ''}`,
        ]),
      )}`,
    );
  }
  if (notes.length) {
    out.push(
      `${h} Review notes\n\n${table(
        ['Item', 'Note', 'Change', 'By'],
        notes.map((n) => [
          `${n.item} — ${escapeCell(n.title)}`,
          escapeCell(n.note.text),
          noteChangeText(n),
          `${escapeCell(n.note.author)}, ${formatReviewTime(n.note.at)}`,
        ]),
      )}`,
    );
  }
  return out;
}
