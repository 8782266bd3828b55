// What the buttons, menus and shortcuts do: one function per user action, shared by all of them.
import { createElement } from 'react';
import { reachesOutside } from '../../core/evidence/policy';
import { knownRepository } from '../../core/issues/github-state';
import type { Cell, Workbook } from '../../core/workbook/schema';
import type { Responses } from '../../core/contract';
import { call } from './api';
import { RecentWorkbooks } from './components/RecentWorkbooks';
import { ask, notify, useStore } from './store';

const failed = (error: unknown) => notify('error', (error as Error).message);

/** Saves pending edits; false (with the reason shown) when the workbook cannot be saved yet. */
export async function savedFirst(): Promise<boolean> {
  const ok = await useStore.getState().saveNow();
  if (!ok)
    notify(
      'error',
      `Not saved: ${(useStore.getState().save as { message?: string }).message ?? 'invalid workbook'}. Fix it before running or exporting.`,
    );
  return ok;
}

export async function runCell(cell: Cell): Promise<void> {
  const { dir, trusted } = useStore.getState();
  if (!dir || useStore.getState().running[cell.id]) return;
  if (cell.kind === 'note' || cell.kind === 'import')
    return notify('info', cell.kind === 'note' ? 'A note has nothing to run.' : 'Import cells take a file: use Import…');
  if (!(await savedFirst())) return;
  let confirmed = false;
  let yesMutating = false;
  try {
    const preview = await call('cell:preview', { dir, cell: cell.id });
    // What stops the cell is said first, never after a confirmation.
    if (preview.readiness.status === 'blocked') return notify('error', `${cell.id} cannot run: ${preview.readiness.reason}`);
    if (preview.readiness.status === 'skip') return notify('info', `${cell.id} is left out: ${preview.readiness.reason}`);
    const notes = preview.readiness.notes;
    const untrusted = reachesOutside(cell.kind) && !trusted;
    if (untrusted || preview.mutating) {
      const body = createElement(
        'div',
        null,
        untrusted ? createElement('p', null, 'This workbook did not come from this machine. Review exactly what will run:') : null,
        preview.mutating ? createElement('p', { className: 'warn' }, `This cell changes the target: ${preview.mutating}.`) : null,
        preview.command ? createElement('pre', { className: 'command-preview' }, preview.command.text) : null,
        ...notes.map((n) => createElement('p', { key: n, className: 'muted small' }, n)),
      );
      const actions = [
        { id: 'run', label: 'Run once', tone: preview.mutating ? ('danger' as const) : ('primary' as const) },
        ...(untrusted ? [{ id: 'trust', label: 'Trust workbook and run' }] : []),
        { id: 'cancel', label: 'Cancel' },
      ];
      const answer = await ask({ title: untrusted ? 'Run a cell of an untrusted workbook?' : 'Run a mutating cell?', body, actions });
      if (!answer || answer.action === 'cancel') return;
      if (answer.action === 'trust') await trustWorkbook();
      confirmed = true;
      yesMutating = preview.mutating !== null;
    }
  } catch (error) {
    return failed(error);
  }
  const outcome = await executeRun(dir, cell.id, confirmed, yesMutating);
  notify(outcome.status === 'error' ? 'error' : 'info', outcome.message);
}

/** The outcome of one run as the window reports it; a request that failed is an error outcome. */
export type RunOutcome = Responses['cell:run']['outcome'];

/**
 * Runs a cell already approved (or that needs no approval), with Cancel on its button, and lands
 * the server's workbook. Shared by a cell's Run and the bulk runs of the controls overview.
 */
export async function executeRun(dir: string, cell: string, confirmed: boolean, yesMutating = false): Promise<RunOutcome> {
  const runId = useStore.getState().start(cell);
  const land = useStore.getState().serverChange();
  try {
    const result = await call('cell:run', { dir, cell, confirmed, yesMutating, runId });
    land(result.workbook);
    return result.outcome;
  } catch (error) {
    return { status: 'error', message: (error as Error).message };
  } finally {
    useStore.getState().finish(cell);
  }
}

