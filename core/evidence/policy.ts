// What an evidence cell may do without being marked mutating. Reading is the default; anything
// that could change the audited system refuses to run unless the cell says so, and a mutating
// cell never runs as part of "run all".
import type { Cell } from '../workbook/schema';

/** kubectl verbs that only read. */
export const READING_KUBECTL_VERBS = [
  'get',
  'describe',
  'logs',
  'version',
  'api-resources',
  'api-versions',
  'cluster-info',
  'explain',
  'top',
  'auth',
] as const;

/** Programs a shell cell may run, and for git the subcommands. */
export const READING_PROGRAMS: Readonly<Record<string, readonly string[] | null>> = {
  grep: null,
  rg: null,
  ls: null,
  find: null,
  cat: null,
  wc: null,
  sha256sum: null,
  git: ['log', 'show', 'grep'],
};

// find's actions that write, delete or run other programs.
const FIND_ACTIONS = new Set(['-exec', '-execdir', '-ok', '-okdir', '-delete', '-fprint', '-fprint0', '-fprintf', '-fls']);

/** The kubectl verb of an argv: the first argument that is not a flag (or a flag's value). */
export function kubectlVerb(args: readonly string[]): string | undefined {
  const withValue = new Set([
    '-n',
    '--namespace',
    '--context',
    '--kubeconfig',
    '-o',
    '--output',
    '-l',
    '--selector',
    '--cluster',
    '--user',
  ]);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (withValue.has(a)) i++;
    else if (!a.startsWith('-')) return a;
  }
  return undefined;
}

/** Why running this cell could change something, or null when it only reads. */
export function mutationReason(cell: Cell): string | null {
  switch (cell.kind) {
    case 'rest':
      if (cell.method === 'GET' || cell.method === 'HEAD' || cell.readOnly) return null;
      return `${cell.method} request (only GET and HEAD read; a read-only POST must be marked readOnly in the template)`;
    case 'kubectl': {
      const verb = kubectlVerb(cell.args);
      if (verb === 'auth' && kubectlVerb(cell.args.slice(cell.args.indexOf('auth') + 1)) !== 'can-i')
        return 'kubectl auth other than can-i';
      return verb && (READING_KUBECTL_VERBS as readonly string[]).includes(verb)
        ? null
        : `kubectl ${verb ?? '(no verb)'} is not a reading verb`;
    }
    case 'shell': {
      const [program, ...rest] = cell.argv;
      const name = (program ?? '').split('/').pop()!;
      if (!(name in READING_PROGRAMS)) return `${name} is not one of the read-only commands (${Object.keys(READING_PROGRAMS).join(', ')})`;
      const sub = READING_PROGRAMS[name];
      if (sub && !sub.includes(rest.find((a) => !a.startsWith('-')) ?? ''))
        return `${name} ${rest[0] ?? ''} is not one of ${sub.map((s) => `${name} ${s}`).join(', ')}`;
      if (name === 'find' && rest.some((a) => FIND_ACTIONS.has(a))) return 'find with an action that writes or runs programs';
      return null;
    }
    default:
      return null;
  }
}

/** Whether "run all" skips this cell. */
export const isSkippedByRunAll = (cell: Cell): boolean => cell.mutating;

/** Kinds that reach outside the workbook (network, processes, databases); query, check, note and
 *  import cells read only what the workbook holds. An untrusted workbook asks before running these. */
export const reachesOutside = (kind: Cell['kind']): boolean =>
  kind === 'rest' || kind === 'sql' || kind === 's3' || kind === 'kubectl' || kind === 'shell';
