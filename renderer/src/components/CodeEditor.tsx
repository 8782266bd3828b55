// A Monaco editor for one cell's SQL, request or command. Shift+Enter runs the cell. Monaco loads
// after the first screen: until it has, the code shows as plain text, so opening is not delayed.
import { useEffect, useRef, useState } from 'react';
import type * as Monaco from '../lib/monaco';

let loading: Promise<typeof Monaco> | null = null;
const loadMonaco = () => (loading ??= import('../lib/monaco'));

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
      });
      editor.current = e;
      e.addCommand(monaco.KeyMod.Shift | monaco.KeyCode.Enter, () => latest.current.onRun?.());
      e.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => latest.current.onRun?.());
      const sub = e.onDidChangeModelContent(() => latest.current.onChange?.(e.getValue()));
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

  useEffect(() => {
    const e = editor.current;
    if (e && e.getValue() !== props.value) e.setValue(props.value);
  }, [props.value]);

  return (
    <div className="code-editor" data-language={props.language} style={{ height: lines * 19 + 10 }}>
      <div ref={host} className="code-host" />
      {ready ? null : <pre className="code-fallback">{props.value}</pre>}
    </div>
  );
}