export async function cancelRun(cell: string): Promise<void> {
  const run = useStore.getState().running[cell];
  if (run) await call('cell:cancel', { runId: run.runId }).catch(failed);
}

export async function trustWorkbook(): Promise<void> {
  const { dir } = useStore.getState();
  if (!dir) return;
  await call('workbook:trust', { dir });
  useStore.getState().setTrusted(true);
  notify('info', 'This workbook is trusted on this machine: its cells run without asking.');
}

export async function publishVersion(): Promise<void> {
  const { dir, workbook } = useStore.getState();
  if (!dir || !workbook || !(await savedFirst())) return;
  const next = (workbook.versions.at(-1)?.number ?? 0) + 1;
  let published: Responses['workbook:publish'] | null = null;
  await ask({
    title: `Publish v${next}`,
    body: 'Freezes the workbook and its evidence as a sealed version. The changelog message says what changed.',
    field: {
      label: 'Changelog message',
      value: '',
      placeholder: next === 1 ? 'First version for the committee' : 'What changed since the last version',
    },
    actions: [
      { id: 'publish', label: `Publish v${next}`, tone: 'primary' },
      { id: 'cancel', label: 'Cancel' },
    ],
    // Refused by the server (an empty message, nothing changed …): said in the dialog, which stays.
    submit: async ({ value }) => ((published = await call('workbook:publish', { dir, message: value })), null),
  });
  if (!published) return;
  const result: Responses['workbook:publish'] = published;
  useStore.getState().replace(result.workbook);
  notify('info', `Published v${result.version} — manifest ${result.manifestHash.slice(0, 12)}…`);
}

/** Removes a secret that got into the evidence: asked hidden, then why; the server signs the purge. */
export async function purgeSecret(): Promise<void> {
  const { dir } = useStore.getState();
  if (!dir || !(await savedFirst())) return;
  const secret = await ask({
    title: 'Purge a secret from the evidence',
    body: "Removes the text everywhere in this workbook folder: the working copy, every evidence blob that holds it (each becomes a tombstone naming its original hash), the published versions and the exports. The purge is signed with this machine's key and shown in the report. Rotate the secret too.",
    field: { label: 'Text to purge', value: '', secret: true },
    actions: [
      { id: 'next', label: 'Next…', tone: 'primary' },
      { id: 'cancel', label: 'Cancel' },
    ],
  });
  if (!secret || secret.action !== 'next' || !secret.value) return;
  const reason = await ask({
    title: 'Why is it purged?',
    body: 'The reason goes into the signed purge event and the report.',
    field: { label: 'Reason', value: '', placeholder: 'A token pasted into an import by mistake' },
    actions: [
      { id: 'purge', label: 'Purge', tone: 'danger' },
      { id: 'cancel', label: 'Cancel' },
    ],
  });
  if (!reason || reason.action !== 'purge') return;
  try {
    const result = await call('workbook:purge', { dir, secret: secret.value, reason: reason.value });
    useStore.getState().replace(result.workbook);
    const e = result.event;
    notify('info', `Purge ${e.number}: ${e.blobs.length} blob(s) replaced by tombstones, ${e.versions.length} version(s) rewritten.`);
  } catch (error) {
    failed(error);
  }
}

export async function exportReport(): Promise<void> {
  const { dir } = useStore.getState();
  if (!dir || !(await savedFirst())) return;
  const preview = await call('report:preview', { dir }).catch((e: unknown) => (failed(e), null));
  if (!preview) return;
  let written: Responses['report:export'] | null = null;
  const formats = { export: 'markdown', html: 'html', pdf: 'pdf' } as const;
  const answer = await ask({
    title: 'Export the report',
    body: "The report of the current state, with its version in the file name. Export writes the Markdown; HTML writes one self-contained page with the charts (nothing fetched); PDF prints that page with this machine's Chromium.",
    field: { label: 'Output file', value: `${dir}/exports/${preview.file}` },
    actions: [
      { id: 'export', label: 'Export', tone: 'primary' },
      { id: 'html', label: 'HTML' },
      { id: 'pdf', label: 'PDF' },
      { id: 'cancel', label: 'Cancel' },
    ],
    submit: async ({ action, value }) => {
      const format = formats[action as keyof typeof formats] ?? 'markdown';
      // The proposed name follows the format; a name the user typed is kept as it is.
      const out =
        format !== 'markdown' && value.endsWith(`/${preview.file}`) ? value.replace(/\.md$/, format === 'html' ? '.html' : '.pdf') : value;
      written = await call('report:export', { dir, out, format });
      return null;
    },
  });
  if (!answer || answer.action === 'cancel' || !written) return;
  const result: Responses['report:export'] = written;
  notify(
    'info',
    `Report written to ${result.path}${result.lapsed.length ? ` (${result.lapsed.length} waiver(s) expired: shown Open)` : ''}`,
  );
}

