// The commands of `audit-workbench`. Each parses its own options and calls core; none holds
// domain logic. Bad input throws UsageError (exit 2) or any Error (exit 1); nothing is written
// before the input has been checked.
import type { ParseArgsConfig } from 'node:util';
import { exportIssues, exportReport } from '../core/exports';
import { isoDay, type Clock } from '../core/ports';
import { createWorkbook } from '../node/workbooks';
import { appHome, trust } from '../node/app-home';
import { machineSigner } from '../node/signing-key';
import { purgeSecret } from '../core/workbook/purge';
import { keyFingerprint } from '../core/workbook/purge-ledger';
import { checkTrust } from '../node/trust-gate';
import type { Cell } from '../core/workbook/schema';
import { mergeWorkbookFiles } from '../node/merge';
import { deltaDocument, parseVersionRef, type VersionRef } from '../core/report/delta-document';
import { expireWaivers } from '../core/waivers';
import { loadWorkbook } from '../core/workbook/store';
import { publishVersion, verifyWorkbook } from '../core/workbook/versions';
import { nodeFileSystem as fs } from '../node/node-file-system';
import { attestCheck, describeOutcome, importCapture, RUNNABLE_KINDS, runCells, selectCells, verifyCells } from '../node/evidence/engine';
import { FORMATS, type Format } from '../core/evidence/parse';
import { engineMessage } from '../core/query/checks';
import { loadEvidenceTables } from '../core/query/evidence-tables';
import { openDuckDb } from '../node/query/duckdb';
import { textTable } from './text-table';
import { listTemplates } from '../node/templates';
import { describeResult, describeStep, type GitHubPushResult } from '../core/issues/github-plan';
import { describePendingPush } from '../core/issues/github-state';
import { DEFAULT_PACING } from '../node/github/client';
import { pushToGitHub, REPO_PATTERN } from '../node/github/push';
import { DEFAULT_TOKEN_ENV, resolveGitHubToken } from '../node/github/token';

/** Wrong usage of the command line (unknown option, missing argument). */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  clock: Clock;
  /** Aborted on Ctrl-C: long work stops after the current step, keeping what was saved. */
  signal?: AbortSignal;
  /** A question answered on the terminal; absent when no one is there to answer (CI, a pipe). */
  ask?: (question: string) => Promise<string>;
  /** Everything piped in, when stdin is not a terminal (a secret to purge never goes on the command line). */
  stdin?: () => Promise<string>;
}

/**
 * An untrusted workbook runs no external cell from the CLI unless the user passes --trust or says
 * yes on a terminal; otherwise the commands that would run are listed and nothing runs.
 */
async function requireTrust(dir: string, cells: readonly Cell[], given: boolean, io: Io): Promise<void> {
  const wb = await loadWorkbook(fs, dir);
  const check = await checkTrust(dir, wb, cells);
  if (check.damaged) io.err(`note: ${check.damaged}`);
  if (check.trusted) return;
  const trustIt = async () => {
    await trust(appHome(process.env), dir);
    io.err(`note: ${dir} is now trusted on this machine`);
  };
  if (given) return trustIt();
  io.out(`${dir} was not created or trusted on this machine. Its cells would run:`);
  for (const { cell, command } of check.wouldRun) io.out(`  ${cell}: ${command.replace(/\n/g, '\n    ')}`);
  if (io.ask && /^y(es)?$/i.test((await io.ask('Trust this workbook and run them? [y/N] ')).trim())) return trustIt();
  throw new Error(
    `${dir} is not trusted on this machine: review the ${check.wouldRun.length} command(s) above, then run again with --trust (or audit-workbench trust ${dir})`,
  );
}

