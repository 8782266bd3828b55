// What the preload exposes as `window.auditWorkbench`, built from the contract over two plain
// functions so that it is tested without Electron: one named function per channel (never a
// generic invoke, never ipcRenderer), and menu commands filtered against MENU_COMMANDS.
import { CHANNELS, MENU_COMMANDS, type Api, type DesktopBridge, type MenuCommand } from '../core/contract';

export interface BridgeIpc {
  invoke(channel: string, request: unknown): Promise<unknown>;
  /** Subscribes to the menu channel; returns the unsubscribe function. */
  onMenu(listener: (command: unknown, path: unknown) => void): () => void;
}

const isMenuCommand = (value: unknown): value is MenuCommand =>
  typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);

export function createBridge(ipc: BridgeIpc): DesktopBridge {
  const api = Object.fromEntries(
    CHANNELS.map((channel) => [channel, (request: unknown) => ipc.invoke(channel, request)]),
  ) as unknown as Api;
  return {
    api,
    onMenuCommand(listener) {
      return ipc.onMenu((command, path) => {
        if (!isMenuCommand(command)) return;
        if (typeof path === 'string' && path !== '') listener(command, path);
        else listener(command);
      });
    },
  };
}
