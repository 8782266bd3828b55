// The scheduled re-audit (seed 000's living audit): the same cells as `verify`, behind the same
// trust rule, but run in a scratch copy of the workbook so that the checks read the fresh evidence
// (verify compares each cell with its last capture and writes nothing, so its checks still read
// the old evidence and a closed gap's check could never alarm again). The workbook itself is left
// as it is; what was found becomes a delta document and, when a repository is named, one issue.
import { copyFile, link, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { workbookDelta } from '../../core/delta';
import { findCell } from '../../core/evidence/capture';
import type { TableDiff } from '../../core/evidence/drift';
import type { Clock } from '../../core/ports';
import { renderDelta } from '../../core/report/delta-markdown';
import {
  reauditDocument,
  reauditVerdict,
  type ReauditCell,
  type ReauditRegression,
  type ReauditResult,
  type ReauditVerdict,
} from '../../core/report/reaudit-document';
import type { Workbook } from '../../core/workbook/schema';
import { loadWorkbook } from '../../core/workbook/store';
import { loadSnapshot } from '../../core/workbook/versions';
import { runCells, selectCells, type CellOutcome } from '../evidence/engine';
import { gitHubApiUrl, resolveGitHubToken } from '../github/token';
import { upsertReauditIssue, type ReauditIssueResult } from '../github/reaudit-issue';
import { nodeFileSystem as fs } from '../node-file-system';
import { requireTrust, type Confirmed } from './run';

export interface ReauditRequest extends Confirmed {
  home: string;
  dir: string;
  clock: Clock;
  /** The command line as the scheduler ran it, quoted in the document. */
  commandLine: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onStart?: (cell: string, index: number, total: number) => void;
  onOutcome?: (outcome: CellOutcome, index: number, total: number) => void;
}

export interface Reaudit {
  result: ReauditResult;
  verdict: ReauditVerdict;
  document: string;
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * workbook.json, the versions and the evidence into a scratch folder. Evidence blobs are
 * content-addressed and never rewritten in place, so they are hard-linked where the file system
 * allows (a big audit's evidence is not copied), else copied.
 */
async function scratchCopy(dir: string): Promise<string> {
  const scratch = await mkdtemp(join(tmpdir(), 'aw-reaudit-'));
  await copyFile(join(dir, 'workbook.json'), join(scratch, 'workbook.json'));
  for (const sub of ['evidence', 'versions']) {
    const names = await readdir(join(dir, sub), { withFileTypes: true }).catch(() => []);
    if (!names.length) continue;
    await mkdir(join(scratch, sub));
    for (const entry of names) {
      if (!entry.isFile()) continue; // a link or a folder is refused by the reader anyway
      const from = join(dir, sub, entry.name);
      const to = join(scratch, sub, entry.name);
      if (sub === 'evidence') await link(from, to).catch(() => copyFile(from, to));
      else await copyFile(from, to);
    }
  }
  return scratch;
}

/** Gaps closed (or fix-verified) in the workbook whose check alarmed in this run. */
function regressionsOf(wb: Workbook, outcomes: readonly CellOutcome[]): ReauditRegression[] {
  const out: ReauditRegression[] = [];
  for (const o of outcomes) {
    if (o.status !== 'captured' || o.check?.status !== 'alarm') continue;
    for (const g of wb.gaps) {
      const tied = g.closingCheck === o.cell || g.evidence.some((e) => e.cell === o.cell);
      if (!tied || (g.status !== 'Closed' && !g.fixVerified)) continue;
      out.push({
        gap: g.id,
        title: g.title,
        severity: g.severity,
        status: g.fixVerified ? `${g.status}, fix verified` : g.status,
        check: o.cell,
        message: o.check.message,
      });
    }
  }
  return out;
}

/** Rows of each kind a document shows per table: enough to see what drifted, the counts say the rest. */
const ROWS_SHOWN = 5;

const rowText = (row: Record<string, unknown>) => {
  const text = JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return text.length > 240 ? `${text.slice(0, 239)}…` : text;
};

function driftedRows(diffs: readonly TableDiff[]): NonNullable<ReauditCell['rows']> {
  return diffs.flatMap((d) => [
    ...d.added.slice(0, ROWS_SHOWN).map((row) => ({ table: d.table, change: 'added' as const, row: rowText(row) })),
    ...d.removed.slice(0, ROWS_SHOWN).map((row) => ({ table: d.table, change: 'removed' as const, row: rowText(row) })),
    ...d.changed
      .slice(0, ROWS_SHOWN)
      .map((c) => ({ table: d.table, change: 'changed' as const, row: `${rowText(c.before)} → ${rowText(c.after)}` })),
  ]);
}

function cellOf(wb: Workbook, o: CellOutcome): ReauditCell {
  const { cell, pillar } = findCell(wb, o.cell);
  const base = { cell: o.cell, pillar, kind: cell.kind };
  if (o.status === 'error') return { ...base, status: 'failed', error: o.error };
  if (o.status === 'skipped') return { ...base, status: 'skipped', error: o.reason };
  const c = o.recorded.comparison;
  return {
    ...base,
    command: o.recorded.capture.command,
    status: c.status === 'first' ? 'captured' : c.status,
    ...(c.status === 'drifted' ? { changes: c.diffs.map((d) => ({ table: d.table, ...d.counts })), rows: driftedRows(c.diffs) } : {}),
    ...(o.check ? { check: { status: o.check.status, message: o.check.message } } : {}),
  };
}

/** Runs the re-audit; writes nothing in the workbook's folder. */
export async function runReaudit(r: ReauditRequest): Promise<Reaudit> {
  const dir = resolve(r.dir);
  await requireTrust(r.home, dir, (wb) => selectCells(wb, {}), r.confirmed);
  const wb = await loadWorkbook(fs, dir);
  const startedAt = iso(r.clock.now());
  const scratch = await scratchCopy(dir);
  try {
    const outcomes = await runCells(
      scratch,
      {},
      {
        now: () => r.clock.now(),
        pathsFrom: dir,
        ...(r.env ? { env: r.env } : {}),
        ...(r.signal ? { signal: r.signal } : {}),
        ...(r.onStart ? { onStart: r.onStart } : {}),
      },
      r.onOutcome,
    );
    const after = await loadWorkbook(fs, scratch);
    const last = Math.max(0, ...wb.versions.map((v) => v.number));
    let since: ReauditResult['since'];
    if (last > 0) {
      const snapshot = await loadSnapshot(fs, scratch, last);
      since = { version: `v${last}`, markdown: renderDelta(workbookDelta(snapshot.workbook, after, `v${last}`, 're-audit'), after, 3) };
    }
    const result: ReauditResult = {
      workbook: { id: wb.id, title: wb.title },
      startedAt,
      finishedAt: iso(r.clock.now()),
      commandLine: r.commandLine,
      cells: outcomes.map((o) => cellOf(wb, o)),
      regressions: regressionsOf(wb, outcomes),
      ...(since ? { since } : {}),
    };
    return { result, verdict: reauditVerdict(result), document: reauditDocument(result) };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export interface ReauditIssueRequest {
  reaudit: Reaudit;
  repo: string;
  env: NodeJS.ProcessEnv;
  apiUrl?: string;
  tokenEnv?: string;
  onProgress?: (line: string) => void;
}

/** Opens or updates the one re-audit issue on a finding; closes it on a clean run (see ../github/reaudit-issue.ts). */
export async function reportReaudit(r: ReauditIssueRequest): Promise<ReauditIssueResult> {
  const apiUrl = gitHubApiUrl(r.env, r.apiUrl);
  const { token, source } = await resolveGitHubToken({ env: r.env, apiUrl, ...(r.tokenEnv ? { envName: r.tokenEnv } : {}) });
  const { result, verdict, document } = r.reaudit;
  // An incomplete run (a cell failed, nothing drifted) is no finding either way: the issue stays as it is.
  if (verdict === 'incomplete') return { action: 'none' };
  return upsertReauditIssue({
    repo: r.repo,
    workbookId: result.workbook.id,
    title: `Re-audit: ${result.regressions.length ? 'a closed gap alarms again' : 'evidence drifted'} — ${result.workbook.title}`,
    document,
    isFinding: verdict === 'drifted',
    token,
    tokenSource: source,
    apiUrl,
    ...(r.onProgress ? { onProgress: r.onProgress } : {}),
  });
}
