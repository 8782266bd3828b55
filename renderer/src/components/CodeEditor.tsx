// A Monaco editor for one cell's SQL, request or command. Shift+Enter runs the cell. Monaco loads
// after the first screen: until it has, the code shows as plain text, so opening is not delayed.
import { useEffect, useRef, useState } from 'react';
import { evidenceCatalog } from '../lib/evidence';
import type * as Monaco from '../lib/monaco';
import { setSqlCatalogSource } from '../lib/sql-catalog';
import { useStore } from '../store';

let loading: Promise<typeof Monaco> | null = null;
const loadMonaco = () => (loading ??= import('../lib/monaco'));

// SQL completion offers the open workbook's evidence tables, as they are when the list opens.
setSqlCatalogSource(() => {
  const { dir, workbook } = useStore.getState();
  return dir && workbook ? evidenceCatalog(dir, workbook) : null;
});

type EditorProps = {
  value: string;
  language: 'sql' | 'shell' | 'plaintext';
  onChange?: (value: string) => void;
  onRun?: () => void;
  params?: readonly string[];
  readOnly?: boolean;
  minLines?: number;
};

export function CodeEditor(props: EditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<Monaco.monaco.editor.IStandaloneCodeEditor | null>(null);
  const [ready, setReady] = useState(false);
  const latest = useRef(props);
  /** Values the editor reported and the parent has not given back yet (typing runs ahead of renders). */
  const echoes = useRef<string[]>([]);
  latest.current = props;
  const lines = Math.max(props.minLines ?? 2, Math.min(18, props.value.split('\n').length));

  useEffect(() => {
    let disposed = false;
    let cleanup = () => undefined as void;
    void loadMonaco().then(({ monaco, decorateParams }) => {
      if (disposed || !host.current) return;
      const e = monaco.editor.create(host.current, {
        value: latest.current.value,
        language: latest.current.language,
        readOnly: latest.current.readOnly ?? false,
        theme: 'workbench',
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        lineNumbers: 'on',
        fontSize: 13,
        wordWrap: 'on',
        automaticLayout: true,
        renderLineHighlight: 'none',
        overviewRulerLanes: 0,
        scrollbar: { alwaysConsumeMouseWheel: false },
        fixedOverflowWidgets: true,
        // Tab and Shift+Tab move between the page's fields (a command's argv takes no indentation);
        // Ctrl+M (Monaco's own) switches back to indenting.
        tabFocusMode: true,
        // Enter takes a suggestion only when it changes the text: a word typed whole ("runs") and
        // Enter is a new line, not a newline swallowed by the list that opened on it.
        acceptSuggestionOnEnter: 'smart',
      });
      editor.current = e;
      e.addCommand(monaco.KeyMod.Shift | monaco.KeyCode.Enter, () => latest.current.onRun?.());
      e.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => latest.current.onRun?.());
      // Escape leaves the editor, once nothing of its own (completion, search, hints) is open to close.
      e.addCommand(
        monaco.KeyCode.Escape,
        () => (document.activeElement as HTMLElement | null)?.blur(),
        '!suggestWidgetVisible && !findWidgetVisible && !parameterHintsVisible && !editorHasMultipleSelections',
      );
      const sub = e.onDidChangeModelContent(() => {
        const value = e.getValue();
        echoes.current.push(value);
        if (echoes.current.length > 100) echoes.current.shift();
        latest.current.onChange?.(value);
      });
      const undecorate = decorateParams(e, latest.current.params ?? []);
      setReady(true);
      cleanup = () => {
        undecorate();
        sub.dispose();
        e.dispose();
      };
    });
    return () => {
      disposed = true;
      cleanup();
    };
  }, []);

  // A value changed outside the editor (undo, a secret replaced on save) replaces only the span that
  // differs, so the cursor and the editor's own undo stay where they were.
  useEffect(() => {
    const model = editor.current?.getModel();
    const current = model?.getValue();
    // The editor's own text coming back, maybe a render late while typing went on: not an outside change.
    const echo = echoes.current.lastIndexOf(props.value);
    if (echo >= 0) echoes.current.splice(0, echo + 1);
    if (!model || current === undefined || current === props.value || echo >= 0) return;
    echoes.current = [];
    const { start, end, endNew } = changedSpan(current, props.value);
    const from = model.getPositionAt(start);
    const to = model.getPositionAt(end);
    model.pushEditOperations(
      [],
      [
        {
          range: { startLineNumber: from.lineNumber, startColumn: from.column, endLineNumber: to.lineNumber, endColumn: to.column },
          text: props.value.slice(start, endNew),
        },
      ],
      () => null,
    );
  }, [props.value]);

  return (
    <div className="code-editor" data-language={props.language} style={{ height: lines * 19 + 10 }}>
      <div ref={host} className="code-host" />
      {ready ? null : <pre className="code-fallback">{props.value}</pre>}
    </div>
  );
}

/** The span of `before` that `after` replaces: `before[start, end)` becomes `after[start, endNew)`. */
function changedSpan(before: string, after: string): { start: number; end: number; endNew: number } {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = before.length;
  let endNew = after.length;
  while (end > start && endNew > start && before[end - 1] === after[endNew - 1]) {
    end--;
    endNew--;
  }
  return { start, end, endNew };
}
