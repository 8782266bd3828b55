// What a runner needs besides its cell: parameter and secret resolution, limits, cancellation.
import { isAbsolute, resolve } from 'node:path';
import { resolveParams } from '../../core/evidence/command-text';
import type { RunOutput } from '../../core/evidence/capture';
import type { Parameter, Workbook } from '../../core/workbook/schema';

export interface RunLimits {
  timeoutMs: number;
  maxOutputBytes: number;
}

export const DEFAULT_LIMITS: RunLimits = { timeoutMs: 60_000, maxOutputBytes: 256 * 1024 * 1024 };

export interface RunContext {
  workbookDir: string;
  parameters: readonly Parameter[];
  /** Secret values by parameter name, resolved once per run from env (or the keychain in the app). */
  secrets: ReadonlyMap<string, string>;
  limits: RunLimits;
  signal?: AbortSignal;
  now: () => Date;
  /** Environment of the processes runners start (KUBECONFIG, AWS_* …). */
  env: NodeJS.ProcessEnv;
}

export type RunnerResult = { ok: true; output: RunOutput } | { ok: false; error: string };

/** Text with every `${NAME}` replaced for execution: values and secret values. Unknown names fail. */
export function resolveForRun(text: string, ctx: RunContext): string {
  return text.replace(/\$\{([A-Z][A-Z0-9_]*)\}/g, (_whole, name: string) => {
    const param = ctx.parameters.find((p) => p.name === name);
    if (!param) throw new Error(`unknown parameter \${${name}}`);
    if (param.secret) {
      const value = ctx.secrets.get(name);
      if (value === undefined) throw new Error(`secret parameter ${name} is not available (${describeRef(param)})`);
      return value;
    }
    if (param.value === undefined) throw new Error(`parameter ${name} has no value; set it in the workbook`);
    return param.value;
  });
}

/** Text as recorded in the capture: values substituted, secrets left as `${NAME}`. */
export const resolveForDisplay = (text: string, ctx: RunContext): string => resolveParams(text, ctx.parameters);

const describeRef = (p: Parameter) =>
  p.secret && 'env' in p.secret ? `set the environment variable ${p.secret.env}` : `keychain entry ${p.secret && 'keychain' in p.secret ? p.secret.keychain : '?'} is not set: store it in the desktop app (the CLI and the browser shell cannot read the keychain)`;

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

/** The keychain as a run reads it: the desktop app's OS-keychain store (absent elsewhere). */
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

/** A folder parameter (REPO_DIR) resolved against the workbook folder when relative. */
export const resolveDir = (path: string, ctx: RunContext): string => (isAbsolute(path) ? path : resolve(ctx.workbookDir, path));

export const isoNow = (ctx: RunContext) => ctx.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
