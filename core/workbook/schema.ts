// The workbook schema: every persisted type, with runtime validation. Key order in these shapes is
// the key order written to workbook.json, so keep it readable (identity first, history last).
import * as z from 'zod';
import { FORMATS } from '../evidence/formats';
import { CaptureHashSchema, CellIdSchema, GapIdSchema, REPOSITORY_PATTERN, WorkbookIdSchema } from '../ids';

// Each file is parsed once per read: compiling a validator for every schema (zod's default) costs a
// CLI command more than it saves — 20 ms of `validate`'s start-up — and needs `new Function`.
z.config({ jitless: true });

/** The schema version this build reads and writes. Older files are migrated on load. */
export const CURRENT_SCHEMA_VERSION = 1;

/** The longest text a field holds: a megabyte of prose is a report's worth; evidence lives in evidence/. */
export const MAX_TEXT = 2 ** 20;
const text = z.string().max(MAX_TEXT, `at most ${MAX_TEXT} characters`);
const nonEmpty = z.string().max(MAX_TEXT, `at most ${MAX_TEXT} characters`).trim().min(1, 'must not be empty');
const isoDate = z.iso.date('a date as YYYY-MM-DD');
const isoDateTime = z.iso.datetime({ offset: true, message: 'a timestamp as ISO 8601 (e.g. 2026-04-28T09:30:00Z)' });
const parameterName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'an UPPER_SNAKE_CASE parameter name');

export const SEVERITIES = ['Critical', 'Major', 'Minor'] as const;
export const RISK_LEVELS = ['Low', 'Med', 'High'] as const;
export const EFFORTS = ['XS', 'S', 'M', 'L'] as const;
export const GAP_STATUSES = ['Proposed', 'Open', 'In progress', 'Closed', 'Accepted risk'] as const;
export const VERDICT_STATUSES = ['compliant', 'deviation-justified', 'non-compliant', 'not-assessed'] as const;
export const CONTROL_STATUSES = ['pass', 'partial', 'fail', 'not-assessed'] as const;
export const COMMITTEE_VERDICTS = ['PROCEED', 'REVISE', 'REJECT'] as const;
export const CHECK_STATUSES = ['ok', 'alarm', 'error', 'skip', 'manual'] as const;
export const SQL_ENGINES = ['auto', 'postgres', 'sqlite', 'duckdb'] as const;

export const SeveritySchema = z.enum(SEVERITIES);
export const RiskLevelSchema = z.enum(RISK_LEVELS);
export const EffortSchema = z.enum(EFFORTS);
export const GapStatusSchema = z.enum(GAP_STATUSES);

/** Names a secret reference may take: a POSIX environment variable, or an entry of the app's keychain. */
export const ENV_VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const KEYCHAIN_ENTRY_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/** Why a reference's name cannot be used, said for the field it is typed in; null when it can. */
export function secretNameProblem(kind: 'env' | 'keychain', name: string): string | null {
  if (kind === 'env')
    return ENV_VARIABLE_NAME.test(name) ? null : 'an environment variable name: letters, digits and _, not starting with a digit';
  return KEYCHAIN_ENTRY_NAME.test(name) ? null : 'a keychain entry name: 1 to 128 letters, digits, _ . or -';
}

/** Where a secret comes from at run time; the secret itself is never stored. */
export const SecretRefSchema = z.union([
  z.strictObject({ env: z.string().regex(ENV_VARIABLE_NAME, 'an environment variable name') }),
  z.strictObject({ keychain: nonEmpty }),
]);

export const ParameterSchema = z
  .strictObject({
    name: parameterName,
    description: text.default(''),
    value: text.optional(),
    /** A list parameter (tag keys, folders, aliases): `${NAME}` expands to its items. */
    values: z.array(text).optional(),
    secret: SecretRefSchema.optional(),
    /** A secret without which the cells using it cannot run; an optional one unset means no credentials. */
    required: z.boolean().optional(),
  })
  .refine((p) => [p.value, p.values, p.secret].filter((x) => x !== undefined).length <= 1, {
    message: 'a parameter holds a value, a list of values or a secret reference, not several',
  })
  .refine((p) => !p.required || p.secret !== undefined, { message: 'only a secret parameter can be required', path: ['required'] });

