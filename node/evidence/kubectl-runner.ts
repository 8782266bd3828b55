// kubectl cells: the real kubectl binary, as argv (no shell), with the cell's context and namespace.
// Only reading verbs run unless the cell is marked mutating (checked before this runner is called).
import type { Cell } from '../../core/workbook/schema';
import { shellQuote } from '../../core/evidence/command-text';
import { isBinary, runProcess, toolVersion } from '../runners/process';
import { isoNow, resolveForDisplay, resolveForRun, type RunContext, type RunnerResult } from './context';
import { describeStop } from './errors';

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

export async function runKubectl(cell: KubectlCell, ctx: RunContext): Promise<RunnerResult> {
  const argv = argvOf(cell, (s) => resolveForRun(s, ctx));
  const startedAt = isoNow(ctx);
  const result = await runProcess(argv, {
    timeoutMs: ctx.limits.timeoutMs,
    maxBytes: ctx.limits.maxOutputBytes,
    env: ctx.env,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  const stop = describeStop(result, 'kubectl', ctx.limits);
  if (stop) return { ok: false, error: stop.replace('could not be started', 'could not be started (is kubectl installed?)') };
  if (result.exitCode !== 0) {
    const message = result.stderr.trim().split('\n').find((l) => l.trim()) ?? `exit status ${result.exitCode}`;
    return { ok: false, error: `kubectl exited with status ${result.exitCode}: ${message}` };
  }
  if (isBinary(result.stdout)) return { ok: false, error: 'kubectl printed binary output; evidence must be text' };
  const version = await toolVersion('kubectl', ['version', '--client']);
  return {
    ok: true,
    output: {
      command: argvOf(cell, (s) => resolveForDisplay(s, ctx)).map(shellQuote).join(' '),
      output: result.stdout.toString('utf8'),
      startedAt,
      durationMs: Math.round(result.durationMs),
      exitStatus: result.exitCode,
      ...(version ? { toolVersion: version } : {}),
      secrets: [...ctx.secrets.values()],
    },
  };
}