export async function exportIssues(): Promise<void> {
  const { dir } = useStore.getState();
  if (!dir || !(await savedFirst())) return;
  let exported: Responses['issues:export'] | null = null;
  const answer = await ask({
    title: 'Export child issues',
    body: 'One Markdown draft per gap (Minor gaps grouped), an umbrella issue and issues.json.',
    field: { label: 'Output folder', value: `${dir}/exports/issues` },
    actions: [
      { id: 'export', label: 'Export', tone: 'primary' },
      { id: 'cancel', label: 'Cancel' },
    ],
    submit: async ({ value }) => ((exported = await call('issues:export', { dir, out: value })), null),
  });
  if (!answer || answer.action !== 'export' || !exported) return;
  const result: Responses['issues:export'] = exported;
  notify('info', `${result.files.length} issue files written to ${answer.value}`);
}

export async function openWorkbook(dir: string): Promise<void> {
  try {
    await useStore.getState().load(dir);
    const wb = useStore.getState().workbook as Workbook;
    const first = [...wb.pillars].sort((a, b) => a.order - b.order)[0];
    useStore.setState({ pillar: first?.number ?? null, view: 'notebook', gap: null, highlight: null });
  } catch (error) {
    failed(error);
  }
}

/** Open in the browser shell, which has no folder picker: the folder's path, typed. */
export async function askForWorkbook(): Promise<void> {
  const current = useStore.getState().dir;
  const reopen = async (dir: string) => {
    useStore.getState().close(null);
    if (await savedFirst()) await openWorkbook(dir);
  };
  const answer = await ask({
    title: 'Open a workbook',
    body: createElement(
      'div',
      null,
      createElement('p', null, 'The folder that holds workbook.json, on the machine the app runs on.'),
      createElement(RecentWorkbooks, { open: (dir: string) => void reopen(dir), current }),
    ),
    field: { label: 'Workbook folder', value: useStore.getState().dir ?? '', placeholder: '/home/me/audits/platform-2026' },
    actions: [
      { id: 'open', label: 'Open', tone: 'primary' },
      { id: 'cancel', label: 'Cancel' },
    ],
  });
  if (answer?.action === 'open' && answer.value.trim() && (await savedFirst())) await openWorkbook(answer.value.trim());
}

/** Push the child issues to GitHub (or only show what a push would do). The token comes from the
 *  keychain entry `github-token` or the variables gh reads, on the app's side, never from the page. */
export async function pushIssues(): Promise<void> {
  const { dir, workbook } = useStore.getState();
  if (!dir || !workbook || !(await savedFirst())) return;
  const known = knownRepository(workbook) ?? '';
  const answer = await ask({
    title: 'Push the issues to GitHub',
    body: 'Creates the child issues and the umbrella, updates changed ones and closes those whose gap is closed. Nothing is created twice. A dry run shows the plan and changes nothing.',
    field: { label: 'Repository (owner/name)', value: known, placeholder: 'helix/platform' },
    actions: [
      { id: 'dry', label: 'Dry run', tone: 'primary' },
      { id: 'push', label: 'Push' },
      { id: 'cancel', label: 'Cancel' },
    ],
  });
  if (!answer || answer.action === 'cancel') return;
  try {
    const result = await call('github:push', { dir, repo: answer.value.trim(), dryRun: answer.action === 'dry' });
    // The push recorded the issue numbers in the workbook: taken in as a server change, so Undo keeps its history.
    if (result.status !== 'dry-run') useStore.getState().replace((await call('workbook:open', { dir })).workbook);
    const lines = result.issues.map(
      (i) => `${i.action.padEnd(9)} ${i.number ? `#${i.number} ` : ''}${i.title}${i.note ? ` — ${i.note}` : ''}`,
    );
    await ask({
      title:
        result.status === 'dry-run' ? `Dry run on ${result.repo}` : result.status === 'queued' ? 'Push queued' : `Pushed to ${result.repo}`,
      body: createElement(
        'div',
        null,
        result.pending
          ? createElement(
              'p',
              { className: 'warn' },
              `Queued: ${result.pending.reason}. It is kept in the workbook; push again when GitHub is reachable.`,
            )
          : null,
        result.labels.length ? createElement('p', null, `Labels to create: ${result.labels.join(', ')}`) : null,
        createElement('pre', { className: 'command-preview' }, lines.join('\n') || 'nothing to do'),
      ),
      actions: [{ id: 'ok', label: 'Close', tone: 'primary' }],
    });
  } catch (error) {
    failed(error);
  }
}

