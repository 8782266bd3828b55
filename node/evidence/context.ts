// What a runner needs besides its cell: parameter and secret resolution, limits, cancellation.
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { commandText, resolveParams, type RunFacts } from '../../core/evidence/command-text';
import { expandArgv, parameterValue, substitute, type Bound, type Lookup, type Missing } from '../../core/evidence/substitution';
import type { RunOutput } from '../../core/evidence/capture';
import type { Cell, Parameter, Workbook } from '../../core/workbook/schema';

export interface RunLimits {
  timeoutMs: number;
  /** The largest output (or page of a paginated response) read. */
  maxOutputBytes: number;
  /** A paginated capture's text is stored in parts of about this size (a blob git and readers handle whole). */
  partBytes: number;
}

export const DEFAULT_LIMITS: RunLimits = { timeoutMs: 60_000, maxOutputBytes: 256 * 2 ** 20, partBytes: 32 * 2 ** 20 };

export interface RunContext {
  workbookDir: string;
  /** Where relative folders (REPO_DIR, a SQLite file) resolve, when not the workbook folder: a re-audit's scratch copy resolves them as the workbook does. */
  pathsFrom?: string;
  parameters: readonly Parameter[];
  /** Secret values by parameter name, resolved once per run from env (or the keychain in the app). */
  secrets: ReadonlyMap<string, string>;
  limits: RunLimits;
  signal?: AbortSignal;
  now: () => Date;
  /** Environment of the processes runners start (KUBECONFIG, AWS_* …). */
  env: NodeJS.ProcessEnv;
  /** Lists the cell discovered from earlier evidence (its `inputs`), by name. */
  bindings?: ReadonlyMap<string, Bound>;
  /** A `forEach` cell's rows: one request per row, each column bound as `${COLUMN}`. */
  forEachRows?: readonly ReadonlyMap<string, string>[];
  /** false while verifying: evidence stored as it streams in (a paged capture's parts) is computed, not written. */
  record?: boolean;
}

export type RunnerResult = { ok: true; output: RunOutput } | { ok: false; error: string };

function runLookup(ctx: RunContext): Lookup {
  return (name) => {
    const bound = ctx.bindings?.get(name);
    if (bound !== undefined) return bound;
    const param = ctx.parameters.find((p) => p.name === name);
    return param?.secret ? ctx.secrets.get(name) : param && parameterValue(param);
  };
}

const runMissing =
  (ctx: RunContext): Missing =>
  (name) => {
    const param = ctx.parameters.find((p) => p.name === name);
    if (!param) throw new Error(`unknown parameter \${${name}}`);
    if (param.secret) throw new Error(`secret parameter ${name} is not available (${describeRef(param)})`);
    throw new Error(`parameter ${name} has no value; set it in the workbook`);
  };

/** Text with every `${NAME}` replaced for execution: values, lists, discovered inputs and secrets. Unknown names fail. */
export const resolveForRun = (text: string, ctx: RunContext): string => substitute(text, runLookup(ctx), runMissing(ctx));

/** argv for execution, list references expanded into one argument per item. */
export const expandForRun = (argv: readonly string[], ctx: RunContext): string[] => expandArgv(argv, runLookup(ctx), runMissing(ctx));

/** Text as recorded in the capture: values substituted, secrets left as references. */
export const resolveForDisplay = (text: string, ctx: RunContext): string =>
  resolveParams(text, ctx.parameters, ctx.bindings ? { bindings: ctx.bindings } : {});

/** The command a capture records: the same text the trust dialog showed, with what the run learnt. */
export const recordedCommand = (cell: Cell, ctx: RunContext, facts: RunFacts = {}): string =>
  commandText(cell, ctx.parameters, { ...(ctx.bindings ? { bindings: ctx.bindings } : {}), ...facts })?.text ?? '';

export const describeRef = (p: Parameter) =>
  p.secret && 'env' in p.secret
    ? `set the environment variable ${p.secret.env}`
    : `keychain entry ${p.secret && 'keychain' in p.secret ? p.secret.keychain : '?'} is not set: enter it in the app's Parameters (the CLI cannot read the app's keychain)`;

/** Resolves every secret parameter from the environment; keychain references are left to the app. */
export function secretsFromEnv(wb: Workbook, env: NodeJS.ProcessEnv = process.env): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of wb.parameters) {
    if (p.secret && 'env' in p.secret) {
      const value = env[p.secret.env];
      if (value !== undefined && value !== '') out.set(p.name, value);
    }
  }
  return out;
}

/** The keychain as a run reads it: the desktop app's OS keychain, the browser shell's memory (absent in the CLI). */
export interface SecretReader {
  get(name: string): Promise<string | undefined>;
}

/** Resolves every `{ keychain: name }` secret parameter from the store; missing entries stay unresolved. */
export async function secretsFromKeychain(wb: Workbook, keychain: SecretReader): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const p of wb.parameters) {
    if (p.secret && 'keychain' in p.secret) {
      const value = await keychain.get(p.secret.keychain);
      if (value !== undefined && value !== '') out.set(p.name, value);
    }
  }
  return out;
}

/** A folder parameter (REPO_DIR) resolved against the workbook folder when relative; `~` is the home folder. */
export function resolveDir(path: string, ctx: RunContext): string {
  if (path === '~' || path.startsWith('~/')) return join(homedir(), path.slice(1));
  return isAbsolute(path) ? path : resolve(ctx.pathsFrom ?? ctx.workbookDir, path);
}

export const isoNow = (ctx: RunContext) =>
  ctx
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
