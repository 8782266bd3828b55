// What every command shares: the terminal it talks through, its wrong-usage error, and readers of
// the values parseArgs hands it.
import type { Clock } from '../core/ports';

/** Wrong usage of the command line (unknown option, missing argument): exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure with an exit status of its own, for a scheduler to act on (reaudit's 3: could not run). */
export class ExitError extends Error {
  override name = 'ExitError';
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  clock: Clock;
  /** Aborted on Ctrl-C: long work stops after the current step, keeping what was saved. */
  signal?: AbortSignal;
  /** A question answered on the terminal; absent when no one is there to answer (CI, a pipe). */
  ask?: (question: string) => Promise<string>;
  /** Everything piped in, when stdin is not a terminal (a secret to purge never goes on the command line). */
  stdin?: () => Promise<string>;
  /** A transient status line on a terminal (null clears it); absent when stderr is not a terminal. */
  status?: (text: string | null) => void;
}

/** The option values parseArgs read. */
export type Values = Record<string, unknown>;

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function oneDir(positionals: string[], command: string): string {
  if (positionals.length !== 1) throw new UsageError(`${command} takes one workbook folder (see audit-workbench ${command} --help)`);
  return positionals[0]!;
}

export function parseParams(pairs: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param expects NAME=VALUE, got "${pair}"`);
    params[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return params;
}
