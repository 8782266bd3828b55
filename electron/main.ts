// The Electron main process, kept thin: one window showing the built renderer from the package,
// the application menu, and the API contract over IPC through one guarded wrapper. Everything
// the app does goes through node/api/handlers.ts `dispatch`, exactly as the browser shell does.
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  safeStorage,
  session,
  shell,
  type MenuItemConstructorOptions,
  type WebContents,
} from 'electron';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHANNELS, type MenuCommand, type Responses } from '../core/contract';
import type { HandlerContext } from '../node/api/handlers';
import { appProtocolResponse } from './app-protocol';
import { APP_ORIGIN, APP_SCHEME, guardedDispatch } from './ipc-guard';
import { launchDir } from './launch';
import { externalLink } from './links';
import { applicationMenu, MENU_CHANNEL, type MenuAction, type MenuItemSpec } from './menu';
import { readRecent, withRecent, writeRecent } from './recent';
import { createSecretStore, type Encryptor } from './secret-store';

// Bundled as dist/electron/main.cjs, next to preload.cjs and the renderer build in dist/renderer.
const RENDERER_DIR = join(__dirname, '..', 'renderer');
const PRELOAD = join(__dirname, 'preload.cjs');

// The renderer is served over app://workbench rather than file://. A file:// page has an opaque
// origin, gets no response headers (so no CSP header, and frame-ancestors cannot be set from a
// meta tag), and cannot fetch() files — which DuckDB-wasm does for its .wasm and workers. A
// standard, secure scheme gives the page a real origin that 'self' and the IPC sender check can
// name, the CSP header on every response, fetch and module workers (corsEnabled), and no
// bypassCSP. Registered before `ready`, as Electron requires.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
]);

// Tests (and a user who wants one folder for everything) isolate all app state with one variable.
if (process.env['AUDIT_WORKBENCH_HOME']) app.setPath('userData', join(process.env['AUDIT_WORKBENCH_HOME'], 'desktop'));

/** safeStorage as the keychain store's encryptor; it refuses when no OS keychain protects the key. */
const safeStorageEncryptor: Encryptor = {
  unavailable() {
    if (!safeStorage.isEncryptionAvailable())
      return 'the OS keychain is not available (on Linux a Secret Service such as GNOME Keyring or KWallet must be running)';
    // Without a secret service, Linux falls back to a hard-coded key: that is not a keychain.
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text')
      return 'no OS keychain was found (on Linux run a Secret Service such as GNOME Keyring or KWallet); secrets are not stored under a hard-coded key';
    return null;
  },
  encrypt: (plainText) => safeStorage.encryptString(plainText),
  decrypt: (cipherText) => safeStorage.decryptString(Buffer.from(cipherText)),
};

let window: BrowserWindow | null = null;
let recent: string[] = [];
/** The workbook the window shows (for Reveal), and the demo copy, which stays out of Open Recent. */
let current: string | null = null;
let demoDir: string | null = null;

const recentFile = () => join(app.getPath('userData'), 'recent.json');

function sendCommand(command: MenuCommand, path?: string): void {
  if (window && !window.isDestroyed()) window.webContents.send(MENU_CHANNEL, command, ...(path ? [path] : []));
}

async function perform(action: MenuAction): Promise<void> {
  if (!window) return;
  switch (action.kind) {
    case 'send':
      return sendCommand(action.command);
    case 'choose-folder': {
      const chosen = await dialog.showOpenDialog(window, { title: action.title, properties: ['openDirectory', 'createDirectory'] });
      if (!chosen.canceled && chosen.filePaths[0]) sendCommand(action.command, chosen.filePaths[0]);
      return;
    }
    case 'open-recent':
      return sendCommand('open', action.dir);
    case 'clear-recent':
      recent = [];
      await writeRecent(recentFile(), recent);
      return refreshMenu();
    case 'reveal':
      return shell.showItemInFolder(join(action.dir, 'workbook.json'));
  }
}

function toTemplate(items: MenuItemSpec[]): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if ('separator' in item) return { type: 'separator' };
    if ('role' in item) return { role: item.role };
    if ('submenu' in item) return { label: item.label, submenu: toTemplate(item.submenu) };
    if ('action' in item)
      return {
        label: item.label,
        ...(item.accelerator ? { accelerator: item.accelerator } : {}),
        click: () => void perform(item.action).catch(reportError),
      };
    return { label: item.label, enabled: false };
  });
}

function refreshMenu(): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      toTemplate(applicationMenu({ platform: process.platform, appName: 'Audit Workbench', recent, current, isPackaged: app.isPackaged })),
    ),
  );
}

