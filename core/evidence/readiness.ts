// Whether a cell can run, as the app, the CLI and `doctor` say it before anything is contacted.
import type { CellKind } from '../workbook/schema';

/**
 * ready (with notes such as "no credentials will be sent", and whether they will not), left out
 * (skip) with why, or blocked with why.
 */
export type Readiness =
  | { status: 'ready'; notes: string[]; withoutCredentials?: boolean }
  | { status: 'skip'; reason: string }
  | { status: 'blocked'; reason: string };

/** One line of `doctor`: a cell, whether it can run here and now, and what to do when it cannot. */
export interface DoctorFinding {
  cell: string;
  pillar: number;
  kind: CellKind;
  /** ready: it will run; skip: it is left out, saying why; blocked: it would fail. */
  status: 'ready' | 'skip' | 'blocked';
  says: string;
  /** What to do, in one line. */
  fix?: string;
}
