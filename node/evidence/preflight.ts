// Whether a cell can run as the workbook stands, before anything is contacted: every parameter it
// references is set, a required secret is there, an optional one that is unset leaves the cell out
// (or, for a request's credentials, sends it without), the working folder exists. What `run` says
// before a cell, what the trust dialog says before asking, and the first half of `doctor`.
import { existsSync } from 'node:fs';
import { referencedNames } from '../../core/evidence/substitution';
import { neverRuns } from '../../core/evidence/policy';
import type { Readiness } from '../../core/evidence/readiness';
import type { Cell } from '../../core/workbook/schema';
import { describeRef, expandForRun, resolveDir, resolveForRun, type RunContext } from './context';

export type { Readiness } from '../../core/evidence/readiness';

/** The text fields of a cell that are resolved at run time, with its discovered input names. */
function resolvedFields(cell: Cell): { texts: string[]; discovered: string[] } {
  const discovered = 'inputs' in cell ? (cell.inputs ?? []).map((i) => i.name) : [];
  switch (cell.kind) {
    case 'rest':
      return { texts: [cell.url, cell.body ?? '', ...cell.headers.map((h) => h.value)], discovered };
    case 'sql':
      return { texts: [cell.connection, cell.query], discovered };
    case 's3':
      return { texts: [cell.bucket, cell.prefix ?? '', cell.endpoint ?? ''], discovered };
    case 'kubectl':
      return { texts: [cell.context ?? '', cell.namespace ?? '', ...cell.args], discovered };
    case 'shell':
      return { texts: [cell.cwd, ...cell.argv, ...(cell.paths ?? [])], discovered };
    default:
      return { texts: [], discovered };
  }
}

export function readiness(cell: Cell, ctx: RunContext): Readiness {
  const hazard = neverRuns(cell);
  if (hazard) return { status: 'blocked', reason: `refused: ${hazard}; the workbench never runs it` };
  const { texts, discovered } = resolvedFields(cell);
  const perRow = cell.kind === 'rest' && cell.forEach ? new Set<string>() : null;
  const notes: string[] = [];
  let withoutCredentials = false;
  const names = new Set(texts.flatMap(referencedNames));
  for (const name of names) {
    if (discovered.includes(name)) continue;
    const param = ctx.parameters.find((p) => p.name === name);
    if (!param) {
      // A forEach cell binds its row's columns by name at run time.
      if (perRow) continue;
      return { status: 'blocked', reason: `unknown parameter \${${name}}` };
    }
    if (param.secret) {
      if (ctx.secrets.has(name)) continue;
      if (param.required) return { status: 'blocked', reason: `secret parameter ${name} is required (${describeRef(param)})` };
      return { status: 'skip', reason: `${name} is not set, so this cell is left out (${describeRef(param)} to run it)` };
    }
    if (param.value === undefined && param.values === undefined)
      return { status: 'blocked', reason: `parameter ${name} has no value; set it in the workbook` };
  }
  if (cell.kind === 'rest' && cell.auth && !ctx.secrets.has(cell.auth.parameter)) {
    const param = ctx.parameters.find((p) => p.name === cell.auth!.parameter);
    if (param?.required) return { status: 'blocked', reason: `secret parameter ${param.name} is required (${describeRef(param)})` };
    notes.push(`${cell.auth.parameter} is not set: the request goes without credentials`);
    withoutCredentials = true;
  }
  if (cell.kind === 'shell') {
    const cwd = resolveDir(resolveForRun(cell.cwd, ctx), ctx);
    if (!existsSync(cwd)) return { status: 'blocked', reason: `working folder ${cwd} does not exist (check REPO_DIR)` };
    // Paths given by an empty list parameter (artifacts to compare, say): nothing to look at here.
    if (cell.paths && expandForRun(cell.paths, ctx).length === 0) {
      const names = [...new Set(cell.paths.flatMap(referencedNames))].join(', ');
      return { status: 'skip', reason: `no path to read: ${names || 'paths'} is empty; set it to run this cell` };
    }
  }
  return { status: 'ready', notes, ...(withoutCredentials ? { withoutCredentials } : {}) };
}
