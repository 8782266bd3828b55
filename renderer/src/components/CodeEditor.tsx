// A Monaco editor for one cell's SQL, request or command. Shift+Enter runs the cell.
import { useEffect, useRef } from 'react';
import { decorateParams, monaco } from '../lib/monaco';

export function CodeEditor(props: { value: string; language: 'sql' | 'shell' | 'plaintext'; onChange?: (value: string) => void; onRun?: () => void; params?: readonly string[]; readOnly?: boolean; minLines?: number }) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    const lines = Math.max(props.minLines ?? 2, Math.min(18, props.value.split('\n').length));
    const e = monaco.editor.create(host.current!, {
      value: props.value,
      language: props.language,
      readOnly: props.readOnly ?? false,
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
    host.current!.style.height = `${lines * 19 + 10}px`;
    editor.current = e;
    e.addCommand(monaco.KeyMod.Shift | monaco.KeyCode.Enter, () => latest.current.onRun?.());
    const sub = e.onDidChangeModelContent(() => latest.current.onChange?.(e.getValue()));
    const undecorate = decorateParams(e, props.params ?? []);
    return () => {
      undecorate();
      sub.dispose();
      e.dispose();
    };
    // The editor is created once; value changes from outside (undo) are applied below.
  }, []);

  useEffect(() => {
    const e = editor.current;
    if (e && e.getValue() !== props.value) e.setValue(props.value);
  }, [props.value]);

  return <div className="code-editor" ref={host} data-language={props.language} />;
}
