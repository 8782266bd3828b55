// The handlers behind the contract: one per channel, over core and the Node-side engine. Every
// transport (Electron IPC, the browser shell's HTTP server, tests) calls `dispatch`, which
// validates the request first and turns any failure into one clear message.
import { parseRequest, isChannel, type Channel, type Responses, type Result, type ValidRequest } from '../../core/contract';
import { exportIssues, exportReport, exportReportHtml, prepareExport } from '../../core/exports';
import { renderReport } from '../../core/report/report';
import { systemClock, type Clock, type SecretStore } from '../../core/ports';
import { FormatError, validateWorkbook } from '../../core/workbook/file-format';
import { loadWorkbook, readBlob, saveEdits, saveWorkbook, WorkbookChangedError, workbookRevision } from '../../core/workbook/store';
import { findCell } from '../../core/evidence/capture';
import { commandText } from '../../core/evidence/command-text';
import { mutationReason } from '../../core/evidence/policy';
import { deltaDocument } from '../../core/report/delta-document';
import { appHome, clearRecovery, copyDemo, isTrusted, putRecovery, readRecovery } from '../app-home';
import { publishVersion, verifyWorkbook } from '../../core/workbook/versions';
import { openAudit } from '../app/open';
import { recentWorkbooks, rememberOpened } from '../recent-workbooks';
import { nodeFileSystem as fs } from '../node-file-system';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { QuerySession } from '../evidence/query-session';

// The evidence engine, DuckDB, templates and GitHub load on first use: together they are most of
// the start-up time, and the first screen needs none of them.
const engine = () => import('../evidence/engine');
const tablePages = () => import('../evidence/table-pages');
const templates = () => import('../templates');
const app = {
  create: () => import('../app/create'),
  purge: () => import('../app/purge'),
  query: () => import('../app/query'),
  github: () => import('../app/github'),
  run: () => import('../app/run'),
  trust: () => import('../app/trust'),
};

export interface HandlerContext {
  transport: Responses['app:info']['transport'];
  clock: Clock;
  env: NodeJS.ProcessEnv;
  keychain?: SecretStore;
  /** Where trust and recovery live on this machine (see node/app-home.ts). */
  home: string;
  /** The workbook opened at launch; without one, `app:start` opens a copy of the demo. */
  start?: { dir: string; demo: boolean };
  /** Prints the HTML report to PDF: Electron's printToPDF in the desktop app; else the system's Chromium. */
  printPdf?: (html: string) => Promise<Uint8Array>;
}

/** Runs in progress by the id the UI gave them, so Cancel can abort one. */
const running = new Map<string, AbortController>();

/**
 * One query engine per workbook for the life of the app: the first query or check opens DuckDB and
 * loads the evidence; the next ones reload only the captures that changed (seconds → milliseconds).
 */
const sessions = new Map<string, Promise<QuerySession>>();
const querySession = (dir: string) => {
  const key = resolve(dir);
  let session = sessions.get(key);
  if (!session) sessions.set(key, (session = engine().then((m) => new m.QuerySession())));
  return session;
};

/** The last revision read per workbook.json, by its size and time: a window polls, and the file rarely changes. */
const revisions = new Map<string, { stamp: string; revision: string }>();
async function currentRevision(dir: string): Promise<string> {
  const file = resolve(dir, 'workbook.json');
  const { size, mtimeMs } = await stat(file);
  const stamp = `${size}:${mtimeMs}`;
  const known = revisions.get(file);
  if (known?.stamp === stamp) return known.revision;
  const revision = workbookRevision(await loadWorkbook(fs, dir));
  revisions.set(file, { stamp, revision });
  return revision;
}

function keychainOf(ctx: HandlerContext): SecretStore {
  if (!ctx.keychain)
    throw new Error('no keychain here (the desktop app and the browser shell have one); reference an environment variable instead');
  return ctx.keychain;
}

type Handlers = { [C in Channel]: (request: ValidRequest<C>, ctx: HandlerContext) => Promise<Responses[C]> };

