// The application menu as data: where each command sits, built by a pure function so that it is
// tested without Electron; main.ts turns it into an Electron Menu and performs the actions. Labels
// and shortcuts come from core/commands.ts, as the renderer's buttons and keys do. The renderer
// owns the commands (undo, save, dialogs): most items only send it a command on MENU_CHANNEL,
// with the folder a dialog chose when there is one.
import { COMMANDS, menuKeys, type CommandId } from '../core/commands';
import type { MenuCommand } from '../core/contract';
import type { MenuItemConstructorOptions } from 'electron';

/** The one channel main uses to push menu commands to the window (never a contract channel). */
export const MENU_CHANNEL = 'menu:command';

export type MenuAction =
  | { kind: 'send'; command: MenuCommand }
  /** Ask for a folder first, then send the command with it. */
  | { kind: 'choose-folder'; command: 'open'; title: string }
  | { kind: 'open-recent'; dir: string }
  | { kind: 'clear-recent' }
  | { kind: 'reveal'; dir: string };

/** Electron's built-in behaviours that need no code (clipboard, zoom, quit …). */
export type MenuRole = NonNullable<MenuItemConstructorOptions['role']>;

export type MenuItemSpec =
  | { label: string; accelerator?: string; action: MenuAction }
  | { label: string; enabled: false }
  | { label: string; submenu: MenuItemSpec[] }
  | { role: MenuRole }
  | { separator: true };

export interface MenuState {
  platform: NodeJS.Platform;
  appName: string;
  /** Recently opened workbook folders, newest first. */
  recent: readonly string[];
  /** The workbook folder the window shows, once known. */
  current: string | null;
  /** Development builds get the developer tools; packaged apps do not. */
  isPackaged: boolean;
}

const send = (command: MenuCommand): MenuAction => ({ kind: 'send', command });

/** A path as a menu label: `&` marks a mnemonic on Windows and Linux, so it is doubled. */
export const menuLabel = (text: string): string => text.replaceAll('&', '&&');

function revealLabel(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Reveal in Finder';
  if (platform === 'win32') return 'Reveal in File Explorer';
  return 'Reveal in Folder';
}

/** The application menu for a platform and state. */
export function applicationMenu(state: MenuState): MenuItemSpec[] {
  const mac = state.platform === 'darwin';
  /** A command of the registry: its label and, on this platform, its shortcut. */
  const command = (id: CommandId, action: MenuAction = send(id)): MenuItemSpec => {
    const accelerator = menuKeys(id, state.platform);
    return { label: COMMANDS[id].label, ...(accelerator ? { accelerator } : {}), action };
  };
  const recent: MenuItemSpec[] = state.recent.length
    ? [
        ...state.recent.map((dir): MenuItemSpec => ({ label: menuLabel(dir), action: { kind: 'open-recent', dir } })),
        { separator: true },
        { label: 'Clear Recent', action: { kind: 'clear-recent' } },
      ]
    : [{ label: 'No Recent Workbooks', enabled: false }];
  const file: MenuItemSpec[] = [
    // The window's New Audit dialog asks for the template, the parameters and the folder.
    command('new'),
    command('open', { kind: 'choose-folder', command: 'open', title: 'Open a workbook folder' }),
    { label: 'Open Recent', submenu: recent },
    { separator: true },
    command('save'),
    command('publish'),
    { separator: true },
    command('export-report'),
    command('export-issues'),
    command('push-issues'),
    { separator: true },
    state.current
      ? { label: revealLabel(state.platform), action: { kind: 'reveal', dir: state.current } }
      : { label: revealLabel(state.platform), enabled: false },
    // macOS keeps Quit in the application menu.
    ...(mac ? [] : [{ separator: true } as const, { role: 'quit' } as const]),
  ];
  const edit: MenuItemSpec[] = [
    // The renderer owns undo (workbook edits are deltas), so these are commands, not roles.
    command('undo'),
    command('redo'),
    { separator: true },
    { role: 'cut' },
    { role: 'copy' },
    { role: 'paste' },
    { role: 'selectAll' },
  ];
  const view: MenuItemSpec[] = [
    command('show-backlog'),
    command('show-matrix'),
    command('show-verdicts'),
    command('show-parameters'),
    command('show-report'),
    command('show-delta'),
    command('show-controls'),
    { separator: true },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { separator: true },
    { role: 'togglefullscreen' },
    ...(state.isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
  ];
  return [
    ...(mac
      ? [
          {
            label: state.appName,
            submenu: [
              { role: 'about' },
              { separator: true },
              { role: 'services' },
              { separator: true },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { separator: true },
              { role: 'quit' },
            ] satisfies MenuItemSpec[],
          },
        ]
      : []),
    { label: 'File', submenu: file },
    { label: 'Edit', submenu: edit },
    { label: 'View', submenu: view },
    ...(mac ? [{ role: 'windowMenu' } as const] : []),
  ];
}
