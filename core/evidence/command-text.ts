// The reproducible command behind each cell, as a person would type it: what the trust dialog
// shows, what a capture records and what the report's Method section and appendix print — one
// function for all three. Parameters with a value are substituted; a secret stays a reference to
// the environment variable it is read from, so that the line works when pasted.
import type { Cell, Parameter } from '../workbook/schema';
import { expandArgv, parameterValue, substitute, type Bound, type Lookup, type Missing } from './substitution';

type RestCell = Extract<Cell, { kind: 'rest' }>;

/** What a run knows beyond the cell: discovered inputs, the paths that exist, what was sent. */
export interface RunFacts {
  /** Lists discovered from earlier evidence (a cell's `inputs`), or the row of one `forEach` request. */
  bindings?: ReadonlyMap<string, Bound>;
  /** Shell cells: the paths that existed and were searched, when some of the cell's did not. */
  paths?: readonly string[];
  /** REST: how many requests the run made (pages, or one per `forEach` row). */
  requests?: number;
  /** REST: the optional secret of `auth` was not set, so the requests went without credentials. */
  withoutCredentials?: boolean;
  /** SQL: the engine an `auto` cell resolved from its connection's scheme. */
  engine?: string;
}

function displayLookup(params: readonly Parameter[], facts: RunFacts): Lookup {
  return (name) => {
    const bound = facts.bindings?.get(name);
    if (bound !== undefined) return bound;
    const param = params.find((p) => p.name === name);
    return param && !param.secret ? parameterValue(param) : undefined;
  };
}

/** A secret shows as the environment variable it comes from; anything else unresolved stays as written. */
const displayMissing =
  (params: readonly Parameter[]): Missing =>
  (name, reference) => {
    const secret = params.find((p) => p.name === name)?.secret;
    return secret && 'env' in secret ? `\${${secret.env}}` : reference;
  };

/** Replaces `${NAME}` by the parameter's value; secrets and unknown names stay references. */
export function resolveParams(text: string, params: readonly Parameter[], facts: RunFacts = {}): string {
  return substitute(text, displayLookup(params, facts), displayMissing(params));
}

/** Quotes one argument for a POSIX shell when it needs it; `${VAR}` references stay expandable. */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  if (/^[A-Za-z0-9_@%+=:,./${} -]+$/.test(arg) && arg.includes('${')) return `"${arg}"`;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

const argvText = (argv: readonly string[]) => argv.map(shellQuote).join(' ');