/** Per-workbook weights of the three risk scores in the composite. */
export const WeightsSchema = z
  .strictObject({
    pnl: z.number().min(0, 'weights must not be negative'),
    ops: z.number().min(0, 'weights must not be negative'),
    compliance: z.number().min(0, 'weights must not be negative'),
  })
  .refine((w) => w.pnl + w.ops + w.compliance > 0, { message: 'at least one weight must be above zero' });

// ---- cells -------------------------------------------------------------------------------------

export const RedactionSchema = z.strictObject({ where: nonEmpty, what: nonEmpty, count: z.int().min(1).default(1) });

export const CaptureTableSchema = z.strictObject({
  name: nonEmpty,
  hash: CaptureHashSchema,
  rows: z.int().min(0),
});

/** One execution of an evidence cell. Raw output and tables are blobs under evidence/. */
export const CaptureSchema = z.strictObject({
  /** sha256 of the capture's text (after redaction); for a capture stored in parts, of their hashes, one per line. */
  hash: CaptureHashSchema,
  /** A big capture's text in parts, in order, each a blob cut at a line end; absent when the text is one blob named `hash`. */
  parts: z.array(CaptureHashSchema).min(2).optional(),
  command: nonEmpty,
  startedAt: isoDateTime,
  durationMs: z.number().min(0),
  exitStatus: z.int().nullable().default(null),
  status: z.enum(['ok', 'error']),
  toolVersion: text.optional(),
  source: text.optional(),
  tables: z.array(CaptureTableSchema).default([]),
  /** How the output was read: the format the cell or `--format` gave, or the one detected and why. */
  readAs: z.strictObject({ format: z.enum(FORMATS), detected: text.optional() }).optional(),
  redactions: z.array(RedactionSchema).default([]),
  /** What the run noticed without failing (a folder that does not exist, a request sent without credentials). */
  notes: z.array(text).optional(),
  checkStatus: z.enum(CHECK_STATUSES).optional(),
  error: text.optional(),
});

const cellBase = {
  id: CellIdSchema,
  title: nonEmpty,
};
/** The last run that failed, kept until a run succeeds, so that the report can say why evidence is missing. */
export const CellFailureSchema = z.strictObject({ at: isoDateTime, error: nonEmpty });

const cellTail = {
  mutating: z.boolean().default(false),
  captures: z.array(CaptureSchema).default([]),
  failure: CellFailureSchema.optional(),
};

/**
 * A list a cell discovers from the evidence captured before it (the experiment ids an earlier search
 * returned): the first column of SQL over the local evidence tables, bound to `${NAME}`.
 */
export const DiscoverySchema = z.strictObject({ name: parameterName, sql: nonEmpty });
const inputs = z.array(DiscoverySchema).optional();
function cell<K extends string, S extends z.ZodRawShape>(kind: K, spec: S) {
  return z.strictObject({ ...cellBase, kind: z.literal(kind), ...spec, ...cellTail });
}

const header = z.strictObject({ name: nonEmpty, value: text });

export const CellSchema = z.discriminatedUnion('kind', [
  cell('rest', {
    method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
    url: nonEmpty,
    headers: z.array(header).default([]),
    body: text.optional(),
    auth: z.strictObject({ parameter: parameterName, scheme: z.enum(['Bearer', 'Basic', 'Token']).default('Bearer') }).optional(),
    pagination: z.enum(['none', 'mlflow', 'link']).default('none'),
    readOnly: z.boolean().default(false),
    /** Error statuses that are the evidence sought (a write probe expects 401 or 403). */
    acceptStatus: z.array(z.int().min(100).max(599)).optional(),
    inputs,
    /** One request per row of this SQL over the evidence, each column bound as `${COLUMN}` (upper case). */
    forEach: z.strictObject({ sql: nonEmpty }).optional(),
  }),
  /** `auto` takes the engine from the connection's scheme (postgresql://, sqlite:///). */
  cell('sql', { engine: z.enum(SQL_ENGINES).default('auto'), connection: text.default(''), query: nonEmpty, inputs }),
  cell('s3', {
    operation: z.enum(['list-objects-v2', 'get-bucket-acl', 'get-bucket-policy', 'get-public-access-block']),
    bucket: nonEmpty,
    prefix: text.optional(),
    endpoint: text.optional(),
  }),
  cell('kubectl', { args: z.array(nonEmpty).min(1), context: text.optional(), namespace: text.optional(), inputs }),
  cell('shell', {
    argv: z.array(nonEmpty).min(1),
    /** Folders or files appended to argv; one that does not exist is left out and noted, not a failure. */
    paths: z.array(nonEmpty).optional(),
    cwd: text.default('${REPO_DIR}'),
    inputs,
  }),
  cell('import', {
    format: z.enum(['auto', ...FORMATS]).default('auto'),
    sourceCommand: nonEmpty,
    sourceLocation: text.optional(),
  }),
  cell('query', {
    sql: nonEmpty,
    chart: z.strictObject({ type: z.enum(['bar', 'line', 'scatter']), x: nonEmpty, y: nonEmpty }).optional(),
  }),
  cell('check', {
    sql: nonEmpty,
    manual: z.boolean().default(false),
    proposes: z.strictObject({ title: nonEmpty, severity: SeveritySchema }).optional(),
  }),
  cell('note', { markdown: text }),
]);

