// The preload (sandboxed: it can require only `electron`, so scripts/build-electron.mjs bundles
// it). It exposes exactly `window.auditWorkbench`; the page never sees ipcRenderer or an event.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';
import { MENU_CHANNEL } from './menu';

contextBridge.exposeInMainWorld(
  'auditWorkbench',
  createBridge({
    invoke: (channel, request) => ipcRenderer.invoke(channel, request),
    onMenu(listener) {
      const forward = (_event: unknown, command: unknown, path: unknown) => listener(command, path);
      ipcRenderer.on(MENU_CHANNEL, forward);
      return () => void ipcRenderer.removeListener(MENU_CHANNEL, forward);
    },
  }),
);
