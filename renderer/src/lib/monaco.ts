// Monaco, bundled (its editor worker included): SQL with completion of the evidence tables and
// columns, and `${PARAM}` references highlighted in requests and commands.
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

// Only the generic editor worker is needed: SQL and shell have no language service of their own.
(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = { getWorker: () => new EditorWorker() };

export { monaco };
import { currentSqlCatalog } from './sql-catalog';

monaco.languages.registerCompletionItemProvider('sql', {
  triggerCharacters: ['.', ' '],
  async provideCompletionItems(model, position) {
    const word = model.getWordUntilPosition(position);
    const range = {
      startLineNumber: position.lineNumber,
      endLineNumber: position.lineNumber,
      startColumn: word.startColumn,
      endColumn: word.endColumn,
    };
    const before = model.getLineContent(position.lineNumber).slice(0, word.startColumn - 1);
    // Asked as the list opens: a table imported or captured a moment ago is offered.
    const catalog = await currentSqlCatalog();
    const qualified = /([A-Za-z_][A-Za-z0-9_]*)\.$/.exec(before);
    const Kind = monaco.languages.CompletionItemKind;
    if (qualified) {
      const table = catalog.find((t) => t.table === qualified[1]);
      return {
        suggestions: (table?.columns ?? []).map((c) => ({
          label: c,
          kind: Kind.Field,
          insertText: c,
          range,
          detail: `${table!.table} column`,
        })),
      };
    }
    const tables = catalog.map((t) => ({
      label: t.table,
      kind: Kind.Struct,
      insertText: t.table,
      range,
      detail: `evidence table (${t.columns.length} columns)`,
    }));
    const columns = [...new Set(catalog.flatMap((t) => t.columns))].map((c) => ({
      label: c,
      kind: Kind.Field,
      insertText: c,
      range,
      detail: 'column',
      sortText: `z${c}`,
    }));
    return { suggestions: [...tables, ...columns] };
  },
});

monaco.editor.defineTheme('workbench', {
  base: 'vs',
  inherit: true,
  // The tokens of Monaco's light theme that fall short of 4.5:1 (WCAG AA) on this background, each
  // darkened just enough: SQL strings (#ff0000) and operators (#778899), numbers, annotations.
  rules: [
    { token: 'string.sql', foreground: 'eb0000' },
    { token: 'operator.sql', foreground: '657687' },
    { token: 'number', foreground: '098557' },
    { token: 'annotation', foreground: '747474' },
  ],
  colors: { 'editor.background': '#fbfcfe', 'editorLineNumber.foreground': '#9aa4b2' },
});

/** Highlights every `${NAME}` of the model; known names and unknown ones differ. */
export function decorateParams(editor: monaco.editor.IStandaloneCodeEditor, known: readonly string[]): () => void {
  const collection = editor.createDecorationsCollection();
  const update = () => {
    const model = editor.getModel();
    if (!model) return;
    const matches = model.findMatches('\\$\\{([A-Z][A-Z0-9_]*)\\}', false, true, true, null, true);
    collection.set(
      matches.map((m) => ({
        range: m.range,
        options: {
          inlineClassName: known.includes(m.matches?.[1] ?? '') ? 'param-ref' : 'param-ref unknown',
          hoverMessage: { value: known.includes(m.matches?.[1] ?? '') ? 'workbook parameter' : 'unknown parameter' },
        },
      })),
    );
  };
  update();
  const sub = editor.onDidChangeModelContent(update);
  return () => {
    sub.dispose();
    collection.clear();
  };
}
