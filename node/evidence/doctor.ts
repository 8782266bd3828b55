// `doctor`: before a run, per evidence cell, whether it can run here and now — parameters and
// secrets set, the host reachable, the tool installed, the folder there — with the fix in one line.
// It sends nothing but a TCP connection attempt to the hosts the cells name (`network: false` skips even that).
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { uriScheme, sqlEngineOf } from '../../core/evidence/sql-engine';
import { referencedNames } from '../../core/evidence/substitution';
import type { DoctorFinding } from '../../core/evidence/readiness';
import type { Cell, Workbook } from '../../core/workbook/schema';
import { loadWorkbook } from '../../core/workbook/store';
import { reachesOutside } from '../../core/evidence/policy';
import { nodeFileSystem as fs } from '../node-file-system';
import { runProcess } from '../runners/process';
import { expandForRun, resolveDir, resolveForDisplay, resolveForRun, type RunContext } from './context';
import { contextFor, type RunOptions } from './engine';
import { sqlitePath } from './sql-runner';
import { readiness } from './preflight';
import { s3Credentials } from './s3-runner';

export type { DoctorFinding };

export interface DoctorOptions extends RunOptions {
  /** Try a TCP connection to each host (default true). */
  network?: boolean;
  connectTimeoutMs?: number;
}

/** Whether host:port accepts a TCP connection; the reason when not. */
function reach(host: string, port: number, timeoutMs: number): Promise<string | null> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (reason: string | null) => {
      socket.destroy();
      done(reason);
    };
    socket.setTimeout(timeoutMs, () => finish(`no answer from ${host}:${port} within ${Math.round(timeoutMs / 1000)} s`));
    socket.once('connect', () => finish(null));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') finish(`${host}:${port} refuses connections`);
      else if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') finish(`cannot resolve ${host} (DNS)`);
      else finish(`cannot reach ${host}:${port}: ${error.message}`);
    });
  });
}

const defaultPort = (url: URL) =>
  Number(url.port || (url.protocol === 'https:' ? 443 : url.protocol === 'http:' ? 80 : url.protocol.startsWith('postgres') ? 5432 : 0));

/** The program of a shell or kubectl cell answers `--version` (or kubectl's `version --client`). */
async function installed(program: string, args: string[], ctx: RunContext): Promise<boolean> {
  const r = await runProcess([program, ...args], { env: ctx.env, timeoutMs: 10_000, maxBytes: 64_000 });
  return r.exitCode === 0;
}

