// The report as it would be exported now, rendered (inert: see components/Markdown).
import { useEffect, useState } from 'react';
import { CommandButton } from '../components/CommandButton';
import { call } from '../api';
import { Markdown } from '../components/Markdown';
import { useStore } from '../store';

export function ReportPreview() {
  const { dir, workbook, save, saveNow } = useStore();
  const [state, setState] = useState<{ markdown: string; file: string } | { error: string } | null>(null);
  useEffect(() => {
    let live = true;
    if (!dir) return;
    void (async () => {
      if (!(await saveNow()))
        return live && setState({ error: 'The workbook has unsaved changes that are not valid yet; fix them to preview the report.' });
      try {
        const preview = await call('report:preview', { dir });
        if (live) setState(preview);
      } catch (e) {
        if (live) setState({ error: (e as Error).message });
      }
    })();
    return () => {
      live = false;
    };
    // Re-render when the saved workbook changes.
  }, [dir, workbook, save.kind === 'saved', saveNow]);
  return (
    <div className="page report-preview">
      <div className="toolbar">
        <span className="muted">{state && 'file' in state ? state.file : 'Report preview'}</span>
        <span className="spacer" />
        <CommandButton id="export-report" />
        <CommandButton id="export-issues" />
        <CommandButton id="push-issues" />
      </div>
      {state === null ? (
        <p className="muted">Rendering…</p>
      ) : 'error' in state ? (
        <p className="error-text">{state.error}</p>
      ) : (
        <Markdown source={state.markdown} className="report" />
      )}
    </div>
  );
}