const looksLikeJson = (body: string) => /^\s*[[{]/.test(body);

/**
 * The headers a rest cell sends besides its credentials: its own, plus `Content-Type:
 * application/json` for a JSON body when it names none (MLflow ≥ 2.9 answers 400 otherwise, and
 * fetch and `curl -d` would both send another type).
 */
export function requestHeaders(cell: RestCell): { name: string; value: string }[] {
  const sendsBody = cell.body !== undefined && cell.method !== 'GET' && cell.method !== 'HEAD';
  const named = cell.headers.some((h) => h.name.toLowerCase() === 'content-type');
  return sendsBody && !named && looksLikeJson(cell.body!)
    ? [...cell.headers, { name: 'Content-Type', value: 'application/json' }]
    : cell.headers;
}

/** The argv of a kubectl cell, with `resolve` applied to every part. */
export function kubectlArgv(
  cell: Extract<Cell, { kind: 'kubectl' }>,
  resolve: (s: string) => string,
  expand: (argv: string[]) => string[],
): string[] {
  const argv = ['kubectl'];
  const context = resolve(cell.context ?? '');
  const namespace = resolve(cell.namespace ?? '');
  if (context) argv.push('--context', context);
  if (namespace) argv.push('-n', namespace);
  return [...argv, ...expand(cell.args)];
}

/**
 * The argv of a shell cell: its own, then the paths that exist (all of the cell's by default) after
 * `--`, so that a path (a parameter's value) is never read as an option. find takes its paths first.
 */
export function shellArgv(
  cell: Extract<Cell, { kind: 'shell' }>,
  expand: (argv: string[]) => string[],
  paths?: readonly string[],
): string[] {
  const argv = withoutRepositoryPrograms(expand(cell.argv));
  const given = paths ?? expand(cell.paths ?? []);
  if (!given.length) return argv;
  if (argv[0] === 'find') return [argv[0], ...given, ...argv.slice(1)];
  return [...argv, '--', ...given];
}

/**
 * git log and git show with `--no-ext-diff --no-textconv`: the audited repository's own
 * configuration could name a diff driver or a text converter, a program git would run for it.
 */
function withoutRepositoryPrograms(argv: string[]): string[] {
  if (argv[0] !== 'git') return argv;
  let i = 1;
  while (i < argv.length && argv[i]!.startsWith('-'))
    i += ['-C', '-c', '--git-dir', '--work-tree', '--namespace'].includes(argv[i]!) ? 2 : 1;
  if (argv[i] !== 'log' && argv[i] !== 'show') return argv;
  const forced = ['--no-ext-diff', '--no-textconv'].filter((f) => !argv.includes(f));
  return [...argv.slice(0, i + 1), ...forced, ...argv.slice(i + 1)];
}

/** A cell's command and the language to highlight it in; null for notes. */
export function commandText(
  cell: Cell,
  params: readonly Parameter[],
  facts: RunFacts = {},
): { language: 'bash' | 'sql'; text: string } | null {
  const lookup = displayLookup(params, facts);
  const missing = displayMissing(params);
  const r = (s: string) => substitute(s, lookup, missing);
  const expand = (argv: string[]) => expandArgv(argv, lookup, missing);
  switch (cell.kind) {
    case 'rest': {
      const argv = ['curl', '-sS'];
      if (cell.method !== 'GET') argv.push('-X', cell.method);
      argv.push(r(cell.url));
      for (const h of requestHeaders(cell)) argv.push('-H', `${h.name}: ${r(h.value)}`);
      if (cell.auth && !facts.withoutCredentials)
        argv.push('-H', `Authorization: ${cell.auth.scheme} ${missing(cell.auth.parameter, `\${${cell.auth.parameter}}`)}`);
      if (cell.body !== undefined) argv.push('-d', r(cell.body));
      const notes = [
        cell.forEach ? `one request per row of: ${cell.forEach.sql.replace(/\s+/g, ' ').trim()}` : '',
        cell.pagination === 'none' ? '' : `paginated (${cell.pagination === 'mlflow' ? 'next_page_token' : 'Link header'})`,
        facts.requests !== undefined && facts.requests !== 1 ? `${facts.requests} requests` : '',
        cell.auth && facts.withoutCredentials ? `sent without credentials: ${cell.auth.parameter} is not set` : '',
      ].filter(Boolean);
      return { language: 'bash', text: argvText(argv) + (notes.length ? `  # ${notes.join('; ')}` : '') };
    }
    case 'sql':
      return {
        language: 'sql',
        text: `-- ${facts.engine ?? cell.engine}${cell.connection ? `: ${r(cell.connection)}` : ''}\n${r(cell.query)}`,
      };
    case 's3': {
      const argv = ['aws', 's3api', cell.operation, '--bucket', r(cell.bucket)];
      const prefix = r(cell.prefix ?? '');
      const endpoint = r(cell.endpoint ?? '');
      if (prefix) argv.push('--prefix', prefix);
      if (endpoint) argv.push('--endpoint-url', endpoint);
      return { language: 'bash', text: argvText(argv) };
    }
    case 'kubectl':
      return { language: 'bash', text: argvText(kubectlArgv(cell, r, expand)) };
    case 'shell': {
      const cwd = r(cell.cwd);
      const prefix = cwd === '' || cwd === '.' ? '' : `cd ${shellQuote(cwd)} && `;
      return { language: 'bash', text: `${prefix}${argvText(shellArgv(cell, expand, facts.paths))}` };
    }
    case 'import':
      return {
        language: 'bash',
        text: `${r(cell.sourceCommand)}\n# run elsewhere${cell.sourceLocation ? ` (${r(cell.sourceLocation)})` : ''}; output imported`,
      };
    case 'query':
    case 'check':
      return { language: 'sql', text: `-- over the local DuckDB evidence tables\n${cell.sql}` };
    case 'note':
      return null;
  }
}