async function examine(cell: Cell, ctx: RunContext, options: DoctorOptions): Promise<Omit<DoctorFinding, 'cell' | 'pillar' | 'kind'>> {
  const ready = readiness(cell, ctx);
  if (ready.status === 'blocked') {
    const refused = ready.reason.startsWith('refused:');
    return {
      status: 'blocked',
      says: ready.reason,
      fix: refused
        ? "change the cell's command: only reading commands and options run"
        : 'set it in the Parameters view, or with --param when creating the workbook',
    };
  }
  if (ready.status === 'skip') return { status: 'skip', says: ready.reason };
  const notes = [...ready.notes];
  const timeout = options.connectTimeoutMs ?? 3000;
  const hostOf = async (text: string, what: string): Promise<Omit<DoctorFinding, 'cell' | 'pillar' | 'kind'> | null> => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { status: 'blocked', says: `${what} is not a URL: ${text}`, fix: 'give a full URL such as https://mlflow.example.internal' };
    }
    if (options.network === false) return null;
    const port = defaultPort(url);
    if (!port) return null;
    const reason = await reach(url.hostname.replace(/^\[|\]$/g, ''), port, timeout);
    return reason
      ? { status: 'blocked', says: reason, fix: `check ${what}, the VPN or the proxy; offline, import the output of the command instead` }
      : null;
  };
  switch (cell.kind) {
    case 'rest': {
      // The host part never depends on discovered inputs; those stay as written.
      const problem = await hostOf(
        resolveForDisplay(cell.url, ctx).replace(/\$\{[^}]*\}/g, 'x'),
        referencedNames(cell.url).join(', ') || 'the URL',
      );
      if (problem) return problem;
      if (cell.inputs?.length || cell.forEach) notes.push('reads its inputs from the evidence of earlier cells');
      break;
    }
    case 'sql': {
      const connection = resolveForRun(cell.connection, ctx);
      const chosen = sqlEngineOf(cell.engine, connection);
      if ('error' in chosen)
        return { status: 'blocked', says: chosen.error, fix: 'point BACKEND_STORE_URI at a postgresql:// or sqlite:/// URI' };
      if (chosen.engine === 'sqlite') {
        const path = resolveDir(sqlitePath(connection), ctx);
        if (!existsSync(path))
          return { status: 'blocked', says: `no SQLite file at ${path}`, fix: 'copy the mlflow.db here, or point the URI at it' };
      } else if (chosen.engine === 'postgres') {
        const problem = await hostOf(connection.replace(/^postgres(ql)?\+[a-z0-9_]+:/i, 'postgresql:'), `the ${uriScheme(connection)} URI`);
        if (problem) return problem;
      }
      break;
    }
    case 's3': {
      // Which source the credentials come from; the SDK's chain is only asked when the cell runs.
      notes.push(`S3 credentials from ${s3Credentials(ctx).source}`);
      const endpoint = cell.endpoint ? resolveForRun(cell.endpoint, ctx) : '';
      if (endpoint) {
        const problem = await hostOf(endpoint, 'S3_ENDPOINT_URL');
        if (problem) return problem;
      }
      break;
    }
    case 'kubectl': {
      if (!(await installed('kubectl', ['version', '--client'], ctx)))
        return { status: 'blocked', says: 'kubectl is not installed', fix: 'install kubectl (Debian: kubernetes-client)' };
      const context = cell.context ? resolveForRun(cell.context, ctx) : '';
      const kubectl = (...args: string[]) =>
        runProcess(['kubectl', ...(context ? ['--context', context] : []), ...args], {
          env: ctx.env,
          timeoutMs: 10_000,
          maxBytes: 1_000_000,
        });
      const server = await kubectl('config', 'view', '--minify', '-o', 'jsonpath={.clusters[0].cluster.server}');
      const url = server.exitCode === 0 ? server.stdout.toString().trim() : '';
      if (!url) {
        return {
          status: 'blocked',
          says: context ? `kubeconfig has no context ${context}` : 'kubeconfig names no cluster (no current context)',
          fix: "set K8S_CONTEXT to one of `kubectl config get-contexts -o name`, or KUBECONFIG to the cluster's kubeconfig",
        };
      }
      const problem = await hostOf(url, `the cluster of ${context ? `context ${context}` : 'the current context'}`);
      if (problem) return problem;
      break;
    }
    case 'shell': {
      const program = cell.argv[0]!;
      if (!(await installed(program, ['--version'], ctx)))
        return { status: 'blocked', says: `${program} is not installed`, fix: `install ${program}` };
      const cwd = resolveDir(resolveForRun(cell.cwd, ctx), ctx);
      const absent = expandForRun(cell.paths ?? [], ctx).filter((p) => !existsSync(resolve(cwd, p)));
      if (absent.length) notes.push(`not present, will be left out: ${absent.join(', ')}`);
      break;
    }
    default:
      break;
  }
  return { status: 'ready', says: notes.length ? notes.join('; ') : 'ready' };
}

/** Every evidence cell of the workbook in audit order, examined. Writes nothing. */
export async function doctorWorkbook(dir: string, options: DoctorOptions = {}, wb?: Workbook): Promise<DoctorFinding[]> {
  const workbook = wb ?? (await loadWorkbook(fs, dir));
  const ctx = await contextFor(dir, workbook, options);
  const findings: DoctorFinding[] = [];
  for (const pillar of [...workbook.pillars].sort((a, b) => a.order - b.order)) {
    for (const cell of pillar.cells.filter((c) => reachesOutside(c.kind))) {
      let found: Omit<DoctorFinding, 'cell' | 'pillar' | 'kind'>;
      try {
        found = await examine(cell, ctx, options);
      } catch (error) {
        found = { status: 'blocked', says: (error as Error).message };
      }
      findings.push({
        cell: cell.id,
        pillar: pillar.number,
        kind: cell.kind,
        ...found,
        ...(cell.mutating && found.status === 'ready' ? { says: `${found.says}; mutating: runs only when named` } : {}),
      });
    }
  }
  return findings;
}
