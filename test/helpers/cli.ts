// The CLI run in-process as a user runs it: its printed lines and exit code, with the auditor's
// home folder (signing key, trust list) and stdin given per call.
import { main } from '../../cli/main';
import { fixedClock } from '../../core/ports';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export async function runCli(argv: string[], options: { home?: string; stdin?: string; now?: string } = {}): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = process.env['AUDIT_WORKBENCH_HOME'];
  if (options.home !== undefined) process.env['AUDIT_WORKBENCH_HOME'] = options.home;
  try {
    const code = await main(argv, {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      clock: fixedClock(options.now ?? '2026-12-06T12:00:00Z'),
      ...(options.stdin !== undefined ? { stdin: async () => options.stdin! } : {}),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    if (saved === undefined) delete process.env['AUDIT_WORKBENCH_HOME'];
    else process.env['AUDIT_WORKBENCH_HOME'] = saved;
  }
}
