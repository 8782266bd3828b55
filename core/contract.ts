// The one contract between the UI and everything else: each channel (`domain:verb`) with the zod
// schema of its request and the type of its response. The Electron preload, the browser shell's
// HTTP server and the in-memory client of unit tests are all generated from this map, and every
// request is validated against it before a handler sees it.
import * as z from 'zod';
import type { ExportContext } from './exports';
import type { IssueExport } from './issues/drafts';
import type { GitHubPushResult } from './issues/github-plan';
import type { VerifyResult } from './workbook/versions';
import { KEYCHAIN_ENTRY_NAME, type PurgeEvent, type Workbook } from './workbook/schema';
import { CaptureHashSchema, REPOSITORY_PATTERN } from './ids';
import { COMMAND_IDS, type CommandId } from './commands';
import type { WorkbookDelta } from './delta';
import type { ColumnarTable, EvidenceTable } from './evidence/table';
import type { TableDiff } from './evidence/drift';
import type { Redaction } from './evidence/redaction';
import type { DoctorFinding, Readiness } from './evidence/readiness';
import type { TemplateSummary } from './templates/template';

const dir = z.string().min(1, 'a workbook folder');
const cellId = z.string().min(1, 'a cell id');
const versionRef = z.union([z.literal('current'), z.number().int().positive()]);
const secretName = z.string().regex(KEYCHAIN_ENTRY_NAME, 'a keychain entry name (letters, digits, _ . -)');

/** Request schemas by channel. */
export const REQUESTS = {
  'app:info': z.strictObject({}),
  // The folder to show first: the one given at launch, or a fresh copy of the demo workbook.
  'app:start': z.strictObject({}),
  'template:list': z.strictObject({}),
  'workbook:new': z.strictObject({
    dir,
    template: z.string().min(1),
    params: z.record(z.string(), z.string()).default({}),
    title: z.string().optional(),
    auditor: z.string().optional(),
  }),
  'workbook:open': z.strictObject({ dir }),
  // The workbooks opened on this machine, most recent first (a list kept in the app's home folder).
  'workbook:recent': z.strictObject({}),
  // `base`: the revision (workbookRevision) the edits were made on; `overwrite` saves over a change made elsewhere.
  'workbook:save': z.strictObject({ dir, workbook: z.unknown(), base: z.string(), overwrite: z.boolean().default(false) }),
  // Which state workbook.json is in now (a workbookRevision): a window polls it to see a change made elsewhere (git pull).
  'workbook:revision': z.strictObject({ dir }),
  'workbook:validate': z.strictObject({ dir }),
  // Before a run: per evidence cell, can it run here (parameters, secrets, host, tool, folder)? `network: false` connects nowhere.
  'workbook:doctor': z.strictObject({ dir, network: z.boolean().default(true) }),
  'workbook:trust': z.strictObject({ dir }),
  'workbook:delta': z.strictObject({ dir, from: versionRef, to: versionRef.default('current') }),
  // Unsaved edits journaled outside the workbook, so a crash loses nothing (recovered on next open).
  'recovery:put': z.strictObject({ dir, workbook: z.unknown() }),
  'recovery:take': z.strictObject({ dir }),
  'recovery:discard': z.strictObject({ dir }),
  'workbook:publish': z.strictObject({
    dir,
    message: z.string(), // an empty one is refused by publishVersion, in words the dialog shows
    items: z.array(z.string()).default([]),
  }),
  // A secret that got into the evidence, removed everywhere in the folder; signed with this machine's key.
  'workbook:purge': z.strictObject({
    dir,
    secret: z.string().min(1, 'the text to purge'),
    reason: z.string().trim().min(1, 'why it is purged: the report shows it'),
  }),
  // What a run would execute, fully resolved (secrets left as ${NAME}), shown before running an untrusted workbook.
  'cell:preview': z.strictObject({ dir, cell: cellId }),
  // `confirmed`: the user saw the preview of an untrusted workbook's cell and said run.
  'cell:run': z.strictObject({
    dir,
    cell: cellId,
    yesMutating: z.boolean().default(false),
    confirmed: z.boolean().default(false),
    runId: z.string().max(64).optional(),
  }),
  'cell:cancel': z.strictObject({ runId: z.string().min(1).max(64) }),
  'evidence:blob': z.strictObject({ dir, hash: CaptureHashSchema }),
  // A page of a stored table's rows: big captures are read a page at a time, never whole.
  'evidence:rows': z.strictObject({
    dir,
    hash: CaptureHashSchema,
    offset: z.int().min(0),
    limit: z.int().min(1).max(10_000),
    filter: z.string().max(1000).optional(),
    sort: z
      .strictObject({ column: z.int().min(0), descending: z.boolean() })
      .nullable()
      .optional(),
  }),
  // The rows that changed between two captures of a cell, compared by key on the Node side.
  'evidence:drift': z.strictObject({
    dir,
    before: z.array(z.strictObject({ name: z.string().min(1), hash: CaptureHashSchema })).max(64),
    after: z.array(z.strictObject({ name: z.string().min(1), hash: CaptureHashSchema })).max(64),
  }),
  // A file on the app's machine, or its text as the page read it (pasted, dropped, chosen) with a name for the provenance.
  'cell:import': z.union([
    z.strictObject({ dir, cell: cellId, file: z.string().min(1), command: z.string().optional() }),
    z.strictObject({ dir, cell: cellId, text: z.string(), name: z.string().min(1), command: z.string().optional() }),
  ]),
  'query:run': z.strictObject({ dir, sql: z.string().min(1, 'some SQL') }),
  'report:preview': z.strictObject({ dir }),
  'report:export': z.strictObject({ dir, out: z.string().optional(), format: z.enum(['markdown', 'html', 'pdf']).optional() }),
  'issues:export': z.strictObject({ dir, out: z.string().min(1, 'an output folder') }),
  // The token comes from the keychain entry (default github-token) or GITHUB_TOKEN, never from the request.
  'github:push': z.strictObject({
    dir,
    repo: z.string().regex(REPOSITORY_PATTERN, 'a repository as owner/name'),
    dryRun: z.boolean().default(false),
    reopen: z.boolean().default(false),
    tokenEntry: secretName.optional(),
    apiUrl: z
      .string()
      .regex(/^https?:\/\/[^/\s]+/, 'an http(s) URL')
      .optional(),
  }),
  // Secrets typed into the app go to the OS keychain; the workbook keeps only `{ keychain: name }`.
  'secret:set': z.strictObject({ name: secretName, value: z.string().min(1, 'a secret value') }),
  'secret:delete': z.strictObject({ name: secretName }),
  'secret:list': z.strictObject({}),
} as const;

