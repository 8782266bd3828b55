// The window: top bar (workbook, save state, trust, actions), the rail, the current view, the gap
// editor, dialogs and notices. Shortcuts and desktop menu commands map to the same actions.
import { lazy, Suspense, useEffect } from 'react';
import { committeeState } from '../../core/committee';
import { openWorkbook, trustWorkbook } from './actions';
import { bridge, call, isDesktop } from './api';
import { runCommand, onShortcut } from './commands';
import { mergeWithSaved, watchWorkbookFile } from './disk-sync';
import { CommandButton } from './components/CommandButton';
import { DialogHost } from './components/DialogHost';
import { ErrorBoundary } from './components/ErrorBoundary';
import { RecentWorkbooks } from './components/RecentWorkbooks';
import { NewAudit } from './views/NewAudit';
import { notify, useStore } from './store';
import { selectRedoLabel, selectUndoLabel } from './store/selectors';
import type { View } from './store/ui';
import { Backlog } from './views/Backlog';
import { Controls } from './views/Controls';
import { DeltaView } from './views/DeltaView';
import { GapEditor } from './views/GapEditor';
import { Notebook } from './views/Notebook';
import { Parameters } from './views/Parameters';
import { Rail } from './views/Rail';
import { ReportPreview } from './views/ReportPreview';
import { Verdicts } from './views/Verdicts';

const VIEW_NAMES: Record<View, string> = {
  notebook: 'this pillar',
  backlog: 'the backlog',
  matrix: 'the risk matrix',
  verdicts: 'the verdicts',
  parameters: 'the parameters',
  report: 'the report preview',
  delta: 'the versions and committee view',
  controls: 'the controls overview',
};

const RiskMatrix = lazy(() => import('./views/RiskMatrix').then((m) => ({ default: m.RiskMatrix })));

export function App() {
  const { workbook: wb, dir, save, trusted, recovery, restoreRecovery, discardRecovery, load, overwrite } = useStore();
  const { view, pillar, gap, notices, dismiss, creating, setCreating } = useStore();
  const undoLabel = useStore(selectUndoLabel);
  const redoLabel = useStore(selectRedoLabel);

  useEffect(() => {
    void call('app:start', {}).then(
      (start) => openWorkbook(start.dir),
      (e: Error) => notify('error', e.message),
    );
    const unsubscribe = bridge.onMenuCommand(runCommand);
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (useStore.getState().save.kind !== 'saved') e.preventDefault();
    };
    window.addEventListener('keydown', onShortcut);
    window.addEventListener('beforeunload', beforeUnload);
    const stopWatching = watchWorkbookFile();
    return () => {
      stopWatching();
      unsubscribe();
      window.removeEventListener('keydown', onShortcut);
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, []);

  if (!wb) {
    // Nothing opened (yet, or it failed): a new audit or another folder can still be started here.
    return (
      <div className="loading">
        <p>Opening the workbook…</p>
        <p>
          <CommandButton id="new" title="Create a workbook from a template" />
          {isDesktop ? null : <CommandButton id="open" title="Open a workbook folder" />}
        </p>
        <RecentWorkbooks open={(dir) => void openWorkbook(dir)} />
        <DialogHost />
        {creating ? <NewAudit close={() => setCreating(false)} /> : null}
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
        <span
          className={`save-state ${save.kind}`}
          role="status"
          title={save.kind === 'invalid' || save.kind === 'conflict' ? save.message : ''}
        >
          {save.kind === 'saved'
            ? save.redacted
              ? `Saved — a secret typed in ${save.redacted} was replaced by [REDACTED]; use a secret parameter`
              : 'Saved'
            : save.kind === 'saving'
              ? 'Saving…'
              : save.kind === 'pending'
                ? 'Unsaved changes'
                : save.kind === 'conflict'
                  ? 'Not saved: changed elsewhere'
                  : `Not saved: ${save.message}`}
        </span>
        {committee.kind === 'escalated' ? <span className="chip danger">escalated</span> : null}
        <CommandButton id="undo" disabled={!undoLabel} title={undoLabel ? `Undo ${undoLabel}` : 'Nothing to undo'} />
        <CommandButton id="redo" disabled={!redoLabel} title={redoLabel ? `Redo ${redoLabel}` : 'Nothing to redo'} />
        <CommandButton id="new" title="Create a workbook from a template" />
        {/* The desktop app opens from its File menu, with the system's folder picker. */}
        {isDesktop ? null : <CommandButton id="open" title="Open a workbook folder" />}
        <CommandButton id="publish" />
        <CommandButton id="export-report" />
        <CommandButton id="export-issues" />
      </header>
      {!trusted ? (
        <div className="banner warn trust" role="alert">
          This workbook did not come from this machine. Opening it ran nothing; each run will show the exact command or request and ask
          first.
          <button onClick={() => void trustWorkbook()}>Trust this workbook</button>
        </div>
      ) : null}
      {save.kind === 'invalid' ? (
        <div className="banner warn" role="alert">
          Not saved: {save.message}. Your edit stays on screen and in the recovery journal; correct it and it saves.
        </div>
      ) : null}
      {save.kind === 'conflict' && dir ? (
        <div className="banner danger" role="alert">
          Not saved: {save.message}. Your edits stay on screen and in the recovery journal.
          <button onClick={() => void mergeWithSaved()}>Merge with it</button>
          <button onClick={() => void load(dir)}>Load the saved workbook</button>
          <button onClick={() => void overwrite()}>Save mine over it</button>
        </div>
      ) : null}
      {recovery ? (
        <div className="banner info" role="alert">
          Unsaved changes made until {recovery.savedAt.replace('T', ' ').slice(0, 19)} UTC were kept.
          <button onClick={() => void restoreRecovery()}>Restore them</button>
          <button onClick={() => void discardRecovery()}>Discard</button>
        </div>
      ) : null}
      <ErrorBoundary what="the rail">
        <Rail wb={wb} />
      </ErrorBoundary>
      <main className="workspace">
        {/* Another view starts afresh after a failure; another pillar is tried again, the notebook's own state kept. */}
        <ErrorBoundary key={view} resetKey={pillar} what={VIEW_NAMES[view]}>
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
          {view === 'controls' ? <Controls wb={wb} /> : null}
        </ErrorBoundary>
      </main>
      {gap ? (
        <ErrorBoundary key={gap} what={`the editor of ${gap}`}>
          <GapEditor wb={wb} id={gap} />
        </ErrorBoundary>
      ) : null}
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
