// The living audit's delta document (seed 000: the DRI re-runs the same commands and certifies the
// result): what a scheduled re-audit found — evidence that drifted, closed gaps whose check alarms
// again, cells that could not run — with the commands it ran and when. Pure: the Node side runs the
// cells and hands the outcomes here; the same text is written to --out and put in the one issue.
import { codeBlock, escapeCell, escapeLine, inlineCode, table } from './markdown';

/** One cell of a re-audit, reduced to what the document and the JSON show. */
export interface ReauditCell {
  cell: string;
  pillar: number;
  kind: string;
  /** The command or SQL as it ran (secrets as `${NAME}`), when the cell produced a capture. */
  command?: string;
  status: 'reproduced' | 'drifted' | 'captured' | 'failed' | 'skipped';
  /** Row changes per table, when drifted. */
  changes?: { table: string; added: number; removed: number; changed: number }[];
  /** The first rows that drifted (a few of each kind per table), as one line of JSON each. */
  rows?: { table: string; change: 'added' | 'removed' | 'changed'; row: string }[];
  check?: { status: string; message: string };
  /** Why it failed or was left out. */
  error?: string;
}

/** A gap closed (or fix-verified) in the workbook whose check alarms in this re-audit. */
export interface ReauditRegression {
  gap: string;
  title: string;
  severity: string;
  status: string;
  check: string;
  message: string;
}

/** What a re-audit found: drift or a regression is a finding; a failed cell without either means it could not complete. */
export type ReauditVerdict = 'reproduced' | 'drifted' | 'incomplete';

export interface ReauditResult {
  workbook: { id: string; title: string };
  startedAt: string;
  finishedAt: string;
  /** The command line a scheduler ran, for the reader to run again. */
  commandLine: string;
  cells: ReauditCell[];
  regressions: ReauditRegression[];
  /** The workbook's delta since its last published version, when it has one (Markdown, headings from level 3). */
  since?: { version: string; markdown: string };
}

export function reauditVerdict(r: Pick<ReauditResult, 'cells' | 'regressions'>): ReauditVerdict {
  if (r.regressions.length || r.cells.some((c) => c.status === 'drifted')) return 'drifted';
  if (r.cells.some((c) => c.status === 'failed')) return 'incomplete';
  return 'reproduced';
}

const HEADLINE: Record<ReauditVerdict, string> = {
  reproduced: 'evidence reproduced',
  drifted: 'drift found',
  incomplete: 'could not run every cell',
};

const changesText = (c: ReauditCell) =>
  (c.changes ?? []).map((d) => `${d.table}: +${d.added} −${d.removed} ~${d.changed}`).join('; ') || 'the raw output';

export function reauditDocument(r: ReauditResult): string {
  const count = (s: ReauditCell['status']) => r.cells.filter((c) => c.status === s).length;
  const verdict = reauditVerdict(r);
  const out: string[] = [];
  out.push(`# Re-audit — ${escapeLine(r.workbook.title)}: ${HEADLINE[verdict]}`);
  out.push(
    [
      `Workbook ${inlineCode(r.workbook.id)}, re-audited from ${r.startedAt} to ${r.finishedAt} by ${inlineCode(r.commandLine)}.`,
      `${count('reproduced')} reproduced, ${count('drifted')} drifted, ${count('failed')} failed, ${count('skipped')} left out` +
        `${count('captured') ? `, ${count('captured')} captured for the first time` : ''} of ${r.cells.length} cell(s); ` +
        `${r.regressions.length} closed gap(s) whose check alarms again.`,
      'The workbook itself is unchanged: to certify this state, re-run (`audit-workbench run`) and publish a version.',
    ].join('\n'),
  );
  if (r.regressions.length) {
    out.push('## Closed gaps whose check alarms again');
    out.push(
      table(
        ['Gap', 'Severity', 'Status in the workbook', 'Title', 'Check', 'Result'],
        r.regressions.map((g) => [g.gap, g.severity, g.status, g.title, inlineCode(g.check), g.message].map(escapeCell)),
      ),
    );
  }
  const drifted = r.cells.filter((c) => c.status === 'drifted');
  if (drifted.length) {
    out.push('## Evidence that drifted');
    out.push(
      table(
        ['Cell', 'Pillar', 'Kind', 'Changes (rows added, removed, changed)'],
        drifted.map((c) => [inlineCode(c.cell), String(c.pillar), c.kind, changesText(c)].map(escapeCell)),
      ),
    );
    for (const c of drifted.filter((d) => d.rows?.length)) {
      out.push(`### ${inlineCode(c.cell)}: first rows that drifted`);
      out.push(
        table(
          ['Table', 'Change', 'Row'],
          c.rows!.map((r) => [inlineCode(r.table), r.change, inlineCode(r.row)].map(escapeCell)),
        ),
      );
    }
  }
  const failed = r.cells.filter((c) => c.status === 'failed');
  if (failed.length) {
    out.push('## Cells that could not run');
    out.push(
      table(
        ['Cell', 'Pillar', 'Why'],
        failed.map((c) => [inlineCode(c.cell), String(c.pillar), c.error ?? ''].map(escapeCell)),
      ),
    );
  }
  out.push('## Commands run');
  out.push(
    table(
      ['Cell', 'Pillar', 'Kind', 'Result'],
      r.cells.map((c) =>
        [
          inlineCode(c.cell),
          String(c.pillar),
          c.kind,
          c.check ? `${c.status}, check ${c.check.status}` : c.status === 'skipped' ? `left out: ${c.error ?? ''}` : c.status,
        ].map(escapeCell),
      ),
    ),
  );
  // In code blocks, not table cells: a table would eat the backslash of grep's `\|`, and the DRI re-runs these as they are.
  for (const c of r.cells.filter((x) => x.command))
    out.push(
      `${inlineCode(c.cell)}:\n\n${codeBlock(c.command!, c.kind === 'query' || c.kind === 'check' || c.kind === 'sql' ? 'sql' : '')}`,
    );
  if (r.since) {
    out.push(`## Since ${escapeLine(r.since.version)}`);
    out.push(r.since.markdown.trim());
  }
  return `${out.join('\n\n')}\n`;
}
