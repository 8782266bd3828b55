// What shell and kubectl cells share: run a program as argv under the run's limits, turn every
// way it can fail into one sentence, and hand over its output with the command as recorded.
import { isBinary, runProcess, toolVersion } from '../runners/process';
import { isoNow, type RunContext, type RunnerResult } from './context';
import { describeStop } from './errors';

export interface ProgramRun {
  /** The command as recorded in the capture (parameters shown, secrets as references). */
  command: string;
  cwd?: string;
  /** Arguments that make the program print its version. */
  versionArgs?: string[];
  /** Exit statuses other than 0 that still mean "here is the evidence" (grep's 1: no match). */
  acceptsExit?: (code: number, stderr: string) => boolean;
  /** Said when the program cannot be started at all. */
  missingHint?: string;
}

export async function runProgram(argv: readonly string[], ctx: RunContext, run: ProgramRun): Promise<RunnerResult> {
  const startedAt = isoNow(ctx);
  const program = argv[0]!.split('/').pop()!;
  const result = await runProcess(argv, {
    env: ctx.env,
    timeoutMs: ctx.limits.timeoutMs,
    maxBytes: ctx.limits.maxOutputBytes,
    ...(run.cwd ? { cwd: run.cwd } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  const stop = describeStop(result, program, ctx.limits);
  if (stop) return { ok: false, error: result.stopped === 'spawn-failed' && run.missingHint ? `${stop} (${run.missingHint})` : stop };
  if (isBinary(result.stdout)) return { ok: false, error: `${program} printed binary output; evidence must be text` };
  const code = result.exitCode ?? -1;
  if (code !== 0 && !run.acceptsExit?.(code, result.stderr)) {
    const message =
      result.stderr
        .trim()
        .split('\n')
        .find((l) => l.trim()) ?? '';
    return { ok: false, error: `${program} exited with status ${code}${message ? `: ${message}` : ''}` };
  }
  const version = await toolVersion(argv[0]!, run.versionArgs);
  return {
    ok: true,
    output: {
      command: run.command,
      output: result.stdout.toString('utf8'),
      startedAt,
      durationMs: Math.round(result.durationMs),
      exitStatus: result.exitCode,
      ...(version ? { toolVersion: version } : {}),
      secrets: [...ctx.secrets.values()],
    },
  };
}