// ---- pillars, gaps, verdicts ----------------------------------------------------------------------

export const VerdictSchema = z.strictObject({
  status: z.enum(VERDICT_STATUSES).default('not-assessed'),
  justification: text.default(''),
});

/** Who signed an item off and when, with the hash of the content signed (see core/review.ts). */
export const SignOffSchema = z.strictObject({ by: nonEmpty, at: isoDateTime, content: CaptureHashSchema });

export const REVIEW_NOTE_STATES = ['open', 'resolved'] as const;

/** A reviewer's remark on a gap or a pillar, open until someone resolves it. */
export const ReviewNoteSchema = z.strictObject({
  id: z.string().regex(/^RN-[1-9][0-9]*$/, 'a review note id such as RN-1'),
  text: nonEmpty,
  author: nonEmpty,
  at: isoDateTime,
  state: z.enum(REVIEW_NOTE_STATES).default('open'),
});

/** Preparer and reviewer sign-offs and review notes of a gap or a pillar; absent until the first one. */
export const ReviewSchema = z.strictObject({
  preparer: SignOffSchema.optional(),
  reviewer: SignOffSchema.optional(),
  notes: z.array(ReviewNoteSchema).default([]),
});

export const SeverityRuleSchema = z.strictObject({ condition: nonEmpty, severity: SeveritySchema });

export const PillarSchema = z.strictObject({
  number: z.int().min(1).max(99),
  name: nonEmpty,
  principle: text.default(''),
  source: text.default(''),
  order: z.int().min(1),
  failFast: z.boolean().default(false),
  severityGrid: z.array(SeverityRuleSchema).default([]),
  method: text.default(''),
  stateObserved: text.default(''),
  verdict: VerdictSchema.default({ status: 'not-assessed', justification: '' }),
  review: ReviewSchema.optional(),
  cells: z.array(CellSchema).default([]),
});

export const EvidenceLinkSchema = z
  .strictObject({
    cell: CellIdSchema.optional(),
    capture: CaptureHashSchema.optional(),
    rows: text.optional(),
    note: text.optional(),
  })
  .refine((e) => e.cell !== undefined || (e.note ?? '').trim() !== '', {
    message: 'evidence names a cell or carries a note',
  });

export const RiskScoresSchema = z.strictObject({
  pnl: RiskLevelSchema,
  ops: RiskLevelSchema,
  compliance: RiskLevelSchema,
});

/** A waiver: the risk is accepted by someone, for a reason, until a date. */
export const WaiverSchema = z.strictObject({
  justification: nonEmpty,
  approver: nonEmpty,
  expires: isoDate,
});

const repoName = z.string().regex(REPOSITORY_PATTERN, 'owner/name');

export const IssueLinkSchema = z.strictObject({
  repo: repoName,
  number: z.int().min(1),
  url: text.optional(),
});

/** A GitHub push that could not reach GitHub, kept until a later push succeeds. */
export const PendingPushSchema = z.strictObject({
  repo: repoName,
  since: isoDateTime,
  reason: nonEmpty,
});

/** GitHub bookkeeping beyond each gap's own link: the umbrella and polish issues, a queued push. */
export const GitHubStateSchema = z.strictObject({
  umbrella: IssueLinkSchema.optional(),
  polish: IssueLinkSchema.optional(),
  pending: PendingPushSchema.optional(),
});