const handlers: Handlers = {
  'app:info': async (_r, ctx) => ({
    name: 'Audit Workbench',
    version: '0.1.0',
    transport: ctx.transport,
    secrets: ctx.keychain ? (ctx.keychain.kind ?? 'os-keychain') : 'none',
  }),
  'app:start': async (_r, ctx) => ctx.start ?? { dir: copyDemo(), demo: true },
  'template:list': async () => {
    const details = await (await templates()).describeTemplates();
    return { templates: details.map((t) => t.name), details };
  },
  'workbook:new': async (r, ctx) => {
    const input = {
      template: r.template,
      params: r.params,
      ...(r.title ? { title: r.title } : {}),
      ...(r.auditor ? { auditor: r.auditor } : {}),
    };
    const { workbook } = await (await app.create()).createAudit(ctx.home, r.dir, input, ctx.env, ctx.clock);
    return { workbook };
  },
  'workbook:open': async (r, ctx) => {
    const opened = await openAudit(ctx.home, r.dir);
    await rememberOpened(ctx.home, r.dir, opened.workbook.title, ctx.clock.now());
    return opened;
  },
  'workbook:recent': async (_r, ctx) => ({ workbooks: await recentWorkbooks(ctx.home) }),
  'workbook:trust': async (r, ctx) => {
    await (await app.trust()).trustWorkbook(ctx.home, r.dir);
    return { trusted: true };
  },
  'workbook:delta': async (r) => {
    const { delta, markdown } = await deltaDocument(fs, r.dir, r.from, r.to);
    return { delta, markdown };
  },
  'recovery:put': async (r, ctx) => ({ savedAt: await putRecovery(ctx.home, r.dir, r.workbook, ctx.clock.now()) }),
  'recovery:take': async (r, ctx) => {
    const entry = await readRecovery(ctx.home, r.dir);
    return entry ? { workbook: entry.workbook, savedAt: entry.savedAt } : { workbook: null };
  },
  'recovery:discard': async (r, ctx) => ({ existed: await clearRecovery(ctx.home, r.dir) }),
  'workbook:save': async (r, ctx) => {
    const saved = r.overwrite
      ? await saveWorkbook(fs, r.dir, validateWorkbook(r.workbook, `${r.dir}/workbook.json`))
      : await saveEdits(fs, r.dir, r.workbook, r.base);
    await clearRecovery(ctx.home, r.dir);
    return saved;
  },
  'workbook:revision': async (r) => ({ revision: await currentRevision(r.dir) }),
  'workbook:validate': async (r) => verifyWorkbook(fs, r.dir),
  'workbook:doctor': async (r, ctx) => {
    const { doctorWorkbook } = await import('../evidence/doctor');
    return {
      findings: await doctorWorkbook(r.dir, { env: ctx.env, network: r.network, ...(ctx.keychain ? { keychain: ctx.keychain } : {}) }),
    };
  },
  'workbook:publish': async (r, ctx) => {
    const { workbook, snapshot } = await publishVersion(fs, r.dir, { message: r.message, items: r.items }, ctx.clock);
    return { workbook, version: snapshot.version, manifestHash: snapshot.manifestHash };
  },
  'workbook:purge': async (r, ctx) => (await app.purge()).purge(ctx.home, r.dir, { secret: r.secret, reason: r.reason }, ctx.clock),
  'cell:preview': async (r, ctx) => {
    const wb = await loadWorkbook(fs, r.dir);
    const { cell } = findCell(wb, r.cell);
    // Said before any confirmation: a required secret that is missing stops here, not after the dialog.
    const { cellReadiness } = await engine();
    const readiness = await cellReadiness(r.dir, wb, cell, { env: ctx.env, ...(ctx.keychain ? { keychain: ctx.keychain } : {}) });
    return {
      kind: cell.kind,
      command: commandText(cell, wb.parameters),
      mutating: mutationReason(cell),
      trusted: await isTrusted(ctx.home, r.dir),
      readiness,
    };
  },
  'cell:run': async (r, ctx) => {
    const controller = new AbortController();
    if (r.runId) running.set(r.runId, controller);
    try {
      // The server enforces what the UI asks: an untrusted workbook runs nothing external unconfirmed.
      const [outcome] = await (
        await app.run()
      ).runAudit(
        ctx.home,
        r.dir,
        { cell: r.cell },
        {
          confirmed: r.confirmed,
          env: ctx.env,
          yesMutating: r.yesMutating,
          now: () => ctx.clock.now(),
          signal: controller.signal,
          queries: await querySession(r.dir),
          ...(ctx.keychain ? { keychain: ctx.keychain } : {}),
        },
      );
      const { describeOutcome } = await engine();
      return { workbook: await loadWorkbook(fs, r.dir), outcome: { status: outcome!.status, message: describeOutcome(outcome!) } };
    } finally {
      if (r.runId) running.delete(r.runId);
    }
  },
  'cell:cancel': async (r) => {
    const controller = running.get(r.runId);
    controller?.abort();
    return { cancelled: controller !== undefined };
  },
  'evidence:blob': async (r) => ({ base64: Buffer.from(await readBlob(fs, r.dir, r.hash)).toString('base64') }),
  'evidence:rows': async (r) => (await tablePages()).tablePage(r.dir, r.hash, r),
  'evidence:drift': async (r) => ({ diffs: await (await tablePages()).captureDrift(r.dir, r.before, r.after) }),
  'cell:import': async (r, ctx) => {
    const { importCapture, describeOutcome } = await engine();
    const recorded = await importCapture(r.dir, r.cell, {
      ...('file' in r ? { file: r.file } : { text: r.text, name: r.name }),
      ...(r.command ? { command: r.command } : {}),
      now: () => ctx.clock.now(),
    });
    return { workbook: await loadWorkbook(fs, r.dir), message: describeOutcome({ cell: r.cell, status: 'captured', recorded }) };
  },
  // The workbook's session: the explorer and the editor's completion list ask without reloading all the evidence.
  'query:run': async (r) => (await app.query()).queryEvidence(r.dir, r.sql, await querySession(r.dir)),
  'report:preview': async (r, ctx) => {
    const context = await prepareExport(fs, r.dir, ctx.clock);
    return { markdown: renderReport(context), file: context.reportFile };
  },
  'report:export': async (r, ctx) => {
    const format = r.format ?? 'markdown';
    // PDF: the HTML printed by the system's Chromium (AUDIT_WORKBENCH_CHROMIUM, else found on PATH).
    const { path, markdown, context } =
      format === 'markdown'
        ? await exportReport(fs, r.dir, ctx.clock, r.out)
        : format === 'html'
          ? await exportReportHtml(fs, r.dir, ctx.clock, r.out)
          : await (await import('../report/pdf')).exportReportPdf(r.dir, ctx.clock, { outFile: r.out, env: ctx.env, print: ctx.printPdf });
    return { path, markdown, lapsed: context.lapsed, format };
  },
  'issues:export': async (r, ctx) => {
    const { files, drafts } = await exportIssues(fs, r.dir, ctx.clock, r.out);
    return { files, drafts };
  },
  'secret:set': async (r, ctx) => {
    await keychainOf(ctx).set(r.name, r.value);
    return { name: r.name };
  },
  'secret:delete': async (r, ctx) => ({ name: r.name, existed: await keychainOf(ctx).delete(r.name) }),
  'secret:list': async (_r, ctx) => ({ names: ctx.keychain ? await ctx.keychain.list() : [] }),
  'github:push': async (r, ctx) =>
    (await app.github()).pushIssues({
      dir: r.dir,
      repo: r.repo,
      dryRun: r.dryRun,
      reopen: r.reopen,
      env: ctx.env,
      clock: ctx.clock,
      // GitHub Enterprise: the request may name the API, else the environment as gh reads it.
      ...(r.apiUrl ? { apiUrl: r.apiUrl } : {}),
      ...(ctx.keychain ? { keychain: ctx.keychain } : {}),
      ...(r.tokenEntry ? { keychainEntry: r.tokenEntry } : {}),
    }),
};

/** Validates and runs one request. Never throws: bad input and failures come back as `error`. */
export async function dispatch(channel: string, raw: unknown, ctx: Partial<HandlerContext> = {}): Promise<Result<unknown>> {
  if (!isChannel(channel)) return { error: { kind: 'unknown-channel', message: `no channel "${channel}"` } };
  const parsed = parseRequest(channel, raw);
  if (!parsed.ok) return { error: { kind: 'invalid-request', message: parsed.message } };
  const full: HandlerContext = { transport: 'memory', clock: systemClock, env: process.env, home: appHome(ctx.env ?? process.env), ...ctx };
  try {
    const handler = handlers[channel] as (request: unknown, c: HandlerContext) => Promise<unknown>;
    return { data: await handler(parsed.request, full) };
  } catch (error) {
    if (error instanceof WorkbookChangedError) return { error: { kind: 'conflict', message: error.message } };
    const message = error instanceof FormatError ? error.message.split('\n')[0]! : error instanceof Error ? error.message : String(error);
    return { error: { kind: 'failed', message } };
  }
}
