// The window: top bar (workbook, save state, trust, actions), the rail, the current view, the gap
// editor, dialogs and notices. Shortcuts and desktop menu commands map to the same actions.
import { lazy, Suspense, useEffect, useState } from 'react';
import type { MenuCommand } from '../../core/contract';
import { committeeState } from '../../core/committee';
import { exportIssues, exportReport, openWorkbook, publishVersion, trustWorkbook } from './actions';
import { bridge, call } from './api';
import { DialogHost } from './components/DialogHost';
import { NewAudit } from './views/NewAudit';
import { useUi } from './store/ui';
import { useWorkbook } from './store/workbook';
import { Backlog } from './views/Backlog';
import { DeltaView } from './views/DeltaView';
import { GapEditor } from './views/GapEditor';
import { Notebook } from './views/Notebook';
import { Parameters } from './views/Parameters';
import { Rail, VIEWS } from './views/Rail';
import { ReportPreview } from './views/ReportPreview';
import { Verdicts } from './views/Verdicts';

const RiskMatrix = lazy(() => import('./views/RiskMatrix').then((m) => ({ default: m.RiskMatrix })));

/** Typing in a field or an editor keeps its own undo; the workbook's undo applies elsewhere. */
const inTextField = (target: EventTarget | null) =>
  target instanceof HTMLElement && target.closest('input, textarea, select, .monaco-editor') !== null;

function runCommand(command: MenuCommand, path?: string) {
  const wb = useWorkbook.getState();
  switch (command) {
    case 'save':
      return void wb.saveNow();
    // The menu's Undo while typing undoes the typing, as everywhere else on the desktop.
    case 'undo':
      return inTextField(document.activeElement) ? void document.execCommand('undo') : wb.undo();
    case 'redo':
      return inTextField(document.activeElement) ? void document.execCommand('redo') : wb.redo();
    case 'publish':
      return void publishVersion();
    case 'export-report':
      return void exportReport();
    case 'export-issues':
      return void exportIssues();
    case 'open':
      return path ? void openWorkbook(path) : undefined;
    case 'new':
      return path ? void newWorkbook(path) : undefined;
    case 'reveal':
      return;
  }
}

async function newWorkbook(dir: string) {
  try {
    const { templates } = await call('template:list', {});
    await call('workbook:new', { dir, template: templates.includes('mlflow-backbone') ? 'mlflow-backbone' : templates[0]! });
    await openWorkbook(dir);
  } catch (e) {
    useUi.getState().notify('error', (e as Error).message);
  }
}