export const GapSchema = z
  .strictObject({
    id: GapIdSchema,
    pillar: z.int().min(1).max(99),
    title: nonEmpty,
    description: text.default(''),
    severity: SeveritySchema,
    status: GapStatusSchema.default('Open'),
    statusNote: text.optional(),
    evidence: z.array(EvidenceLinkSchema).default([]),
    fix: text.default(''),
    scores: RiskScoresSchema.nullable().default(null),
    effort: EffortSchema.nullable().default(null),
    closingCriteria: text.default(''),
    closingCheck: CellIdSchema.optional(),
    /** Set when a re-run turned the closing check ok: the capture that proves the fix. */
    fixVerified: z.strictObject({ capture: CaptureHashSchema, at: isoDateTime }).optional(),
    waiver: WaiverSchema.optional(),
    issue: IssueLinkSchema.optional(),
    review: ReviewSchema.optional(),
  })
  .refine((g) => g.status !== 'Accepted risk' || g.waiver !== undefined, {
    message: 'an Accepted risk needs a waiver (justification, approver, expires)',
    path: ['waiver'],
  });

// ---- report-level content -----------------------------------------------------------------------

/** Free Markdown placed before the pillars (intro) or after the analysis (closing). */
export const SectionSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a kebab-case section id'),
  title: nonEmpty,
  position: z.enum(['intro', 'closing']).default('intro'),
  markdown: text.default(''),
});

/** An aspect the audit asserts, with a ✅/⚠️/❌ status (seed 001's summary, seed 003's compliance table). */
export const ControlSchema = z.strictObject({
  aspect: nonEmpty,
  pillar: z.int().min(1).max(99).optional(),
  /** A check cell whose outcome sets the status: ok → pass, alarm → fail (with its gap). */
  check: CellIdSchema.optional(),
  status: z.enum(CONTROL_STATUSES),
  notes: text.default(''),
  gaps: z.array(GapIdSchema).default([]),
});

export const BaselineSchema = z.strictObject({
  reference: nonEmpty,
  version: z.int().min(1).optional(),
  note: text.default(''),
});

// ---- committee, history -------------------------------------------------------------------------

export const ExpertSchema = z.strictObject({
  name: nonEmpty,
  role: text.default(''),
  score: z.number().min(0).max(10),
  confidence: RiskLevelSchema.default('Med'),
  findings: z.array(text).default([]),
  risks: z.array(text).default([]),
  recommendations: z.array(text).default([]),
});

export const RecommendationSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a recommendation id such as rec-1'),
  text: nonEmpty,
  integratedIn: z.int().min(1).optional(),
});

export const CommitteeSessionSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a session id'),
  version: z.int().min(1),
  date: isoDate,
  experts: z.array(ExpertSchema).default([]),
  verdict: z.enum(COMMITTEE_VERDICTS).nullable().default(null),
  cause: text.optional(),
  disputedPillars: z.array(z.int().min(1).max(99)).default([]),
  recommendations: z.array(RecommendationSchema).default([]),
  notes: text.default(''),
});

export const ChangelogEntrySchema = z.strictObject({
  version: z.int().min(1),
  date: isoDate,
  summary: nonEmpty,
  items: z.array(text).default([]),
});