function reportError(error: unknown): void {
  console.error(error);
  if (window)
    void dialog.showMessageBox(window, {
      type: 'error',
      message: 'Audit Workbench',
      detail: error instanceof Error ? error.message : String(error),
    });
}

/** Remembers a workbook the renderer opened or created, for Reveal and Open Recent. */
async function opened(dir: string): Promise<void> {
  current = resolve(dir);
  if (current !== demoDir) {
    recent = withRecent(recent, current);
    await writeRecent(recentFile(), recent);
  }
  refreshMenu();
}

/** Offers to open an https link in the browser after the user confirms; refuses anything else. */
async function offerExternal(url: string): Promise<void> {
  const href = externalLink(url);
  if (!href || !window || window.isDestroyed()) return;
  const { response } = await dialog.showMessageBox(window, {
    type: 'question',
    buttons: ['Open in Browser', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: 'Open this link in your browser?',
    detail: href,
  });
  if (response === 0) await shell.openExternal(href);
}

/** No page may navigate, open windows or embed webviews: the app is one page. */
function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    void offerExternal(url).catch(reportError);
  });
  contents.setWindowOpenHandler(({ url }) => {
    void offerExternal(url).catch(reportError);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // The renderer vetoes unloading while edits are unsaved; Electron would then silently keep the
  // window open, so ask (preventing this event lets the window close).
  contents.on('will-prevent-unload', (event) => {
    if (!window || window.webContents.id !== contents.id) return;
    const choice = dialog.showMessageBoxSync(window, {
      type: 'warning',
      buttons: ['Close Without Saving', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: 'The workbook has unsaved changes.',
      detail: 'They are kept in the recovery journal and offered again the next time it is opened.',
    });
    if (choice === 0) event.preventDefault();
  });
}

function registerIpc(context: Partial<HandlerContext>): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, raw) => {
      const frame = event.senderFrame;
      const result = await guardedDispatch(
        channel,
        raw,
        { webContentsId: event.sender.id, frame: frame ? { url: frame.url, isTop: frame.parent === null } : null },
        window?.webContents.id,
        context,
      );
      if ('data' in result) {
        if (channel === 'app:start') {
          const start = result.data as Responses['app:start'];
          if (start.demo) demoDir = resolve(start.dir);
        }
        // The request passed validation, so `dir` is a string.
        if (channel === 'workbook:open' || channel === 'workbook:new') await opened((raw as { dir: string }).dir).catch(reportError);
      }
      return result;
    });
  }
}

/**
 * The PDF report in the desktop app: Electron's own Chromium prints the HTML report (self-contained,
 * no script) from a hidden, sandboxed window with JavaScript off; the page's CSS sets the size,
 * margins, header and page numbers.
 */
async function printPdf(html: string): Promise<Uint8Array> {
  const printer = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webSecurity: true },
  });
  try {
    await printer.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html).toString('base64')}`);
    return await printer.webContents.printToPDF({
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: false,
      generateTaggedPDF: true,
      generateDocumentOutline: true,
    });
  } finally {
    printer.destroy();
  }
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Audit Workbench',
    show: false,
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    window = null;
  });
  return win;
}

async function start(): Promise<void> {
  await app.whenReady();
  const startDir = launchDir(process.argv, app.isPackaged);
  // Nothing the page asks for is granted (camera, notifications, geolocation …) but writing
  // to the clipboard, which copy buttons use.
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permission === 'clipboard-sanitized-write'),
  );
  protocol.handle(APP_SCHEME, (request) => appProtocolResponse(RENDERER_DIR, request));
  recent = await readRecent(recentFile());
  registerIpc({
    keychain: createSecretStore(join(app.getPath('userData'), 'keychain.json'), safeStorageEncryptor),
    printPdf,
    ...(startDir ? { start: { dir: startDir, demo: false } } : {}),
  });
  refreshMenu();
  window = createWindow();
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    await dialog.showMessageBox(window, {
      type: 'error',
      message: 'The user interface is not built',
      detail: `No ${join(RENDERER_DIR, 'index.html')}: run npm run build, then npm run build:electron.`,
    });
    return app.quit();
  }
  await window.loadURL(`${APP_ORIGIN}/index.html`);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Launching the app again with a folder opens it in the running window.
  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
    const dir = launchDir(argv, app.isPackaged, workingDirectory);
    if (dir) sendCommand('open', dir);
  });
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  app.on('window-all-closed', () => app.quit());
  start().catch((error: unknown) => {
    reportError(error);
    app.quit();
  });
}