/** A gap written by hand (one not found by a check): its title and severity, then the gap editor for the rest. */
export async function addGap(pillar: number): Promise<void> {
  const answer = await ask({
    title: `Add a gap to pillar ${pillar}`,
    body: 'It gets the next free id and opens in the gap editor for its description, scores and evidence.',
    field: { label: 'Title', value: '', placeholder: 'Feature lineage is not recorded' },
    actions: [
      { id: 'Major', label: 'Add as Major', tone: 'primary' },
      { id: 'Critical', label: 'Add as Critical' },
      { id: 'Minor', label: 'Add as Minor' },
      { id: 'cancel', label: 'Cancel' },
    ],
    submit: async ({ value }) => (value.trim() ? null : 'a gap needs a title'),
  });
  if (!answer || answer.action === 'cancel') return;
  const { edit } = useStore.getState();
  const before = useStore.getState().workbook;
  edit({ kind: 'add-gap', pillar, title: answer.value.trim(), severity: answer.action as 'Critical' | 'Major' | 'Minor' });
  const after = useStore.getState().workbook;
  if (after !== before) useStore.getState().editGap(after!.gaps.at(-1)!.id);
}

/** Imports into an import cell: a file on the app's machine, or text the page read (pasted, dropped, chosen). */
async function importCapture(cell: string, source: { file: string } | { text: string; name: string }): Promise<void> {
  const { dir } = useStore.getState();
  if (!dir || !(await savedFirst())) return;
  const land = useStore.getState().serverChange();
  const result = await call('cell:import', { dir, cell, ...source });
  land(result.workbook);
  notify('info', result.message);
}

/** An import whose refusal is shown as a notice (the path field, the picker, a drop). */
export const importInto = (cell: string, source: { file: string } | { text: string; name: string }): Promise<void> =>
  importCapture(cell, source).catch(failed);

/** The page sends a file's text in one request, under the server's 8 MB: a bigger one is imported by its path. */
const MAX_PAGE_IMPORT = 7 * 2 ** 20;

export async function importFile(cell: string, file: File, how: 'dropped' | 'chosen'): Promise<void> {
  if (file.size > MAX_PAGE_IMPORT)
    return notify(
      'error',
      `${file.name} is ${(file.size / 2 ** 20).toFixed(1)} MB: give its path on this machine instead (the page sends at most 7 MB).`,
    );
  await importInto(cell, { text: await file.text(), name: `${file.name} (${how} in the app)` });
}

export async function pasteInto(cell: string): Promise<void> {
  await ask({
    title: `Paste the output for ${cell}`,
    body: 'The text as the command printed it. Secrets in it are redacted before anything is stored.',
    field: { label: 'Captured output', value: '', multiline: true },
    actions: [
      { id: 'import', label: 'Import', tone: 'primary' },
      { id: 'cancel', label: 'Cancel' },
    ],
    // A refusal (nothing pasted, text that is not what the cell's format says) is shown in the dialog.
    submit: async ({ value }) =>
      value.trim() ? (await importCapture(cell, { text: value, name: 'text pasted in the app' }), null) : 'nothing pasted yet',
  });
}
