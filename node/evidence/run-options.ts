// What a run of cells is given and what it gives back, shared by the engine and the query runner.
import type { RecordedCapture } from '../../core/evidence/capture';
import type { CheckEffect, CheckStatus } from '../../core/query/checks';
import type { RunLimits, SecretReader } from './context';
import type { QuerySession } from './query-session';

export interface RunOptions {
  limits?: Partial<RunLimits>;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  now?: () => Date;
  /** Lets mutating cells run; "run all" never runs them even so unless the cell is named. */
  yesMutating?: boolean;
  fetch?: typeof fetch;
  /** The local query engine for query and check cells; opened on first use, closed by runCells. */
  queries?: QuerySession;
  /** The OS keychain (desktop app only): resolves `{ keychain: name }` secret parameters. */
  keychain?: SecretReader;
  /** Told as each cell of a series starts, so that a long one can show it is at work. */
  onStart?: (cell: string, index: number, total: number) => void;
  /** Where relative folders resolve instead of the workbook folder (a re-audit runs a scratch copy of it). */
  pathsFrom?: string;
}

/** What a run produced; in verify mode nothing is stored and `recorded` is only computed. */
export type CellOutcome =
  | {
      cell: string;
      status: 'captured';
      recorded: Omit<RecordedCapture, 'workbook'>;
      check?: { status: CheckStatus; message: string; effect?: CheckEffect };
    }
  | { cell: string; status: 'error'; error: string }
  | { cell: string; status: 'skipped'; reason: string };
