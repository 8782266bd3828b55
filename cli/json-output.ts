// The shapes `--json` prints, documented in the README ("JSON output"): built here from the
// engine's results field by field, so that a change inside the workbench does not change what a
// script reading the CLI receives.
import type { WorkbookDelta } from '../core/delta';
import type { EvidenceTable } from '../core/evidence/table';
import { tableRecords } from '../core/evidence/records';
import type { GitHubPushResult } from '../core/issues/github-plan';
import type { VerifyResult } from '../core/workbook/versions';
import type { CellOutcome } from '../node/evidence/run-options';

/** What `--json` prints on stdout, once, when the command is done (progress and notes go to stderr). */
export const printJson = (out: (text: string) => void, value: unknown) => out(JSON.stringify(value, null, 2));

export function validateJson(dir: string, result: VerifyResult, notes: string[]) {
  return {
    dir,
    valid: result.problems.length === 0,
    problems: result.problems,
    versions: result.versionsChecked,
    blobs: result.blobsChecked,
    tombstones: result.tombstones,
    notes,
  };
}

type CellStatus = 'captured' | 'reproduced' | 'drifted' | 'failed' | 'skipped';

/** A run's or a verify's outcomes: one entry per cell, and the counts. */
export function outcomesJson(dir: string, outcomes: readonly CellOutcome[]) {
  const cells = outcomes.map((o) => {
    if (o.status === 'error') return { cell: o.cell, status: 'failed' as CellStatus, error: o.error };
    if (o.status === 'skipped') return { cell: o.cell, status: 'skipped' as CellStatus, reason: o.reason };
    const comparison = o.recorded.comparison;
    const status: CellStatus = comparison.status === 'first' ? 'captured' : comparison.status;
    const capture = o.recorded.capture;
    return {
      cell: o.cell,
      status,
      sha256: capture.hash,
      rows: Object.fromEntries(capture.tables.map((t) => [t.name, t.rows])),
      ...(comparison.status === 'drifted'
        ? { changes: comparison.diffs.reduce((n, d) => n + d.counts.added + d.counts.removed + d.counts.changed, 0) }
        : {}),
      ...(capture.readAs ? { readAs: capture.readAs } : {}),
      redacted: capture.redactions.reduce((n, r) => n + r.count, 0),
      ...(o.check ? { check: { status: o.check.status, message: o.check.message } } : {}),
    };
  });
  const count = (s: CellStatus) => cells.filter((c) => c.status === s).length;
  return {
    dir,
    cells,
    summary: {
      captured: count('captured'),
      reproduced: count('reproduced'),
      drifted: count('drifted'),
      failed: count('failed'),
      skipped: count('skipped'),
    },
  };
}

/** A query's result: its columns with their types, and the rows as objects keyed by column. */
export function queryJson(result: EvidenceTable, maxRows: number | null) {
  const rows = tableRecords(result);
  return {
    columns: result.columns.map((c) => ({ name: c.name, type: c.type })),
    rows: maxRows === null ? rows : rows.slice(0, maxRows),
    truncated: maxRows !== null && rows.length > maxRows,
  };
}

/** What changed between two states, by identity: gaps, verdicts, scores, evidence and parameters. */
export function deltaJson(delta: WorkbookDelta, empty: boolean) {
  return {
    from: delta.from,
    to: delta.to,
    empty,
    weightsChanged: delta.weights !== null,
    pillars: {
      added: delta.pillars.added.map((p) => p.number),
      removed: delta.pillars.removed.map((p) => p.number),
      changed: delta.pillars.changed.map((p) => ({ pillar: p.number, changes: p.changes })),
    },
    verdicts: delta.verdicts.map((v) => ({ pillar: v.pillar, before: v.before, after: v.after })),
    gaps: {
      added: delta.gaps.added.map((g) => ({ id: g.id, title: g.title, severity: g.severity })),
      removed: delta.gaps.removed.map((g) => ({ id: g.id, title: g.title })),
      changed: delta.gaps.changed.map((g) => ({ id: g.id, title: g.title, changes: g.changes })),
    },
    scores: delta.scores,
    evidence: delta.evidence.map((e) => ({
      cell: e.cell,
      pillar: e.pillar,
      status: e.status,
      ...(e.before ? { before: e.before.hash } : {}),
      ...(e.after ? { after: e.after.hash } : {}),
    })),
    parameters: delta.parameters,
  };
}

/** A push, a dry run or a queued push: the labels created and each issue's action. */
export function pushJson(result: GitHubPushResult) {
  return {
    repo: result.repo,
    status: result.status,
    labels: result.labels,
    issues: result.issues.map((i) => ({
      key: i.key,
      title: i.title,
      action: i.action,
      ...(i.number !== undefined ? { number: i.number } : {}),
      ...(i.url ? { url: i.url } : {}),
      changes: i.changes,
      ...(i.note ? { note: i.note } : {}),
    })),
    ...(result.pending ? { pending: result.pending } : {}),
  };
}
