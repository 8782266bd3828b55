// kubectl cells: the real kubectl binary, as argv (no shell), with the cell's context and namespace.
// Only reading verbs run unless the cell is marked mutating (checked before this runner is called).
import { kubectlArgv } from '../../core/evidence/command-text';
import type { Cell } from '../../core/workbook/schema';
import { expandForRun, recordedCommand, resolveForRun, type RunContext, type RunnerResult } from './context';
import { runProgram } from './program';

type KubectlCell = Extract<Cell, { kind: 'kubectl' }>;

export function runKubectl(cell: KubectlCell, ctx: RunContext): Promise<RunnerResult> {
  return runProgram(
    kubectlArgv(
      cell,
      (s) => resolveForRun(s, ctx),
      (a) => expandForRun(a, ctx),
    ),
    ctx,
    { command: recordedCommand(cell, ctx), versionArgs: ['version', '--client'], missingHint: 'is kubectl installed?' },
  );
}
