// The Electron main process: lifecycle and wiring only. Every decision lives in a pure module next to this
// file (tested under Node); this file is the only one in electron/main that imports 'electron' at runtime.
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Notification,
  protocol,
  safeStorage,
  session,
  shell,
  type WebContents,
} from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { createCore, defaultDataDir, defaultDbPath, type Core } from '../core';
import { APP_ENTRY_URL, APP_SCHEME } from './app-url';
import { bindIpc, forwardEvents, type IpcBinding } from './ipc';
import { describeStartupError, resolveNativeBinding } from './native-binding';
import { importDialogOptions, pictureDialogOptions, saveDialogOptions } from './dialogs';
import { createWindowOpenHandler, guardNavigation } from './navigation';
import { shellPaths } from './paths';
import { usableKeychain } from './keychain';
import { readCampaignBriefs, watchCampaigns } from './notifications';
import {
  cancelRequest,
  denyDevicePermission,
  denyPermissionCheck,
  denyPermissionRequest,
  REMOTE_REQUEST_FILTER,
} from './permissions';
import { createAppProtocolHandler } from './protocol-handler';
import { isTrustedSender } from './sender';
import { windowOptions } from './window-options';

// Before 'ready': app:// behaves like https (standard URL parsing, secure context, fetch), which is what lets the
// renderer run from our own origin instead of file://. Deliberately no `corsEnabled`: other origins cannot read
// app:// resources, and nothing but our own page ever loads.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);
// Sandbox every renderer, including any created by mistake, not only the one window we configure.
app.enableSandbox();

// userData = the core's data directory, so Chromium's storage, the single-instance lock and vestnik.db share
// one folder, and a second VESTNIK_DATA_DIR runs as an independent instance. Must precede the lock.
const dataDir = defaultDataDir();
fs.mkdirSync(dataDir, { recursive: true });
app.setPath('userData', dataDir);

const paths = shellPaths(__dirname);
let win: BrowserWindow | null = null;
let core: Core | null = null;
let ipc: IpcBinding | null = null;
let stopEvents: (() => void) | null = null;
let stopNotices: (() => void) | null = null;

/** Applied to every webContents the app ever creates (see navigation.ts for the contract). */
function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', guardNavigation);
  contents.on('will-frame-navigate', guardNavigation);
  contents.on('will-redirect', guardNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(createWindowOpenHandler((url) => shell.openExternal(url)));
}

function createWindow(): BrowserWindow {
  const icon = !app.isPackaged && fs.existsSync(paths.devIcon) ? paths.devIcon : undefined;
  const window = new BrowserWindow(windowOptions({ preloadPath: paths.preloadPath, devTools: !app.isPackaged, icon }));
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    win = null;
  });
  window.webContents.on('render-process-gone', (_event, details) => {
    console.error(`vestnik: renderer exited (${details.reason}, code ${details.exitCode})`);
  });
  if (!app.isPackaged && process.env.VESTNIK_DEVTOOLS === '1') window.webContents.openDevTools({ mode: 'detach' });
  window.loadURL(APP_ENTRY_URL).catch((err: unknown) => {
    console.error(`vestnik: could not load the UI from dist/renderer: ${String(err)}`);
  });
  return window;
}

async function start(): Promise<void> {
  await app.whenReady();

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler(denyPermissionRequest);
  ses.setPermissionCheckHandler(denyPermissionCheck);
  ses.setDevicePermissionHandler(denyDevicePermission);
  ses.webRequest.onBeforeRequest(REMOTE_REQUEST_FILTER, cancelRequest);
  // Letter previews (core/files/letter-views.ts) come from the core, created just below.
  protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler(paths.rendererRoot, undefined, (token) => core?.letters.get(token) ?? null),
  );

  core = createCore({
    dbPath: defaultDbPath(),
    shell: 'electron',
    watchExternalMs: 1000,
    saveFile: async (name) => {
      const options = saveDialogOptions(path.join(app.getPath('documents'), name));
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    pickFile: async () => {
      const result = win
        ? await dialog.showOpenDialog(win, importDialogOptions())
        : await dialog.showOpenDialog(importDialogOptions());
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    pickPicture: async () => {
      const result = win
        ? await dialog.showOpenDialog(win, pictureDialogOptions())
        : await dialog.showOpenDialog(pictureDialogOptions());
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    nativeBinding: resolveNativeBinding(process.env, app.isPackaged),
    keychain: usableKeychain(safeStorage, process.platform),
    background: true,
  });
  ipc = bindIpc({
    ipcMain,
    handlers: core.handlers,
    // Evaluated per call: the window and its main frame are looked up at the moment of the call.
    isTrusted: (event) => isTrustedSender(event, win?.webContents),
    onInternalError: (channel, err) => console.error(`vestnik: ${channel} failed:`, err),
  });
  stopEvents = forwardEvents(core.events, () => win?.webContents ?? null);
  const started = core;
  stopNotices = watchCampaigns({
    events: started.events,
    read: () => readCampaignBriefs(started.db),
    locale: () => started.handlers['settings:get']().locale,
    show: (n) => {
      if (!Notification.isSupported()) return;
      const note = new Notification({ title: n.title, body: n.body });
      note.on('click', () => {
        win?.show();
        win?.focus();
      });
      note.show();
    },
  });
  win = createWindow();
}

/** Idempotent: closes the database (checkpointing the WAL) exactly once, whatever path led to quitting. */
function shutdown(): void {
  stopEvents?.();
  stopEvents = null;
  stopNotices?.();
  stopNotices = null;
  ipc?.unbind();
  ipc = null;
  const closing = core;
  core = null;
  try {
    closing?.close();
  } catch (err) {
    console.error('vestnik: closing the database failed:', err);
  }
}

function fatal(err: unknown): void {
  const message = describeStartupError(err);
  console.error(`vestnik: ${message}`);
  shutdown();
  dialog.showErrorBox('Vestnik could not start', message);
  app.exit(1);
}

if (!app.requestSingleInstanceLock()) {
  // Another Vestnik owns this data directory; it gets focused through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win === null) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  // One window, and the core lives in this process: closing the window quits on every platform (including
  // macOS), so nothing keeps sending in the background without a visible UI.
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', shutdown);
  // Ctrl+C on `npm start`, or a service manager: quit through Electron so 'will-quit' closes the database.
  process.on('SIGINT', () => app.quit());
  process.on('SIGTERM', () => app.quit());
  start().catch(fatal);
}