export type Channel = keyof typeof REQUESTS;
export type Request<C extends Channel> = z.input<(typeof REQUESTS)[C]>;
export type ValidRequest<C extends Channel> = z.output<(typeof REQUESTS)[C]>;

/** Response types by channel. */
export interface Responses {
  'app:info': {
    name: string;
    version: string;
    transport: 'electron' | 'http' | 'memory';
    /** Where a secret entered in the app is kept: the OS keychain, the server's memory, or nowhere (none can be entered). */
    secrets: 'os-keychain' | 'memory' | 'none';
  };
  'app:start': { dir: string; demo: boolean };
  'template:list': { templates: string[]; details: TemplateSummary[] };
  'workbook:new': { workbook: Workbook };
  'workbook:open': { workbook: Workbook; trusted: boolean; recovery: { savedAt: string } | null };
  'workbook:recent': { workbooks: { dir: string; title: string; openedAt: string }[] };
  'workbook:trust': { trusted: true };
  'workbook:delta': { delta: WorkbookDelta; markdown: string };
  'recovery:put': { savedAt: string };
  'recovery:take': { workbook: unknown; savedAt: string } | { workbook: null };
  'recovery:discard': { existed: boolean };
  /** `redactions`: secrets typed into cells or parameters, replaced before writing (where and what). */
  'workbook:save': { workbook: Workbook; redactions: Redaction[] };
  'workbook:revision': { revision: string };
  'workbook:validate': VerifyResult;
  'workbook:doctor': { findings: DoctorFinding[] };
  'workbook:publish': { workbook: Workbook; version: number; manifestHash: string };
  'workbook:purge': { workbook: Workbook; event: PurgeEvent };
  'cell:preview': {
    kind: string;
    command: { language: 'bash' | 'sql'; text: string } | null;
    mutating: string | null;
    trusted: boolean;
    readiness: Readiness;
  };
  'cell:cancel': { cancelled: boolean };
  'evidence:blob': { base64: string };
  'evidence:rows': ColumnarTable & { offset: number; matching: number; total: number };
  'evidence:drift': { diffs: TableDiff[] };
  'cell:run': { workbook: Workbook; outcome: { status: 'captured' | 'error' | 'skipped'; message: string } };
  'cell:import': { workbook: Workbook; message: string };
  'query:run': { result: EvidenceTable; tables: string[] };
  'report:preview': { markdown: string; file: string };
  'report:export': { path: string; markdown: string; lapsed: ExportContext['lapsed']; format: 'markdown' | 'html' | 'pdf' };
  'issues:export': { files: string[]; drafts: IssueExport };
  'github:push': GitHubPushResult;
  'secret:set': { name: string };
  'secret:delete': { name: string; existed: boolean };
  'secret:list': { names: string[] };
}

/** What every transport returns: the data, or one clear message (and where, for bad input). */
export type Result<T> = { data: T } | { error: { message: string; kind: ErrorKind } };
/** `conflict`: the workbook changed elsewhere since the state the request was made on. */
export type ErrorKind = 'invalid-request' | 'failed' | 'unknown-channel' | 'conflict';

export const CHANNELS = Object.keys(REQUESTS) as Channel[];

/** Channels whose handler may write the workbook.json it names: a window does not mistake their writes for someone else's. */
export const WRITES_WORKBOOK: ReadonlySet<Channel> = new Set<Channel>([
  'workbook:save',
  'workbook:publish',
  'workbook:purge',
  'cell:run',
  'cell:import',
  'github:push',
]);
export const isChannel = (name: string): name is Channel => Object.hasOwn(REQUESTS, name);

/** The API the renderer sees: one named async function per channel. */
export type Api = { [C in Channel]: (request: Request<C>) => Promise<Result<Responses[C]>> };

/** The header that carries the browser shell's per-launch session token. */
export const TOKEN_HEADER = 'x-audit-workbench-token';

/** Commands the main process sends the window from its menus (with a path when a dialog chose one): any of core/commands.ts. */
export const MENU_COMMANDS: readonly CommandId[] = COMMAND_IDS;
export type MenuCommand = CommandId;

/** What the Electron preload exposes to the page (global `auditWorkbench`); the browser shell has `api` only. */
export interface DesktopBridge {
  api: Api;
  /** Subscribes to menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand, path?: string) => void): () => void;
}

/** Validates a request; the problems name the field, like every other validation here. */
export function parseRequest<C extends Channel>(
  channel: C,
  raw: unknown,
): { ok: true; request: ValidRequest<C> } | { ok: false; message: string } {
  const result = REQUESTS[channel].safeParse(raw ?? {});
  if (result.success) return { ok: true, request: result.data as ValidRequest<C> };
  const first = result.error.issues[0]!;
  const path = first.path.map(String).join('.');
  return { ok: false, message: `${channel}: ${path ? `${path}: ` : ''}${first.message}` };
}
