// kubectl cells: the real kubectl binary, as argv (no shell), with the cell's context and namespace.
// Only reading verbs run unless the cell is marked mutating (checked before this runner is called).
import { shellQuote } from '../../core/evidence/command-text';
import type { Cell } from '../../core/workbook/schema';
import { resolveForDisplay, resolveForRun, type RunContext, type RunnerResult } from './context';
import { runProgram } from './program';

type KubectlCell = Extract<Cell, { kind: 'kubectl' }>;

/** The argv of a kubectl cell, with parameters resolved by `resolve`. */
function argvOf(cell: KubectlCell, resolve: (s: string) => string): string[] {
  const argv = ['kubectl'];
  const context = cell.context ? resolve(cell.context) : '';
  const namespace = cell.namespace ? resolve(cell.namespace) : '';
  if (context) argv.push('--context', context);
  if (namespace) argv.push('-n', namespace);
  argv.push(...cell.args.map(resolve));
  return argv;
}

export function runKubectl(cell: KubectlCell, ctx: RunContext): Promise<RunnerResult> {
  return runProgram(argvOf(cell, (s) => resolveForRun(s, ctx)), ctx, {
    command: argvOf(cell, (s) => resolveForDisplay(s, ctx)).map(shellQuote).join(' '),
    versionArgs: ['version', '--client'],
    missingHint: 'is kubectl installed?',
  });
}
