// Entry point of `audit-workbench`: dispatches to a command, prints one line on failure.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { systemClock } from '../core/ports';
import { FormatError } from '../core/workbook/format-error';
import { ExitError, UsageError, type Io } from './args';
import { COMMANDS } from './commands';

const USAGE = `audit-workbench — audit a platform pillar by pillar, offline-first.

Usage: audit-workbench <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.synopsis.split(/ [<["-]/)[0]!.padEnd(12)} ${c.summary}`).join('\n')}

Run "audit-workbench <command> --help" for a command's options; "audit-workbench --version" for the version.
Exit status: 0 done, 1 a failure or a finding (problems, drift, a blocked or failed cell, conflicts),
2 wrong usage, 3 reaudit could not run or report, 130 interrupted (Ctrl-C).`;

/** The version in package.json, read only when asked for. */
function version(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** The message printed for a failure: one line; a file with many problems names the first. */
function oneLine(error: unknown): string {
  if (error instanceof FormatError && error.problems.length > 1) {
    const first = error.problems[0]!;
    return `${error.file}: ${first.path ? `${first.path}: ` : ''}${first.message} (and ${error.problems.length - 1} more problem(s))`;
  }
  const fsError = error as NodeJS.ErrnoException;
  if (fsError.code && fsError.path && FS_ERRORS[fsError.code]) return `cannot use ${fsError.path}: ${FS_ERRORS[fsError.code]}`;
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!;
}

const FS_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'a file is in the way',
  ENOTDIR: 'a file is in the way (expected a folder)',
  EISDIR: 'is a folder (expected a file)',
  ENOSPC: 'the disk is full',
  EROFS: 'read-only file system',
};

/** Runs the CLI and returns the exit code: 0 ok, 1 failure, 2 wrong usage. */
export async function main(argv: string[], given: Io): Promise<number> {
  // Whatever a command prints passes here: workbook text never reaches a terminal raw.
  const io: Io = {
    ...given,
    out: (t) => given.out(terminalSafe(t)),
    err: (t) => given.err(terminalSafe(t)),
    ...(given.status ? { status: (t: string | null) => given.status!(t === null ? null : terminalSafe(t)) } : {}),
  };
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    io.out(`audit-workbench ${version()}`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`audit-workbench: unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (values['help']) {
      io.out(`Usage: audit-workbench ${command.synopsis}\n\n${command.help}`);
      return 0;
    }
    await (await command.load()).run(positionals, values, io);
    return 0;
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    io.err(`audit-workbench ${name}: ${oneLine(error)}`);
    return usage ? 2 : given.signal?.aborted ? 130 : error instanceof ExitError ? error.exitCode : 1;
  }
}

const interrupt = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  // First Ctrl-C: stop after the running step (its process is killed); the second exits at once.
  if (interrupted) process.exit(130);
  interrupted = true;
  process.stderr.write('\nstopping after the current step (Ctrl-C again to quit now)\n');
  interrupt.abort();
});

/**
 * Text from a workbook (a title, a reason, an id in an error) can hold ESC, BEL or CR: printed
 * raw, it could rewrite the terminal. Control characters but newline and tab are shown escaped,
 * in everything `main` prints.
 */
export const terminalSafe = (text: string): string =>
  // eslint-disable-next-line no-control-regex
  text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

export const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  clock: systemClock,
  signal: interrupt.signal,
  // A line rewritten in place: only where a person watches (a terminal), never into a log.
  ...(process.stderr.isTTY ? { status: (text: string | null) => process.stderr.write(`\r\x1b[2K${text ?? ''}`) } : {}),
  // Only someone at a terminal can answer a question; elsewhere the command says what to pass.
  ...(process.stdin.isTTY
    ? {
        ask: async (question: string) => {
          const prompt = createInterface({ input: process.stdin, output: process.stderr });
          try {
            return await prompt.question(question);
          } finally {
            prompt.close();
          }
        },
      }
    : {
        stdin: async () => {
          const chunks: Buffer[] = [];
          for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
          return Buffer.concat(chunks).toString('utf8');
        },
      }),
};
