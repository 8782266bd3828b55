// What each command of core/commands.ts does in the window. The desktop menu, the keyboard and
// the buttons (CommandButton) all come here, so a command behaves the same however it is given.
import { COMMANDS, commandForKeys, type CommandId, type CommandSpec } from '../../core/commands';
import { askForWorkbook, exportIssues, exportReport, openWorkbook, publishVersion, pushIssues } from './actions';
import { isDesktop } from './api';
import { useStore } from './store';
import type { View } from './store/ui';

/** Typing in a field or an editor keeps its own undo and keys; the workbook's apply elsewhere. */
export const inTextField = (target: EventTarget | null) =>
  target instanceof HTMLElement && target.closest('input, textarea, select, .monaco-editor') !== null;

const show = (view: View) => () => useStore.getState().show(view);

const HANDLERS: Record<CommandId, (path?: string) => void> = {
  new: () => useStore.getState().setCreating(true),
  open: (path) => void (path ? openWorkbook(path) : askForWorkbook()),
  save: () => void useStore.getState().saveNow(),
  publish: () => void publishVersion(),
  'export-report': () => void exportReport(),
  'export-issues': () => void exportIssues(),
  'push-issues': () => void pushIssues(),
  // The desktop app reveals the folder itself; a page cannot open a file manager.
  reveal: () => undefined,
  // The menu's Undo while typing undoes the typing, as everywhere else on the desktop.
  undo: () => (inTextField(document.activeElement) ? void document.execCommand('undo') : useStore.getState().undo()),
  redo: () => (inTextField(document.activeElement) ? void document.execCommand('redo') : useStore.getState().redo()),
  'show-backlog': show('backlog'),
  'show-matrix': show('matrix'),
  'show-verdicts': show('verdicts'),
  'show-parameters': show('parameters'),
  'show-report': show('report'),
  'show-delta': show('delta'),
  'show-controls': show('controls'),
  'close-panel': () => useStore.getState().editGap(null),
};

export function runCommand(id: CommandId, path?: string): void {
  HANDLERS[id](path);
}

/** The platform, for shortcuts (⌘ or Ctrl) and how tooltips write them. */
export const PLATFORM = /Mac|iPhone|iPad/.test(navigator.platform) ? 'darwin' : 'other';

/** The window's key handler: a shortcut of the registry runs its command. */
export function onShortcut(e: KeyboardEvent): void {
  const id = commandForKeys(e, PLATFORM);
  if (!id) return;
  const spec: CommandSpec = COMMANDS[id];
  if (spec.fieldsFirst && inTextField(e.target)) return;
  // The desktop menu has these keys as accelerators, and Open there picks the folder natively.
  if (isDesktop && !spec.keyboardOnly) return;
  // An open dialog has the keys (Enter, Escape); a shortcut must not replace it.
  const { dialog, creating } = useStore.getState();
  if (dialog || creating) return;
  e.preventDefault();
  runCommand(id);
}