export interface Command {
  name: string;
  synopsis: string;
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  help: string;
  run(positionals: string[], values: Record<string, unknown>, io: Io): Promise<void>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function oneDir(positionals: string[], command: string): string {
  if (positionals.length !== 1) throw new UsageError(`${command} takes one workbook folder (see audit-workbench ${command} --help)`);
  return positionals[0]!;
}

function parseParams(pairs: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param expects NAME=VALUE, got "${pair}"`);
    params[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return params;
}

/** `v2`, `2` or `current`. */
function versionRef(ref: string, option: string): VersionRef {
  const parsed = parseVersionRef(ref);
  if (parsed === null) throw new UsageError(`${option} expects a version such as v1, or "current"; got "${ref}"`);
  return parsed;
}

export const COMMANDS: Command[] = [
  {
    name: 'new',
    synopsis: 'new <dir> --template <name|file.yaml> [--param NAME=VALUE …]',
    summary: 'create a workbook from an audit template',
    options: {
      template: { type: 'string' },
      param: { type: 'string', multiple: true },
      title: { type: 'string' },
      auditor: { type: 'string' },
      scope: { type: 'string' },
    },
    help: `Creates the folder <dir> with a workbook.json instantiated from the template.

Options:
  --template <name|file>  a bundled template name, or a path to a template.yaml
  --param NAME=VALUE      set a template parameter (repeatable); a secret parameter takes a
                          reference, env:VAR or keychain:ENTRY, never the secret itself
  --title, --auditor, --scope  header fields of the workbook

Refuses a folder that already exists and is not empty.`,
    async run(positionals, values, io) {
      const dir = oneDir(positionals, 'new');
      const templateName = str(values['template']);
      if (!templateName) {
        throw new UsageError(`new needs --template (bundled: ${(await listTemplates()).join(', ')})`);
      }
      const params = parseParams(strs(values['param']));
      // As MLflow's own client does: the tracking server named in the environment, unless given.
      const fromEnv = process.env['MLFLOW_TRACKING_URI'];
      const {
        workbook: wb,
        template,
        redactions,
      } = await createWorkbook(
        dir,
        {
          template: templateName,
          params,
          ...(fromEnv && params['MLFLOW_TRACKING_URI'] === undefined ? { paramsFromEnv: { MLFLOW_TRACKING_URI: fromEnv } } : {}),
          ...(str(values['title']) !== undefined ? { title: str(values['title'])! } : {}),
          ...(str(values['auditor']) !== undefined ? { auditor: str(values['auditor'])! } : {}),
          ...(str(values['scope']) !== undefined ? { scope: str(values['scope'])! } : {}),
        },
        io.clock,
      );
      await trust(appHome(process.env), dir); // made on this machine
      io.out(`Created ${dir}/workbook.json from template ${template.name} v${template.version} (${wb.pillars.length} pillars).`);
      io.out('Parameters (change them with --param NAME=VALUE when creating, or in the app; a list takes comma-separated items):');
      for (const p of wb.parameters) {
        const how =
          params[p.name] !== undefined ? 'given' : p.name === 'MLFLOW_TRACKING_URI' && fromEnv ? 'from $MLFLOW_TRACKING_URI' : 'default';
        if (p.secret) {
          const ref = 'env' in p.secret ? `environment variable ${p.secret.env}` : `keychain entry ${p.secret.keychain}`;
          io.out(`  ${p.name} ← ${ref} (secret, ${p.required ? 'required' : 'optional: unset, its cells go without it'})`);
        } else io.out(`  ${p.name} = ${p.values ? `[${p.values.join(', ')}]` : (p.value ?? '(unset)')} (${how})`);
      }
      for (const where of new Set(redactions.map((r) => r.where))) {
        io.err(
          `note: a secret given for ${where} was not stored ([REDACTED]); give it as a secret parameter, read from the environment or the keychain`,
        );
      }
      io.out(`Next: audit-workbench doctor ${dir}`);
    },
  },
  {
    name: 'validate',
    synopsis: 'validate <dir>',
    summary: 'check workbook.json, the version chain and every evidence blob',
    options: {},
    help: `Loads workbook.json and checks it against the schema; re-computes the manifest hash of every
published version and the chain between them; re-hashes every referenced evidence blob. Prints each
problem and exits 1 if there is any. Never writes.`,
    async run(positionals, _values, io) {
      const dir = oneDir(positionals, 'validate');
      const result = await verifyWorkbook(fs, dir);
      const wb = await loadWorkbook(fs, dir);
      const { lapsed } = expireWaivers(wb, isoDay(io.clock.now()));
      for (const l of lapsed) io.err(`note: ${l.gap}: ${l.note}`);
      if (wb.github?.pending) io.err(`note: ${describePendingPush(wb.github.pending)}; run audit-workbench github push when online`);
      if (result.problems.length) {
        for (const p of result.problems) io.err(p);
        throw new Error(`${dir}: ${result.problems.length} problem(s) found`);
      }
      io.out(
        `${dir}: valid — workbook.json, ${result.versionsChecked} version(s) chained, ${result.blobsChecked} evidence blob(s) verified` +
          (result.tombstones ? ` (${result.tombstones} purged: tombstones as ${wb.purges!.length} signed purge event(s) record).` : '.'),
      );
    },
  },
  {
    name: 'publish',
    synopsis: 'publish <dir> --message <text> [--item <text> …]',
    summary: 'freeze the working copy as the next version',
    options: { message: { type: 'string' }, item: { type: 'string', multiple: true } },
    help: `Freezes the working copy as versions/v<N>.json with a changelog entry (--message, plus
optional --item lines) and a manifest hash chained to the previous version.`,
    async run(positionals, values, io) {
      const dir = oneDir(positionals, 'publish');
      const message = str(values['message'])?.trim();
      if (!message) throw new UsageError('publish needs --message <text> for the changelog');
      const { snapshot } = await publishVersion(fs, dir, { message, items: strs(values['item']) }, io.clock);
      io.out(`Published v${snapshot.version} of ${dir} — manifest ${snapshot.manifestHash}.`);
    },
  },
  {
    name: 'diff',
    synopsis: 'diff <dir> --from <vN> [--to <vN>|current] [--out <file>]',
    summary: 'print what changed between two versions, as Markdown',
    options: { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } },
    help: `Compares version --from with --to (another version, or "current" for the working copy, the
default): gaps added / removed / changed field by field, verdicts, scores, evidence reproduced or
drifted. Prints Markdown, or writes it to --out.`,
    async run(positionals, values, io) {
      const dir = oneDir(positionals, 'diff');
      const fromRef = str(values['from']);
      if (!fromRef) throw new UsageError('diff needs --from <version>, e.g. --from v1');
      const from = versionRef(fromRef, '--from');
      const to = versionRef(str(values['to']) ?? 'current', '--to');
      const { markdown } = await deltaDocument(fs, dir, from, to);
      const out = str(values['out']);
      if (out) {
        await fs.writeAtomic(out, markdown);
        io.out(`Wrote ${out}.`);
      } else io.out(markdown.trimEnd());
    },
  },
  {
    name: 'run',
    synopsis: 'run <dir> [--pillar N] [--cell ID] [--disputed] [--checks] [--yes-mutating] [--trust]',
    summary: 'run evidence cells and record their captures',
    options: {
      pillar: { type: 'string' },
      cell: { type: 'string' },
      disputed: { type: 'boolean' },
      checks: { type: 'boolean' },
      'yes-mutating': { type: 'boolean' },
      trust: { type: 'boolean' },
    },
    help: `Runs the evidence cells of the workbook (or of one pillar, or one cell) in audit order, records a
capture for each and saves after each one. Prints one line per cell: captured, reproduced or drifted
against the previous capture, or the error. Mutating cells (write probes …) never run as part of a
pillar or of the whole workbook; name the cell and add --yes-mutating to run one. --checks runs
only the query and check cells, over the evidence already captured or imported (contacts nothing).
--disputed re-runs only the pillars the committee disputed in its REVISE verdict.
A workbook not created or trusted on this machine runs no REST, SQL, S3, kubectl or shell cell: the
commands are listed and the run stops, unless --trust is given (or "y" is answered on a terminal).`,
    async run(positionals, values, io) {
      const dir = oneDir(positionals, 'run');
      const pillar = str(values['pillar']);
      if (pillar !== undefined && !/^\d+$/.test(pillar)) throw new UsageError(`--pillar expects a pillar number, got "${pillar}"`);
      const cell = str(values['cell']);
      const selection = {
        ...(pillar !== undefined ? { pillar: Number(pillar) } : {}),
        ...(cell !== undefined ? { cell } : {}),
        ...(values['checks'] === true ? { kinds: ['query', 'check'] as const } : {}),
        ...(values['disputed'] === true ? { disputed: true } : {}),
      };
      await requireTrust(dir, selectCells(await loadWorkbook(fs, dir), selection), values['trust'] === true, io);
      const outcomes = await runCells(
        dir,
        selection,
        {
          yesMutating: values['yes-mutating'] === true && cell !== undefined,
          now: () => io.clock.now(),
          ...(io.signal ? { signal: io.signal } : {}),
        },
        (o, i, total) => io.out(`[${i + 1}/${total}] ${describeOutcome(o)}`),
      );
      const cancelled = outcomes.filter((o) => o.status === 'skipped' && o.reason === 'cancelled').length;
      if (cancelled) throw new Error(`cancelled: ${cancelled} cell(s) not run; captures made before the cancel are saved`);
      const failed = outcomes.filter((o) => o.status === 'error' || (o.status === 'captured' && o.check?.status === 'error')).length;
      if (failed) throw new Error(`${failed} of ${outcomes.length} cell(s) failed; their previous captures are kept`);
    },
  },
  {
    name: 'verify',
    synopsis: 'verify <dir> [--trust]',
    summary: 're-run the evidence and report reproduced / drifted / failed',
    options: { trust: { type: 'boolean' } },
    help: `Re-runs every non-mutating evidence cell and compares each output with the cell's last capture:
reproduced (same sha256), drifted (with the row changes), or failed. Writes nothing. Exits 1 when a
cell drifted or failed.`,
    async run(positionals, values, io) {
      const dir = oneDir(positionals, 'verify');
      const wb = await loadWorkbook(fs, dir);
      const external = selectCells(wb, {}).filter((c) => (RUNNABLE_KINDS as readonly string[]).includes(c.kind));
      await requireTrust(dir, external, values['trust'] === true, io);
      const outcomes = await verifyCells(dir, { now: () => io.clock.now(), ...(io.signal ? { signal: io.signal } : {}) }, (o, i, total) =>
        io.out(`[${i + 1}/${total}] ${describeOutcome(o)}`),
      );
      const drifted = outcomes.filter((o) => o.status === 'captured' && o.recorded.comparison.status === 'drifted').length;
      const failed = outcomes.filter((o) => o.status === 'error').length;
      const reproduced = outcomes.filter((o) => o.status === 'captured' && o.recorded.comparison.status === 'reproduced').length;
      io.out(`${reproduced} reproduced, ${drifted} drifted, ${failed} failed of ${outcomes.length} cell(s).`);
      if (drifted || failed) throw new Error(`evidence did not reproduce: ${drifted} drifted, ${failed} failed`);
    },
  },
  {
    name: 'doctor',
    synopsis: 'doctor <dir> [--offline]',
    summary: 'say, before a run, which cells can run here and what to fix',
    options: { offline: { type: 'boolean' } },
    help: `For every evidence cell, in audit order: are its parameters and secrets set, does its host
accept a connection, is its tool installed (kubectl, the shell command), does its folder exist, are
there S3 credentials? One line per cell — ready, left out (and why) or blocked — with the fix.
Sends nothing but a TCP connection attempt to each host; --offline skips even that. Writes nothing.
Exits 1 when a cell is blocked.`,
    async run(positionals, values, io) {
      const dir = oneDir(positionals, 'doctor');
      const { doctorWorkbook } = await import('../node/evidence/doctor');
      const findings = await doctorWorkbook(dir, { network: values['offline'] !== true });
      const mark = { ready: 'ok     ', skip: 'skipped', blocked: 'BLOCKED' } as const;
      for (const f of findings) {
        io.out(`${mark[f.status]} ${f.cell} (pillar ${f.pillar}, ${f.kind}): ${f.says}`);
        if (f.fix) io.out(`        fix: ${f.fix}`);
      }
      const count = (s: string) => findings.filter((f) => f.status === s).length;
      io.out(`${count('ready')} ready, ${count('skip')} left out, ${count('blocked')} blocked of ${findings.length} evidence cell(s).`);
      if (count('blocked')) throw new Error(`${count('blocked')} cell(s) cannot run as the workbook stands`);
    },
  },
  {
    name: 'trust',
    synopsis: 'trust <dir>',
    summary: 'trust a workbook from elsewhere on this machine, after reviewing its commands',
    options: {},
    help: `Lists the command of every cell that reaches outside (REST, SQL, S3, kubectl, shell), then marks
the workbook's folder trusted on this machine: run and verify then run its cells without asking, as
for a workbook created here. The list is kept in the app's home folder, shared with the app.`,
    async run(positionals, _values, io) {
      const dir = oneDir(positionals, 'trust');
      const wb = await loadWorkbook(fs, dir);
      const check = await checkTrust(
        dir,
        wb,
        wb.pillars.flatMap((p) => p.cells),
      );
      if (check.damaged) io.err(`note: ${check.damaged}`);
      for (const { cell, command } of check.wouldRun) io.out(`  ${cell}: ${command.replace(/\n/g, '\n    ')}`);
      await trust(appHome(process.env), dir);
      io.out(`${dir} is trusted on this machine (${check.wouldRun.length} external cell(s)).`);
    },
  },
  {
    name: 'import',
    synopsis: 'import <dir> --cell ID --file PATH [--command TEXT] [--format F]',
    summary: "record output captured elsewhere as a cell's capture",
    options: { cell: { type: 'string' }, file: { type: 'string' }, command: { type: 'string' }, format: { type: 'string' } },
    help: `The offline path: records the output in PATH (captured on another machine) as the newest capture
of the cell, with the command that produced it (--command; defaults to the cell's own command).
The format is detected (JSON, NDJSON, YAML manifests, CSV, kubectl table, grep lines, aws s3 ls, text) unless
--format names it. Redaction and hashing are the same as for a run.`,
    async run(positionals, values, io) {
      const dir = oneDir(positionals, 'import');
      const cell = str(values['cell']);
      const file = str(values['file']);
      if (!cell || !file) throw new UsageError('import needs --cell <id> and --file <path>');
      const format = str(values['format']);
      if (format !== undefined && format !== 'auto' && !(FORMATS as readonly string[]).includes(format)) {
        throw new UsageError(`--format expects one of auto, ${FORMATS.join(', ')}; got "${format}"`);
      }
      const command = str(values['command']);
      const recorded = await importCapture(dir, cell, {
        file,
        ...(command !== undefined ? { command } : {}),
        ...(format !== undefined ? { format: format as Format | 'auto' } : {}),
        now: () => io.clock.now(),
      });
      io.out(describeOutcome({ cell, status: 'captured', recorded }));
    },
  },
  {
    name: 'purge',
    synopsis: 'purge <dir> --reason TEXT [--by NAME] < file-holding-the-secret',
    summary: 'remove a secret that got into the evidence, the versions or the exports',
    options: { reason: { type: 'string' }, by: { type: 'string' } },
    help: `Reads the secret from stdin (or asks for it on a terminal) — never from the command line, so
it stays out of the shell's history — and removes it everywhere in the workbook folder: the working
copy, every evidence blob that holds it (each becomes a tombstone naming its original hash and the
reason; the working copy points at the same evidence with the secret as [REDACTED]), the published
versions and exports/. The purge is recorded as an event signed with this machine's key, which
validate checks and the report shows. Rotate the secret too: it may have been copied elsewhere.`,
    async run(positionals, values, io) {
      const dir = oneDir(positionals, 'purge');
      const reason = str(values['reason'])?.trim();
      if (!reason) throw new UsageError('purge needs --reason <text>: the report shows why evidence was changed');
      const secret = io.stdin ? await io.stdin() : io.ask ? await io.ask('Text to purge (then Enter): ') : '';
      if (!secret.trim()) throw new UsageError('purge reads the text to purge from stdin: printf %s "$LEAKED" | audit-workbench purge …');
      const by = str(values['by']) ?? ((await loadWorkbook(fs, dir)).auditor || 'the auditor');
      const signer = await machineSigner(appHome(process.env));
      const { event } = await purgeSecret(fs, dir, { secret, reason, by }, io.clock, signer);
      io.out(
        `Purge ${event.number}: ${event.blobs.length} evidence blob(s) replaced by tombstones, ` +
          `${event.versions.length} version(s) and ${event.files.length} export(s) rewritten, the working copy scrubbed; ` +
          `signed with key ${keyFingerprint(event.signature.publicKey)}.`,
      );
      io.out('Rotate the secret as well: it may have been copied before the purge.');
    },
  },
  {
    name: 'attest',
    synopsis: 'attest <dir> --cell ID --note TEXT [--by NAME]',
    summary: 'attest a manual check with a note',
    options: { cell: { type: 'string' }, note: { type: 'string' }, by: { type: 'string' } },
    help: `Records the auditor's attestation of a manual check cell: the note (what was checked and how)
becomes the check's capture, with who attested (--by, default the workbook's auditor) and when.`,
    async run(positionals, values, io) {
      const dir = oneDir(positionals, 'attest');
      const cell = str(values['cell']);
      const note = str(values['note']);
      if (!cell || !note) throw new UsageError('attest needs --cell <id> and --note <text>');
      const by = str(values['by']) ?? ((await loadWorkbook(fs, dir)).auditor || 'the auditor');
      const recorded = await attestCheck(dir, cell, { note, by, now: () => io.clock.now() });
      io.out(`${cell}: attested by ${by} — sha256 ${recorded.capture.hash.slice(0, 12)}`);
    },
  },
  {
    name: 'query',
    synopsis: 'query <dir> "SQL"',
    summary: 'run SQL over the captured evidence and print the result',
    options: { 'max-rows': { type: 'string' } },
    help: `Loads every cell's latest capture into an in-memory DuckDB (a table named after each cell, with
"-" as "_", plus the normalised tables: runs, run_tags, run_params, run_metrics, experiments,
registered_models, model_version, model_aliases) and prints the result of the SQL. Add --max-rows N
to print more than 100 rows. Writes nothing.`,
    async run(positionals, values, io) {
      if (positionals.length !== 2) throw new UsageError('query takes a workbook folder and one SQL string');
      const [dir, sql] = positionals as [string, string];
      const maxRows = Number(str(values['max-rows']) ?? '100');
      if (!Number.isInteger(maxRows) || maxRows < 1) throw new UsageError('--max-rows expects a positive whole number');
      const wb = await loadWorkbook(fs, dir);
      const engine = await openDuckDb();
      try {
        const tables = await loadEvidenceTables(engine, fs, dir, wb);
        let result;
        try {
          result = await engine.query(sql);
        } catch (error) {
          const known = tables.map((t) => t.name).join(', ') || 'none (run or import some evidence first)';
          throw new Error(`${engineMessage(error)} (tables: ${known})`);
        }
        io.out(textTable(result, maxRows));
      } finally {
        await engine.close();
      }
    },
  },
  {
    name: 'merge',
    synopsis: 'merge <ours> <base> <theirs>',
    summary: 'three-way merge of two edited copies of a workbook',
    options: {},
    help: `Merges the changes made in <theirs> since <base> into <ours> (folders or workbook.json files):
gaps, cells, verdicts and the rest by identity, field by field; captures from both sides are kept,
and evidence blobs and versions only <theirs> has are copied. A field changed differently on both
sides is a conflict: <ours> keeps its value, the conflict is printed, and the exit status is 1.
Usable as a git merge driver (see the README).`,
    async run(positionals, _values, io) {
      if (positionals.length !== 3) throw new UsageError('merge takes three workbooks: <ours> <base> <theirs>');
      const [ours, base, theirs] = positionals as [string, string, string];
      const { conflicts, copied, skipped, file } = await mergeWorkbookFiles(ours, base, theirs);
      for (const s of skipped) io.err(`note: not copied: ${s}`);
      const show = (v: unknown) => (v === undefined ? 'deleted' : JSON.stringify(v).slice(0, 80));
      for (const c of conflicts)
        io.err(`conflict: ${c.path}: base ${show(c.base)}, ours ${show(c.ours)}, theirs ${show(c.theirs)} (kept ours)`);
      io.out(`Merged into ${file}${copied ? `; ${copied} evidence or version file(s) copied` : ''}.`);
      if (conflicts.length) throw new Error(`${conflicts.length} conflict(s) to resolve by hand`);
    },
  },
  {
    name: 'report',
    synopsis: 'report <dir> [--out <file>]',
    summary: 'export the Markdown report',
    options: { out: { type: 'string' } },
    help: `Writes the report to --out, or to <dir>/exports/<name>-v<N>.md (…-draft.md when the working
copy has changed since the last published version). The same workbook gives the same bytes.`,
    async run(positionals, values, io) {
      const dir = oneDir(positionals, 'report');
      const { path, context } = await exportReport(fs, dir, io.clock, str(values['out']));
      for (const l of context.lapsed) io.err(`note: ${l.gap}: ${l.note}`);
      io.out(`Wrote ${path}.`);
    },
  },
  {
    name: 'issues',
    synopsis: 'issues <dir> --out <dir>',
    summary: 'export child-issue drafts (Markdown + issues.json)',
    options: { out: { type: 'string' } },
    help: `Writes one Markdown draft per non-Minor gap, one polish issue batching the Minor gaps, an
umbrella issue with the task list, and issues.json (title, body, labels per draft) into --out.`,
    async run(positionals, values, io) {
      const dir = oneDir(positionals, 'issues');
      const out = str(values['out']);
      if (!out) throw new UsageError('issues needs --out <folder> for the drafts');
      const { files, drafts, context } = await exportIssues(fs, dir, io.clock, out);
      for (const l of context.lapsed) io.err(`note: ${l.gap}: ${l.note}`);
      io.out(`Wrote ${drafts.drafts.length} draft(s) and issues.json to ${out} (${files.length} files).`);
    },
  },
  {
    name: 'github',
    synopsis: 'github push <dir> --repo owner/name [--dry-run]',
    summary: 'push the child issues and the umbrella issue to GitHub',
    options: {
      repo: { type: 'string' },
      'dry-run': { type: 'boolean' },
      reopen: { type: 'boolean' },
      'token-env': { type: 'string' },
      'api-url': { type: 'string' },
      'pace-ms': { type: 'string' },
    },
    help: `Creates or updates on GitHub the issues of "issues": labels for severity, pillar and effort (when
missing), one issue per non-Minor gap, the polish issue, then the umbrella issue whose task list ticks
closed children. Each issue's number is saved in workbook.json as soon as it exists and each body
carries a hidden marker, so a second push updates what changed and creates nothing twice; a gap
closed (or fix-verified) in the workbook closes its issue. When GitHub cannot be reached the push is
queued in workbook.json (validate shows it) and the next push completes it.

Options:
  --repo owner/name   the repository (default: the one of a queued push)
  --dry-run           print what would be created, updated and closed; change nothing
  --reopen            reopen issues closed on GitHub whose gaps are open in the workbook
  --token-env NAME    environment variable holding the token (default ${DEFAULT_TOKEN_ENV}); the token
                      needs Issues: read and write, and is never written anywhere
  --api-url URL       the REST API root (default https://api.github.com; GitHub Enterprise:
                      https://HOST/api/v3)
  --pace-ms N         minimum time between two writes, in ms (default ${DEFAULT_PACING.writeMs}; creations wait
                      ${DEFAULT_PACING.createMs / DEFAULT_PACING.writeMs}× as long, as GitHub advises)

Rate limits: the push waits as GitHub says (retry-after, x-ratelimit-reset) and prints each wait.`,
    async run(positionals, values, io) {
      if (positionals[0] !== 'push' || positionals.length !== 2)
        throw new UsageError('github takes "push <dir>" (see audit-workbench github --help)');
      const dir = positionals[1]!;
      const pending = (await loadWorkbook(fs, dir)).github?.pending;
      const repo = str(values['repo']) ?? pending?.repo;
      if (!repo) throw new UsageError('github push needs --repo owner/name');
      if (!REPO_PATTERN.test(repo)) throw new UsageError(`--repo expects owner/name, got "${repo}"`);
      const apiUrl = str(values['api-url']);
      if (apiUrl !== undefined && !/^https?:\/\/[^/\s]+/.test(apiUrl))
        throw new UsageError(`--api-url expects an http(s) URL, got "${apiUrl}"`);
      const pace = str(values['pace-ms']);
      if (pace !== undefined && !/^\d+$/.test(pace))
        throw new UsageError(`--pace-ms expects a whole number of milliseconds, got "${pace}"`);
      const tokenEnv = str(values['token-env']) ?? DEFAULT_TOKEN_ENV;
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(tokenEnv))
        throw new UsageError(`--token-env expects an environment variable name, got "${tokenEnv}"`);
      const dryRun = values['dry-run'] === true;

      if (pending) io.out(`Note: ${describePendingPush(pending)}${dryRun ? '.' : '; pushing now.'}`);
      const { token, source } = await resolveGitHubToken({ env: process.env, envName: tokenEnv });
      const result = await pushToGitHub({
        dir,
        repo,
        dryRun,
        reopen: values['reopen'] === true,
        token,
        tokenSource: source,
        ...(apiUrl ? { apiUrl } : {}),
        ...(pace !== undefined
          ? { pacing: { writeMs: Number(pace), createMs: Number(pace) * (DEFAULT_PACING.createMs / DEFAULT_PACING.writeMs) } }
          : {}),
        clock: io.clock,
        ...(io.signal ? { signal: io.signal } : {}),
        onProgress: io.out,
      });
      printPush(result, dir, io);
    },
  },
];

function printPush(result: GitHubPushResult, dir: string, io: Io): void {
  if (result.status === 'queued') {
    throw new Error(
      `${result.pending!.reason}: the push is queued in ${dir}/workbook.json; run "audit-workbench github push ${dir} --repo ${result.repo}" when GitHub is reachable`,
    );
  }
  if (result.status === 'dry-run') {
    for (const label of result.labels) io.out(`would create label ${label}`);
    for (const step of result.issues) io.out(`would ${describeStep(step, false)}`);
  }
  io.out(describeResult(result));
}
