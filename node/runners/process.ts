// Runs a program as argv (never through a shell) with a time limit, an output cap and
// cancellation; the one place evidence runners start processes.
import { spawn } from 'node:child_process';

export interface ProcessResult {
  stdout: Buffer;
  stderr: string;
  exitCode: number | null;
  durationMs: number;
  /** Why the process was stopped early, if it was. */
  stopped?: 'timeout' | 'too-big' | 'cancelled' | 'spawn-failed';
  spawnError?: string;
}

export interface ProcessOptions {
  cwd?: string;
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

export function runProcess(argv: readonly string[], options: ProcessOptions): Promise<ProcessResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let stopped: ProcessResult['stopped'];
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: options.cwd,
      env: options.env ?? process.env,
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stop = (why: NonNullable<ProcessResult['stopped']>) => {
      if (!stopped) stopped = why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
    const onAbort = () => stop('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxBytes) return stop('too-big');
      chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 64_000) stderr += chunk.toString();
    });
    const finish = (exitCode: number | null, spawnError?: string) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({
        stdout: Buffer.concat(chunks),
        stderr,
        exitCode,
        durationMs: performance.now() - started,
        ...(stopped ? { stopped } : {}),
        ...(spawnError ? { stopped: 'spawn-failed' as const, spawnError } : {}),
      });
    };
    child.on('error', (error) => finish(null, error.message));
    child.on('close', (code) => finish(code));
    if (options.signal?.aborted) onAbort();
  });
}

/** Whether output is binary: a NUL in its first 8 KiB, but for the one `grep -Z` puts after each file name (before `<line>:`). */
export const isBinary = (bytes: Uint8Array): boolean => /\0(?!\d+:)/.test(Buffer.from(bytes.subarray(0, 8192)).toString('latin1'));

/** The first line of `<program> --version`, cached; undefined when the program cannot say. */
const versions = new Map<string, Promise<string | undefined>>();
export function toolVersion(program: string, args: readonly string[] = ['--version']): Promise<string | undefined> {
  const key = `${program} ${args.join(' ')}`;
  if (!versions.has(key)) {
    versions.set(
      key,
      runProcess([program, ...args], { timeoutMs: 5000, maxBytes: 64_000 }).then((r) =>
        r.exitCode === 0
          ? r.stdout
              .toString()
              .split('\n')
              .find((l) => l.trim())
              ?.trim()
          : undefined,
      ),
    );
  }
  return versions.get(key)!;
}
