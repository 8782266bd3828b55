// The commands a user gives by menu, shortcut or button, in one list: the desktop menu, the
// keyboard and the buttons take their label and keys from here, so they cannot disagree. What a
// command does is the renderer's (renderer/src/commands.ts); where it sits in the menu, electron's.

export interface CommandSpec {
  /** As the desktop menu says it. */
  label: string;
  /** As a button says it, when shorter than the menu's label. */
  button?: string;
  /** Electron accelerators. The menu shows the first that applies to the platform (`Cmd+` is
   *  macOS only, `Ctrl+` elsewhere only, `CmdOrCtrl+` both); the keyboard accepts all of them. */
  keys?: readonly string[];
  /** In a text field or a code editor, the keys belong to the field (its own undo, its typing). */
  fieldsFirst?: boolean;
  /** Not in the desktop menu: the window's keyboard handler gives it there too. */
  keyboardOnly?: boolean;
}

export const COMMANDS = {
  new: { label: 'New Audit…', button: 'New audit…', keys: ['CmdOrCtrl+N'] },
  open: { label: 'Open…', keys: ['CmdOrCtrl+O'] },
  save: { label: 'Save', keys: ['CmdOrCtrl+S'] },
  publish: { label: 'Publish Version…', button: 'Publish…', keys: ['CmdOrCtrl+Shift+P'] },
  'export-report': { label: 'Export Report…', button: 'Export report…', keys: ['CmdOrCtrl+E'] },
  'export-issues': { label: 'Export Issues…', button: 'Export issues…', keys: ['CmdOrCtrl+Shift+E'] },
  'push-issues': { label: 'Push Issues to GitHub…', button: 'Push to GitHub…' },
  reveal: { label: 'Reveal in Folder' },
  undo: { label: 'Undo', keys: ['CmdOrCtrl+Z'], fieldsFirst: true },
  redo: { label: 'Redo', keys: ['Cmd+Shift+Z', 'Ctrl+Y', 'Ctrl+Shift+Z'], fieldsFirst: true },
  // Option+digit types a character on macOS ([, ], #, £ …): in a field, the field has it.
  'show-backlog': { label: 'Backlog & top risks', keys: ['Alt+1'], fieldsFirst: true },
  'show-matrix': { label: 'Risk matrix', keys: ['Alt+2'], fieldsFirst: true },
  'show-verdicts': { label: 'Verdicts', keys: ['Alt+3'], fieldsFirst: true },
  'show-parameters': { label: 'Parameters & weights', keys: ['Alt+4'], fieldsFirst: true },
  'show-report': { label: 'Report preview', keys: ['Alt+5'], fieldsFirst: true },
  'show-delta': { label: 'Versions & committee', keys: ['Alt+6'], fieldsFirst: true },
  'show-controls': { label: 'Controls overview', keys: ['Alt+7'], fieldsFirst: true },
  'close-panel': { label: 'Close the gap editor', keys: ['Escape'], fieldsFirst: true, keyboardOnly: true },
} as const satisfies Record<string, CommandSpec>;

export type CommandId = keyof typeof COMMANDS;
export const COMMAND_IDS = Object.keys(COMMANDS) as CommandId[];

const spec = (id: CommandId): CommandSpec => COMMANDS[id];

const appliesTo = (accelerator: string, mac: boolean) =>
  accelerator.startsWith('Cmd+') ? mac : accelerator.startsWith('Ctrl+') ? !mac : true;

/** The accelerator the menu shows on a platform, if the command has one there. */
export function menuKeys(id: CommandId, platform: string): string | undefined {
  return spec(id).keys?.find((k) => appliesTo(k, platform === 'darwin'));
}

/** The shortcut as a tooltip says it: "Ctrl+Shift+P", or "⌘⇧P" on macOS. */
export function shortcutText(id: CommandId, platform: string): string {
  const keys = menuKeys(id, platform);
  if (!keys) return '';
  if (platform !== 'darwin') return keys.replace(/^CmdOrCtrl\+/, 'Ctrl+');
  return keys
    .replace(/^(CmdOrCtrl|Cmd)\+/, '⌘')
    .replace('Shift+', '⇧')
    .replace('Alt+', '⌥');
}

/** A key press as the keyboard reports it (the fields of a DOM KeyboardEvent that matter). */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  /** The physical key ("Digit1"), when known. */
  code?: string;
}

/** Whether a key press gives this accelerator on a platform: ⌘ on macOS (where Ctrl+N moves the
 *  cursor in a text field), Ctrl elsewhere. */
function matches(accelerator: string, press: KeyPress, mac: boolean): boolean {
  if (!appliesTo(accelerator, mac)) return false;
  const parts = accelerator.split('+');
  const key = parts.pop()!.toLowerCase();
  const mod = parts.some((p) => p === 'Cmd' || p === 'Ctrl' || p === 'CmdOrCtrl');
  const pressed = mac ? press.metaKey : press.ctrlKey;
  const other = mac ? press.ctrlKey : press.metaKey;
  if (mod !== pressed || other || parts.includes('Shift') !== press.shiftKey || parts.includes('Alt') !== press.altKey) return false;
  // With Alt held, macOS reports the character Alt makes ("¡"), so digits are also read from `code`.
  return press.key.toLowerCase() === key || (/^\d$/.test(key) && press.code === `Digit${key}`);
}

/** The command a key press gives on a platform, if any. */
export function commandForKeys(press: KeyPress, platform: string): CommandId | undefined {
  return COMMAND_IDS.find((id) => spec(id).keys?.some((k) => matches(k, press, platform === 'darwin')));
}