/** The index entry of a frozen version; the snapshot itself is versions/v<N>.json. */
export const VersionRefSchema = z.strictObject({
  number: z.int().min(1),
  publishedAt: isoDateTime,
  message: nonEmpty,
  hash: CaptureHashSchema,
});

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`), `${bytes * 2} lower-case hex digits`);

/**
 * A secret purged after it got into the evidence: the blobs that held it (now tombstones naming
 * their original hash), the frozen versions rewritten without it (their sealed and new manifest
 * hashes), chained to the previous purge and signed with the purging machine's Ed25519 key.
 */
export const PurgeEventSchema = z.strictObject({
  number: z.int().min(1),
  at: isoDateTime,
  by: nonEmpty,
  reason: nonEmpty,
  blobs: z.array(z.strictObject({ hash: CaptureHashSchema, tombstone: CaptureHashSchema, replacedBy: CaptureHashSchema })),
  versions: z.array(z.strictObject({ number: z.int().min(1), sealed: CaptureHashSchema, purged: CaptureHashSchema })),
  files: z.array(nonEmpty).default([]),
  previous: CaptureHashSchema.nullable(),
  hash: CaptureHashSchema,
  signature: z.strictObject({ publicKey: hex(32), value: hex(64) }),
});

export const SeverityLabelsSchema = z.strictObject({ Critical: nonEmpty, Major: nonEmpty, Minor: nonEmpty });

export const TemplateRefSchema = z.strictObject({ name: nonEmpty, version: z.int().min(1) });

export const WorkbookShape = z.strictObject({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  id: WorkbookIdSchema,
  title: nonEmpty,
  scope: text.default(''),
  auditor: text.default(''),
  date: isoDate,
  template: TemplateRefSchema.nullable().default(null),
  baseline: BaselineSchema.nullable().default(null),
  parameters: z.array(ParameterSchema).default([]),
  weights: WeightsSchema.default({ pnl: 1, ops: 1, compliance: 1 }),
  severityLabels: SeverityLabelsSchema.optional(),
  sections: z.array(SectionSchema).default([]),
  controls: z.array(ControlSchema).default([]),
  pillars: z.array(PillarSchema).default([]),
  gaps: z.array(GapSchema).default([]),
  github: GitHubStateSchema.optional(),
  committee: z.array(CommitteeSessionSchema).default([]),
  changelog: z.array(ChangelogEntrySchema).default([]),
  versions: z.array(VersionRefSchema).default([]),
  purges: z.array(PurgeEventSchema).optional(),
});

export type Severity = z.infer<typeof SeveritySchema>;
export type RiskLevel = z.infer<typeof RiskLevelSchema>;
export type Effort = z.infer<typeof EffortSchema>;
export type GapStatus = z.infer<typeof GapStatusSchema>;
export type SecretRef = z.infer<typeof SecretRefSchema>;
export type Parameter = z.infer<typeof ParameterSchema>;
export type PurgeEvent = z.infer<typeof PurgeEventSchema>;
export type Weights = z.infer<typeof WeightsSchema>;
export type Capture = z.infer<typeof CaptureSchema>;
export type Cell = z.infer<typeof CellSchema>;
export type Discovery = z.infer<typeof DiscoverySchema>;
export type CellKind = Cell['kind'];
/** Every kind of cell, in the order the notebook offers them. */
export const CELL_KINDS: readonly CellKind[] = ['query', 'check', 'note', 'rest', 'sql', 's3', 'kubectl', 'shell', 'import'];
export type Verdict = z.infer<typeof VerdictSchema>;
export type SignOff = z.infer<typeof SignOffSchema>;
export type ReviewNote = z.infer<typeof ReviewNoteSchema>;
export type Review = z.infer<typeof ReviewSchema>;
export type Pillar = z.infer<typeof PillarSchema>;
export type EvidenceLink = z.infer<typeof EvidenceLinkSchema>;
export type RiskScores = z.infer<typeof RiskScoresSchema>;
export type Waiver = z.infer<typeof WaiverSchema>;
export type Gap = z.infer<typeof GapSchema>;
export type IssueLink = z.infer<typeof IssueLinkSchema>;
export type PendingPush = z.infer<typeof PendingPushSchema>;
export type GitHubState = z.infer<typeof GitHubStateSchema>;
export type Section = z.infer<typeof SectionSchema>;
export type Control = z.infer<typeof ControlSchema>;
export type Expert = z.infer<typeof ExpertSchema>;
export type CommitteeSession = z.infer<typeof CommitteeSessionSchema>;
export type ChangelogEntry = z.infer<typeof ChangelogEntrySchema>;
export type VersionRef = z.infer<typeof VersionRefSchema>;
/** One audit: the content of workbook.json. */
export type Workbook = z.infer<typeof WorkbookShape>;
/** What a caller may write before defaults are applied (e.g. a hand-written fixture). */
export type WorkbookInput = z.input<typeof WorkbookShape>;
/** A cell as written by hand, before defaults and brands are applied. */
export type CellInput = z.input<typeof CellSchema>;
/** A gap as written by hand, before defaults and brands are applied. */
export type GapInput = z.input<typeof GapSchema>;
