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

/** Programs a shell cell may run, named exactly (never by a path such as ./grep), and for git the subcommands. */
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

/**
 * Options that write a file, run another program or start a pager, per program, refused in every
 * spelling: `--opt`, `--opt=x`, `--opt x`, an unambiguous prefix (`--out`, as git and GNU tools
 * accept), and a short flag alone, bundled (`-nO`) or with its value attached (`-Ovim`).
 * git's global options (before the subcommand) and its subcommand's are told apart: `git -c …`
 * sets configuration (an alias, a pager), `git log -c` only formats a diff.
 */
const REFUSED_OPTIONS: Readonly<Record<string, { long: readonly string[]; short: string }>> = {
  rg: { long: ['--pre', '--pre-glob', '--search-zip', '--hostname-bin'], short: 'z' },
  'git:global': { long: ['--exec-path', '--paginate', '--config-env', '--html-path'], short: 'cp' },
  git: { long: ['--output', '--open-files-in-pager', '--ext-diff', '--textconv'], short: 'O' },
};

/** The first refused option among `args` (up to `--`), or null. */
function refusedOption(args: readonly string[], rule: { long: readonly string[]; short: string }): string | null {
  for (const arg of args) {
    if (arg === '--') return null;
    if (arg.startsWith('--')) {
      const name = arg.split('=')[0]!;
      if (name.length > 2 && rule.long.some((l) => l.startsWith(name))) return arg;
    } else if (arg.startsWith('-') && arg.length > 1 && [...arg.slice(1)].some((c) => rule.short.includes(c))) {
      return arg;
    }
  }
  return null;
}

/** git's global options that take a separate value (`-C dir`, `-c key=value`). */
const GIT_GLOBAL_WITH_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env']);

/**
 * Why a shell argv must never run, whatever the cell says: a program outside the read-only list or
 * given by a path, a git subcommand that is not a reading one, or an option that writes, executes
 * or pages. Judged on the cell as written and again on the argv resolved for the run, since a
 * parameter's value could add an option.
 */
export function shellHazard(argv: readonly string[]): string | null {
  const [program = '', ...rest] = argv;
  if (program.includes('/')) return `${program}: a program is named (grep), never given by a path`;
  if (!(program in READING_PROGRAMS))
    return `${program} is not one of the read-only commands (${Object.keys(READING_PROGRAMS).join(', ')})`;
  if (program === 'find') return rest.some((a) => FIND_ACTIONS.has(a)) ? 'find with an action that writes or runs programs' : null;
  if (program === 'git') {
    let i = 0;
    while (i < rest.length && rest[i]!.startsWith('-')) i += GIT_GLOBAL_WITH_VALUE.has(rest[i]!) ? 2 : 1;
    const global = refusedOption(rest.slice(0, i), REFUSED_OPTIONS['git:global']!);
    if (global) return `git ${global}: sets configuration, runs a program or a pager`;
    const sub = rest[i] ?? '';
    if (!READING_PROGRAMS['git']!.includes(sub)) return `git ${sub} is not one of git log, git show, git grep`;
    const option = refusedOption(rest.slice(i + 1), REFUSED_OPTIONS['git']!);
    return option ? `git ${sub} ${option}: writes a file, runs a program or a pager` : null;
  }
  const rule = REFUSED_OPTIONS[program];
  const option = rule ? refusedOption(rest, rule) : null;
  return option ? `${program} ${option}: runs another program` : null;
}

/** kubectl verbs that run something in the cluster or open a channel into it: never run, whatever the cell says. */
const KUBECTL_EXECUTING_VERBS = new Set(['exec', 'cp', 'port-forward', 'proxy', 'attach', 'debug', 'run']);

/** kubectl's own verbs; any other is a plugin (a program of that name on PATH), never run. */
const KUBECTL_BUILTIN_VERBS = new Set<string>([
  ...READING_KUBECTL_VERBS,
  ...['events', 'diff', 'wait', 'apply', 'create', 'delete', 'edit', 'patch', 'replace', 'scale', 'rollout', 'label', 'annotate'],
  ...['set', 'expose', 'autoscale', 'drain', 'cordon', 'uncordon', 'taint', 'certificate', 'config', 'kustomize', 'completion', 'alpha'],
  ...KUBECTL_EXECUTING_VERBS,
]);

/** Why a cell must never run, whatever it is marked (unlike a mutation, which runs when named). */
export function neverRuns(cell: Cell): string | null {
  if (cell.kind === 'shell') return shellHazard(cell.argv);
  if (cell.kind === 'kubectl') {
    const verb = kubectlVerb(cell.args);
    if (verb && KUBECTL_EXECUTING_VERBS.has(verb)) return `kubectl ${verb} runs something in the cluster or opens a channel into it`;
    if (verb && !KUBECTL_BUILTIN_VERBS.has(verb)) return `kubectl ${verb} is not a kubectl command (plugins are not run)`;
  }
  return null;
}

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
    case 'shell':
      // Shell cells only ever read: what is not reading never runs (neverRuns), marked or not.
      return shellHazard(cell.argv);
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