export function App() {
  const { workbook: wb, dir, save, trusted, recovery, past, future, undo, redo, restoreRecovery, discardRecovery } = useWorkbook();
  const { view, gap, notices, dismiss, show, editGap } = useUi();
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    void call('app:start', {}).then(
      (start) => openWorkbook(start.dir),
      (e: Error) => useUi.getState().notify('error', e.message),
    );
    const unsubscribe = bridge.onMenuCommand(runCommand);
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 's') return (e.preventDefault(), runCommand('save'));
      if (mod && e.shiftKey && key === 'p') return (e.preventDefault(), runCommand('publish'));
      if (mod && key === 'e') return (e.preventDefault(), runCommand(e.shiftKey ? 'export-issues' : 'export-report'));
      if (mod && !inTextField(e.target) && ((key === 'z' && e.shiftKey) || key === 'y')) return (e.preventDefault(), runCommand('redo'));
      if (mod && !inTextField(e.target) && key === 'z') return (e.preventDefault(), runCommand('undo'));
      if (e.altKey && /^[1-6]$/.test(e.key)) return (e.preventDefault(), show(VIEWS[Number(e.key) - 1]!.view));
      if (e.key === 'Escape' && !inTextField(e.target)) editGap(null);
    };
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (useWorkbook.getState().save.kind !== 'saved') e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      unsubscribe();
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, [show, editGap]);

  if (!wb) {
    return (
      <div className="loading">
        <p>Opening the workbook…</p>
        <Notices notices={notices} dismiss={dismiss} />
      </div>
    );
  }
  const version = wb.versions.at(-1);
  const committee = committeeState(wb);
  return (
    <div className={`app${gap ? ' with-editor' : ''}`} data-ready="true">
      <header className="topbar">
        <div className="title">
          <strong>{wb.title}</strong>
          <span className="muted small">
            {version ? `v${version.number} published · ` : 'no version yet · '}
            {wb.auditor || 'auditor not set'} · {dir}
          </span>
        </div>
        <span className={`save-state ${save.kind}`} role="status" title={save.kind === 'invalid' ? save.message : ''}>
          {save.kind === 'saved'
            ? save.redacted
              ? `Saved — a secret typed in ${save.redacted} was replaced by [REDACTED]; use a secret parameter`
              : 'Saved'
            : save.kind === 'saving'
              ? 'Saving…'
              : save.kind === 'pending'
                ? 'Unsaved changes'
                : `Not saved: ${save.message}`}
        </span>
        {committee.kind === 'escalated' ? <span className="chip danger">escalated</span> : null}
        <button onClick={undo} disabled={!past.length} title={past.length ? `Undo ${past.at(-1)!.label} (Ctrl+Z)` : 'Nothing to undo'}>
          Undo
        </button>
        <button
          onClick={redo}
          disabled={!future.length}
          title={future.length ? `Redo ${future[0]!.label} (Ctrl+Shift+Z)` : 'Nothing to redo'}
        >
          Redo
        </button>
        <button onClick={() => setCreating(true)} title="Create a workbook from a template">
          New audit…
        </button>
        <button onClick={() => void publishVersion()} title="Ctrl+Shift+P">
          Publish…
        </button>
        <button onClick={() => void exportReport()} title="Ctrl+E">
          Export report…
        </button>
        <button onClick={() => void exportIssues()} title="Ctrl+Shift+E">
          Export issues…
        </button>
      </header>
      {!trusted ? (
        <div className="banner warn trust" role="alert">
          This workbook did not come from this machine. Opening it ran nothing; each run will show the exact command or request and ask
          first.
          <button onClick={() => void trustWorkbook()}>Trust this workbook</button>
        </div>
      ) : null}
      {recovery ? (
        <div className="banner info" role="alert">
          Unsaved changes from a session that ended on {recovery.savedAt.replace('T', ' ').slice(0, 19)} UTC were kept.
          <button onClick={() => void restoreRecovery()}>Restore them</button>
          <button onClick={() => void discardRecovery()}>Discard</button>
        </div>
      ) : null}
      <Rail wb={wb} />
      <main className="main">
        {view === 'notebook' ? <Notebook wb={wb} /> : null}
        {view === 'backlog' ? <Backlog wb={wb} /> : null}
        {view === 'matrix' ? (
          <Suspense fallback={<p className="muted">Loading the chart…</p>}>
            <RiskMatrix wb={wb} />
          </Suspense>
        ) : null}
        {view === 'verdicts' ? <Verdicts wb={wb} /> : null}
        {view === 'parameters' ? <Parameters wb={wb} /> : null}
        {view === 'report' ? <ReportPreview /> : null}
        {view === 'delta' ? <DeltaView wb={wb} /> : null}
      </main>
      {gap ? <GapEditor wb={wb} id={gap} /> : null}
      <DialogHost />
      {creating ? <NewAudit close={() => setCreating(false)} /> : null}
      <Notices notices={notices} dismiss={dismiss} />
    </div>
  );
}

function Notices({ notices, dismiss }: { notices: { id: number; kind: string; text: string }[]; dismiss: (id: number) => void }) {
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice ${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
          <span>{n.text}</span>
          <button onClick={() => dismiss(n.id)} aria-label="Dismiss">
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
