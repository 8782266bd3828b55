// What `audit-workbench` accepts: each command's name, synopsis, options and help. The commands'
// code lives in commands/<name>.ts and is loaded only when that command runs, so that `--help` and a
// command that needs no DuckDB, AWS SDK or GitHub client start without them.
import type { ParseArgsConfig } from 'node:util';
import { DEFAULT_PACING } from '../node/github/pacing';
import type { Io, Values } from './args';

export interface Command {
  name: string;
  synopsis: string;
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  help: string;
  load(): Promise<{ run(positionals: string[], values: Values, io: Io): Promise<void> }>;
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
    load: () => import('./commands/new'),
  },
  {
    name: 'validate',
    synopsis: 'validate <dir> [--json]',
    summary: 'check workbook.json, the version chain and every evidence blob',
    options: { json: { type: 'boolean' } },
    help: `Loads workbook.json and checks it against the schema; re-computes the manifest hash of every
published version and the chain between them; re-hashes every referenced evidence blob. Prints each
problem and exits 1 if there is any. Never writes.
--json prints the result as JSON on stdout (shape in the README, "JSON output"); notes go to stderr.`,
    load: () => import('./commands/validate'),
  },
  {
    name: 'publish',
    synopsis: 'publish <dir> --message <text> [--item <text> …]',
    summary: 'freeze the working copy as the next version',
    options: { message: { type: 'string' }, item: { type: 'string', multiple: true } },
    help: `Freezes the working copy as versions/v<N>.json with a changelog entry (--message, plus
optional --item lines) and a manifest hash chained to the previous version.`,
    load: () => import('./commands/publish'),
  },
  {
    name: 'diff',
    synopsis: 'diff <dir> --from <vN> [--to <vN>|current] [--out <file>] [--json]',
    summary: 'print what changed between two versions, as Markdown',
    options: { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
    help: `Compares version --from with --to (another version, or "current" for the working copy, the
default): gaps added / removed / changed field by field, verdicts, scores, evidence reproduced or
drifted. Prints Markdown, or writes it to --out.
--json prints the result as JSON on stdout (shape in the README, "JSON output"): what changed, by identity.`,
    load: () => import('./commands/diff'),
  },
  {
    name: 'run',
    synopsis: 'run <dir> [--pillar N] [--cell ID] [--disputed] [--checks] [--yes-mutating] [--trust] [--json]',
    summary: 'run evidence cells and record their captures',
    options: {
      pillar: { type: 'string' },
      cell: { type: 'string' },
      disputed: { type: 'boolean' },
      checks: { type: 'boolean' },
      'yes-mutating': { type: 'boolean' },
      trust: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    help: `Runs the evidence cells of the workbook (or of one pillar, or one cell) in audit order, records a
capture for each and saves after each one. Prints one line per cell: captured, reproduced or drifted
against the previous capture, or the error. Mutating cells (write probes …) never run as part of a
pillar or of the whole workbook; name the cell and add --yes-mutating to run one. --checks runs
only the query and check cells, over the evidence already captured or imported (contacts nothing).
--disputed re-runs only the pillars the committee disputed in its REVISE verdict.
A workbook not created or trusted on this machine runs no REST, SQL, S3, kubectl or shell cell: the
commands are listed and the run stops, unless --trust is given (or "y" is answered on a terminal).
--json prints the result as JSON on stdout (shape in the README, "JSON output") once the run is done;
the lines of progress then go to stderr. On a terminal, the cell at work and its time show as it runs.`,
    load: () => import('./commands/run'),
  },
  {
    name: 'verify',
    synopsis: 'verify <dir> [--trust] [--json]',
    summary: 're-run the evidence and report reproduced / drifted / failed',
    options: { trust: { type: 'boolean' }, json: { type: 'boolean' } },
    help: `Re-runs every non-mutating evidence cell and compares each output with the cell's last capture:
reproduced (same sha256), drifted (with the row changes), or failed. Writes nothing. Exits 1 when a
cell drifted or failed.
--json prints the result as JSON on stdout (shape in the README, "JSON output"), the lines of
progress on stderr.`,
    load: () => import('./commands/verify'),
  },
  {
    name: 'reaudit',
    synopsis: 'reaudit <dir> [--repo owner/name] [--out <file>] [--trust] [--json]',
    summary: 'scheduled re-audit: verify, write the delta document, open or update one issue on drift',
    options: {
      repo: { type: 'string' },
      out: { type: 'string' },
      trust: { type: 'boolean' },
      json: { type: 'boolean' },
      'token-env': { type: 'string' },
      'api-url': { type: 'string' },
    },
    help: `The living audit, for a scheduler (cron, GitHub Actions, GitLab CI): re-runs every non-mutating
cell as verify does, in a scratch copy of the workbook so that the checks read the fresh evidence,
and writes the delta document (--out, Markdown): evidence that drifted, closed gaps whose check
alarms again, cells that could not run, the commands run and when, and what changed since the last
published version. The workbook itself is left as it is: certify by "run" and "publish".

With --repo, one issue on GitHub follows the result, found by a hidden marker in its body
(<!-- audit-workbench-reaudit:<workbook id> -->, label re-audit): drift opens it, or updates (and
reopens) the same issue; a clean run closes it with that run's document; a run that could not
complete leaves it as it is. Token and API as for "github push": GH_TOKEN or GITHUB_TOKEN
(--token-env NAME for another variable), GITHUB_API_URL or GH_HOST (--api-url URL).

Exit status, for a scheduler to act on:
  0  every cell reproduced and no closed gap's check alarms
  1  evidence drifted, or a closed gap's check alarms again (the issue is opened or updated)
  2  wrong usage
  3  could not run or report: the workbook cannot be read or is not trusted (give --trust in CI),
     a cell failed and nothing drifted, or GitHub refused or could not be reached
  130 interrupted
--json prints {dir, verdict, exitCode, out?, cells, regressions, issue?} on stdout; progress on stderr.`,
    load: () => import('./commands/reaudit'),
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
    load: () => import('./commands/doctor'),
  },
  {
    name: 'trust',
    synopsis: 'trust <dir>',
    summary: 'trust a workbook from elsewhere on this machine, after reviewing its commands',
    options: {},
    help: `Lists the command of every cell that reaches outside (REST, SQL, S3, kubectl, shell), then marks
the workbook's folder trusted on this machine: run and verify then run its cells without asking, as
for a workbook created here. The list is kept in the app's home folder, shared with the app.`,
    load: () => import('./commands/trust'),
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
    load: () => import('./commands/import'),
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
    load: () => import('./commands/purge'),
  },
  {
    name: 'attest',
    synopsis: 'attest <dir> --cell ID --note TEXT [--by NAME]',
    summary: 'attest a manual check with a note',
    options: { cell: { type: 'string' }, note: { type: 'string' }, by: { type: 'string' } },
    help: `Records the auditor's attestation of a manual check cell: the note (what was checked and how)
becomes the check's capture, with who attested (--by, default the workbook's auditor) and when.`,
    load: () => import('./commands/attest'),
  },
  {
    name: 'query',
    synopsis: 'query <dir> "SQL" [--json] [--max-rows N]',
    summary: 'run SQL over the captured evidence and print the result',
    options: { 'max-rows': { type: 'string' }, json: { type: 'boolean' } },
    help: `Loads every cell's latest capture into an in-memory DuckDB (a table named after each cell, with
"-" as "_", plus the normalised tables: runs, run_tags, run_params, run_metrics, experiments,
registered_models, model_version, model_aliases) and prints the result of the SQL. Add --max-rows N
to print more than 100 rows. Writes nothing.
--json prints the result as JSON on stdout (shape in the README, "JSON output"): columns with
their types and every row as an object (--max-rows limits them).`,
    load: () => import('./commands/query'),
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
    load: () => import('./commands/merge'),
  },
  {
    name: 'report',
    synopsis: 'report <dir> [--format markdown|html|pdf] [--out <file>] [--chromium PATH]',
    summary: 'export the report (Markdown, HTML or PDF)',
    options: { out: { type: 'string' }, format: { type: 'string' }, chromium: { type: 'string' } },
    help: `Writes the report to --out, or to <dir>/exports/<name>-v<N>.md (…-draft.md when the working
copy has changed since the last published version). The same workbook gives the same bytes.

Options:
  --format markdown|html|pdf  markdown (the default); html: one self-contained file (styles and
                              SVG charts inline, system fonts, no script, nothing fetched) with a
                              table of contents, the risk matrix, gaps by severity per pillar, the
                              composite score distribution and the version chain; pdf: that page
                              printed by headless Chromium, with the title and version atop each
                              page and "page / pages" below (same bytes but its creation date)
  --chromium PATH             the Chromium to print with (default: AUDIT_WORKBENCH_CHROMIUM, else
                              chromium, chromium-browser or google-chrome on PATH)`,
    load: () => import('./commands/report'),
  },
  {
    name: 'issues',
    synopsis: 'issues <dir> --out <dir>',
    summary: 'export child-issue drafts (Markdown + issues.json)',
    options: { out: { type: 'string' } },
    help: `Writes one Markdown draft per non-Minor gap, one polish issue batching the Minor gaps, an
umbrella issue with the task list, and issues.json (title, body, labels per draft) into --out.`,
    load: () => import('./commands/issues'),
  },
  {
    name: 'export-evidence',
    synopsis: 'export-evidence <dir> --format parquet|arrow --out <folder>',
    summary: "write every capture's tables as Parquet or Arrow files, for fleet-wide queries",
    options: { format: { type: 'string' }, out: { type: 'string' } },
    help: `Writes each table of each capture (the runs, tags, params and metrics of MLflow captures, query
results, imports) to <out>/<table>/<cell>-<n>-<hash>.parquet (n: the capture's place in the cell's
history; or .arrow, an Arrow IPC file), with the
workbook id, cell id, capture hash and capture time as its first columns, and <out>/manifest.json
listing the files. Audits of many deployments exported side by side are queried together, e.g. in
DuckDB: SELECT * FROM read_parquet('exports/*/runs/*.parquet', union_by_name = true).`,
    load: () => import('./commands/export-evidence'),
  },
  {
    name: 'github',
    synopsis: 'github push <dir> --repo owner/name [--dry-run] [--json]',
    summary: 'push the child issues and the umbrella issue to GitHub',
    options: {
      repo: { type: 'string' },
      'dry-run': { type: 'boolean' },
      reopen: { type: 'boolean' },
      'token-env': { type: 'string' },
      'api-url': { type: 'string' },
      'pace-ms': { type: 'string' },
      json: { type: 'boolean' },
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
  --token-env NAME    environment variable holding the token, instead of those gh reads: GH_TOKEN
                      or GITHUB_TOKEN for github.com, GH_ENTERPRISE_TOKEN or GITHUB_ENTERPRISE_TOKEN for
                      an Enterprise Server; the token needs Issues: read and write, and is never written
  --api-url URL       the REST API root (default: GITHUB_API_URL, else GH_HOST's — https://HOST/api/v3
                      for an Enterprise Server — else https://api.github.com)
  --pace-ms N         minimum time between two writes, in ms (default ${DEFAULT_PACING.writeMs}; creations wait
                      ${DEFAULT_PACING.createMs / DEFAULT_PACING.writeMs}× as long, as GitHub advises)

Rate limits: the push waits as GitHub says (retry-after, x-ratelimit-reset) and prints each wait.

--json prints the result as JSON on stdout (shape in the README, "JSON output"); progress goes to stderr.`,
    load: () => import('./commands/github'),
  },
];
