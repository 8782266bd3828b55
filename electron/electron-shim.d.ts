// The slice of Electron's API that main.ts and preload.ts use, declared by hand: the `electron`
// package is an optional dependency whose postinstall downloads the binary, and where that fails
// npm removes the package entirely, types included. TypeScript resolves an installed `electron`
// package before an ambient `declare module`, so wherever Electron is installed its real types win
// and this file is ignored; keep the signatures here a faithful subset of the real ones.
declare module 'electron' {
  type Listener = (...args: never[]) => void;

  interface Event {
    preventDefault(): void;
  }

  interface WebFrameMain {
    readonly url: string;
    /** null for the top frame of its page. */
    readonly parent: WebFrameMain | null;
  }

  interface HandlerDetails {
    url: string;
  }

  interface WebContents {
    readonly id: number;
    readonly mainFrame: WebFrameMain;
    send(channel: string, ...args: unknown[]): void;
    on(event: 'will-navigate', listener: (event: Event, url: string) => void): this;
    on(event: 'will-attach-webview', listener: (event: Event) => void): this;
    on(event: 'will-prevent-unload', listener: (event: Event) => void): this;
    setWindowOpenHandler(handler: (details: HandlerDetails) => { action: 'deny' } | { action: 'allow' }): void;
    isDestroyed(): boolean;
    printToPDF(options: {
      printBackground?: boolean;
      preferCSSPageSize?: boolean;
      displayHeaderFooter?: boolean;
      generateTaggedPDF?: boolean;
      generateDocumentOutline?: boolean;
    }): Promise<Uint8Array>;
  }

  interface WebPreferences {
    preload?: string;
    contextIsolation?: boolean;
    sandbox?: boolean;
    nodeIntegration?: boolean;
    nodeIntegrationInSubFrames?: boolean;
    webSecurity?: boolean;
    allowRunningInsecureContent?: boolean;
    webviewTag?: boolean;
    spellcheck?: boolean;
    javascript?: boolean;
  }

  interface BrowserWindowConstructorOptions {
    width?: number;
    height?: number;
    minWidth?: number;
    minHeight?: number;
    title?: string;
    show?: boolean;
    webPreferences?: WebPreferences;
  }

  class BrowserWindow {
    constructor(options?: BrowserWindowConstructorOptions);
    readonly webContents: WebContents;
    loadURL(url: string): Promise<void>;
    show(): void;
    focus(): void;
    restore(): void;
    isMinimized(): boolean;
    isDestroyed(): boolean;
    destroy(): void;
    once(event: 'ready-to-show', listener: () => void): this;
    on(event: 'closed', listener: () => void): this;
  }

  interface App {
    readonly isPackaged: boolean;
    whenReady(): Promise<void>;
    quit(): void;
    getPath(name: 'userData'): string;
    setPath(name: 'userData', path: string): void;
    requestSingleInstanceLock(): boolean;
    on(event: 'window-all-closed', listener: () => void): this;
    on(event: 'second-instance', listener: (event: Event, argv: string[], workingDirectory: string) => void): this;
    on(event: 'web-contents-created', listener: (event: Event, contents: WebContents) => void): this;
  }

  interface IpcMainInvokeEvent {
    readonly sender: WebContents;
    /** null when the frame navigated or was destroyed before the message arrived. */
    readonly senderFrame: WebFrameMain | null;
  }

  interface IpcMain {
    handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown> | unknown): void;
  }

  interface CustomScheme {
    scheme: string;
    privileges?: {
      standard?: boolean;
      secure?: boolean;
      bypassCSP?: boolean;
      allowServiceWorkers?: boolean;
      supportFetchAPI?: boolean;
      corsEnabled?: boolean;
      stream?: boolean;
      codeCache?: boolean;
    };
  }

  interface Protocol {
    registerSchemesAsPrivileged(customSchemes: CustomScheme[]): void;
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
  }

  interface Session {
    setPermissionRequestHandler(
      handler: ((webContents: WebContents, permission: string, callback: (permissionGranted: boolean) => void) => void) | null,
    ): void;
  }

  interface MenuItemConstructorOptions {
    label?: string;
    accelerator?: string;
    enabled?: boolean;
    type?: 'normal' | 'separator' | 'submenu';
    role?:
      | 'undo'
      | 'redo'
      | 'cut'
      | 'copy'
      | 'paste'
      | 'selectAll'
      | 'quit'
      | 'about'
      | 'hide'
      | 'hideOthers'
      | 'unhide'
      | 'services'
      | 'toggleDevTools'
      | 'togglefullscreen'
      | 'resetZoom'
      | 'zoomIn'
      | 'zoomOut'
      | 'minimize'
      | 'close'
      | 'appMenu'
      | 'windowMenu';
    submenu?: MenuItemConstructorOptions[];
    click?: () => void;
  }

  class Menu {
    static buildFromTemplate(template: MenuItemConstructorOptions[]): Menu;
    static setApplicationMenu(menu: Menu | null): void;
  }

  interface OpenDialogOptions {
    title?: string;
    buttonLabel?: string;
    properties?: ('openDirectory' | 'createDirectory' | 'openFile')[];
  }

  interface MessageBoxOptions {
    type?: 'none' | 'info' | 'error' | 'question' | 'warning';
    buttons?: string[];
    defaultId?: number;
    cancelId?: number;
    title?: string;
    message: string;
    detail?: string;
  }

  interface Dialog {
    showOpenDialog(window: BrowserWindow, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
    showMessageBox(window: BrowserWindow, options: MessageBoxOptions): Promise<{ response: number; checkboxChecked: boolean }>;
    showMessageBoxSync(window: BrowserWindow, options: MessageBoxOptions): number;
  }

  interface Shell {
    openExternal(url: string): Promise<void>;
    showItemInFolder(fullPath: string): void;
  }

  interface SafeStorage {
    isEncryptionAvailable(): boolean;
    encryptString(plainText: string): Buffer;
    decryptString(encrypted: Buffer): string;
    /** Linux only: which secret store backs the key ('basic_text' is a hard-coded password). */
    getSelectedStorageBackend(): 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';
  }

  interface IpcRendererEvent {
    readonly senderId: number;
  }

  interface IpcRenderer {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): this;
    removeListener(channel: string, listener: Listener): this;
  }

  interface ContextBridge {
    exposeInMainWorld(apiKey: string, api: unknown): void;
  }

  const app: App;
  const ipcMain: IpcMain;
  const protocol: Protocol;
  const session: { readonly defaultSession: Session };
  const dialog: Dialog;
  const shell: Shell;
  const safeStorage: SafeStorage;
  const ipcRenderer: IpcRenderer;
  const contextBridge: ContextBridge;
}
