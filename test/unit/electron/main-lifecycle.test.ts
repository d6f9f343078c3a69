import { build } from 'esbuild';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../../shared/ipc/names';
import { tempDir } from '../../helpers/temp';

/**
 * Runs the real main-process bundle (electron/main/index.ts, bundled like scripts/build.mjs does) under Node
 * against a recording fake of the 'electron' module, with the real core and SQLite. There is no Electron
 * binary here, so this is how index.ts's wiring is checked: order of pre-ready calls, the scheme privileges,
 * the window options, hardening of every webContents, IPC binding with the sender check, event forwarding,
 * the app:// handler, single-instance behaviour and closing the core on quit.
 */
const root = path.resolve(__dirname, '..', '..', '..');
const nodeRequire = createRequire(path.join(root, 'package.json'));

let bundled: string | null = null;
async function mainBundle(): Promise<string> {
  if (bundled !== null) return bundled;
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['electron/main/index.ts'],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['electron', 'better-sqlite3'],
    write: false,
    logLevel: 'silent',
  });
  bundled = result.outputFiles[0]?.text ?? '';
  return bundled;
}

type Listener = (...args: unknown[]) => unknown;

interface Frame {
  url: string;
  parent: Frame | null;
  processId: number;
  routingId: number;
}

function fakeElectron(opts: { lockGranted: boolean }) {
  const calls: string[] = [];
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    enableSandbox: () => void calls.push('app.enableSandbox'),
    setPath: (name: string, value: string) => void calls.push(`app.setPath ${name} ${value}`),
    requestSingleInstanceLock: () => (calls.push('app.requestSingleInstanceLock'), opts.lockGranted),
    whenReady: () => (calls.push('app.whenReady'), Promise.resolve()),
    quit: () => void calls.push('app.quit'),
    exit: (code: number) => void calls.push(`app.exit ${code}`),
  });
  const schemes: unknown[] = [];
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const ipcHandlers = new Map<string, Listener>();
  const permissionHandlers: Record<string, Listener> = {};
  const requestFilters: string[] = [];
  const windows: FakeWindow[] = [];
  const sent: [string, unknown][] = [];
  const opened: string[] = [];

  class FakeWebContents extends EventEmitter {
    id = 1;
    mainFrame: Frame = { url: 'app://vestnik/index.html', parent: null, processId: 5, routingId: 1 };
    windowOpenHandler: Listener | null = null;
    isDestroyed = () => false;
    send = (channel: string, payload: unknown) => void sent.push([channel, payload]);
    setWindowOpenHandler = (handler: Listener) => void (this.windowOpenHandler = handler);
    openDevTools = () => undefined;
  }
  class FakeWindow extends EventEmitter {
    webContents = new FakeWebContents();
    loaded: string | null = null;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
    isMinimized = () => false;
    restore = () => undefined;
    show = () => void calls.push('win.show');
    focus = () => void calls.push('win.focus');
  }

  const electron = {
    app,
    BrowserWindow: FakeWindow,
    protocol: {
      registerSchemesAsPrivileged: (list: unknown[]) => (
        calls.push('protocol.registerSchemesAsPrivileged'),
        schemes.push(...list)
      ),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
        void protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Listener) => void (permissionHandlers.request = h),
        setPermissionCheckHandler: (h: Listener) => void (permissionHandlers.check = h),
        setDevicePermissionHandler: (h: Listener) => void (permissionHandlers.device = h),
        webRequest: {
          onBeforeRequest: (filter: { urls: string[] }, h: Listener) => {
            requestFilters.push(...filter.urls);
            permissionHandlers.beforeRequest = h;
          },
        },
      },
    },
    ipcMain: {
      handle: (channel: string, listener: Listener) => {
        if (ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
        ipcHandlers.set(channel, listener);
      },
      removeHandler: (channel: string) => void ipcHandlers.delete(channel),
    },
    dialog: { showErrorBox: (title: string, body: string) => void calls.push(`dialog ${title}: ${body}`) },
    // Desktop notifications, recorded as they are shown.
    Notification: class {
      static isSupported = () => true;
      constructor(private readonly o: { title: string; body: string }) {}
      on = () => this;
      show = () => void calls.push(`notification ${this.o.title}: ${this.o.body}`);
    },
    shell: { openExternal: (url: string) => (opened.push(url), Promise.resolve()) },
    // A keychain as on macOS or a Linux desktop with a secret service.
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (s: string) => Buffer.from(`sealed:${s}`),
      decryptString: (b: Buffer) => b.toString().slice(7),
    },
  };
  return {
    electron,
    app,
    calls,
    schemes,
    protocolHandlers,
    ipcHandlers,
    permissionHandlers,
    requestFilters,
    windows,
    sent,
    opened,
  };
}

const restoreEnv = process.env.VESTNIK_DATA_DIR;
let signalBaseline: { int: NodeJS.SignalsListener[]; term: NodeJS.SignalsListener[] } | null = null;
afterEach(() => {
  if (restoreEnv === undefined) delete process.env.VESTNIK_DATA_DIR;
  else process.env.VESTNIK_DATA_DIR = restoreEnv;
  // index.ts installs SIGINT/SIGTERM handlers on the process; remove the ones this test added.
  if (signalBaseline) {
    for (const l of process.listeners('SIGINT')) if (!signalBaseline.int.includes(l)) process.off('SIGINT', l);
    for (const l of process.listeners('SIGTERM')) if (!signalBaseline.term.includes(l)) process.off('SIGTERM', l);
  }
});

async function runMain(lockGranted: boolean) {
  const dataDir = path.join(tempDir('vestnik-main-'), 'data');
  process.env.VESTNIK_DATA_DIR = dataDir;
  const dist = path.join(tempDir('vestnik-dist-'), 'dist');
  fs.mkdirSync(path.join(dist, 'renderer'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'renderer', 'index.html'), '<!doctype html><title>Vestnik UI</title>');
  const fake = fakeElectron({ lockGranted });
  signalBaseline = {
    int: [...process.listeners('SIGINT')],
    term: [...process.listeners('SIGTERM')],
  };

  const requireShim = (id: string): unknown => (id === 'electron' ? fake.electron : nodeRequire(id));
  const wrapper = vm.runInThisContext(
    `(function (exports, require, module, __filename, __dirname) {${await mainBundle()}\n})`,
  ) as (...args: unknown[]) => void;
  const module = { exports: {} };
  wrapper(module.exports, requireShim, module, path.join(dist, 'main', 'index.cjs'), path.join(dist, 'main'));
  // Let `start()` run past `await app.whenReady()`.
  await new Promise((r) => setTimeout(r, 50));
  return { ...fake, dataDir, dist };
}

describe('main process wiring (real bundle, fake electron)', () => {
  it('before ready: privileged app scheme, sandbox, userData = data dir, then the lock', async () => {
    const m = await runMain(true);
    const pre = m.calls.slice(0, m.calls.indexOf('app.requestSingleInstanceLock') + 1);
    expect(pre).toEqual([
      'protocol.registerSchemesAsPrivileged',
      'app.enableSandbox',
      `app.setPath userData ${m.dataDir}`,
      'app.requestSingleInstanceLock',
    ]);
    expect(m.schemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
    m.app.emit('will-quit');
  });

  it('creates one hardened window on app://vestnik with the preload from dist', async () => {
    const m = await runMain(true);
    expect(m.windows).toHaveLength(1);
    const win = m.windows[0]!;
    expect(win.loaded).toBe('app://vestnik/index.html');
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(prefs.preload).toBe(path.join(m.dist, 'preload', 'index.cjs'));

    // Hardened through 'web-contents-created': navigation guards and the window-open handler are in place.
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      expect(win.webContents.listenerCount(event), event).toBe(1);
    }
    let prevented = false;
    win.webContents.emit('will-navigate', { url: 'file:///etc/passwd', preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(win.webContents.windowOpenHandler?.({ url: 'smb://evil/share' })).toEqual({ action: 'deny' });
    expect(win.webContents.windowOpenHandler?.({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    expect(m.opened).toEqual(['https://example.org/']);

    // Shown only when ready.
    expect(m.calls).not.toContain('win.show');
    win.emit('ready-to-show');
    expect(m.calls).toContain('win.show');
    m.app.emit('will-quit');
  });

  it('denies every permission and remote request, and serves dist/renderer with the CSP', async () => {
    const m = await runMain(true);
    let granted: unknown = 'unset';
    m.permissionHandlers.request?.({}, 'media', (g: unknown) => (granted = g));
    expect(granted).toBe(false);
    expect(m.permissionHandlers.check?.()).toBe(false);
    expect(m.permissionHandlers.device?.()).toBe(false);
    // The page's own network requests are cancelled.
    expect(m.requestFilters).toEqual(['*://*/*']);
    let cancelled: unknown = 'unset';
    m.permissionHandlers.beforeRequest?.(
      { url: 'https://evil.example/?leak' },
      (r: { cancel: boolean }) => (cancelled = r.cancel),
    );
    expect(cancelled).toBe(true);

    const handler = m.protocolHandlers.get('app');
    const res = await handler!(new Request('app://vestnik/'));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Vestnik UI');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    m.app.emit('will-quit');
  });

  it('binds every channel; the main frame reaches the real core, others are forbidden; events reach the window', async () => {
    const m = await runMain(true);
    expect([...m.ipcHandlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
    const contents = m.windows[0]!.webContents;
    const trusted = { sender: contents, senderFrame: contents.mainFrame };
    const create = m.ipcHandlers.get('groups:create')!;
    expect(await create(trusted, { name: 'Clients' })).toMatchObject({ ok: true, value: { name: 'Clients' } });
    expect(m.sent).toContainEqual(['db:changed', { tables: expect.any(Array) as unknown }]);

    const subframe = {
      sender: contents,
      senderFrame: { ...contents.mainFrame, parent: contents.mainFrame, routingId: 2 },
    };
    expect(await create(subframe, { name: 'X' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const info = await m.ipcHandlers.get('app:info')!(trusted);
    expect(info).toMatchObject({ ok: true, value: { shell: 'electron' } });
    expect(fs.existsSync(path.join(m.dataDir, 'vestnik.db'))).toBe(true);

    // Quit: handlers removed and the database closed (a second quit is harmless).
    m.app.emit('will-quit');
    m.app.emit('will-quit');
    expect(m.ipcHandlers.size).toBe(0);
  });

  it('a campaign that finishes in the background is told by a desktop notification', async () => {
    const m = await runMain(true);
    const contents = m.windows[0]!.webContents;
    const trusted = { sender: contents, senderFrame: contents.mainFrame };
    const call = async (channel: string, input?: unknown) => {
      const res = (await m.ipcHandlers.get(channel)!(trusted, input)) as { ok: boolean; value: { id: number } };
      expect(res, channel).toMatchObject({ ok: true });
      return res.value;
    };
    const saved = (await call('accounts:save', {
      account: { name: 'Песочница', provider: 'sandbox', settings: { deliverySeconds: '0' } },
    })) as unknown as { account: { id: number } };
    await call('contacts:create', { phone: '+79161234567', firstName: 'Анна' });
    const c = await call('campaigns:create', {
      name: 'Акция',
      spec: {
        channels: [{ channel: 'sms', accountId: saved.account.id }],
        mode: 'priority',
        audience: { kind: 'all' },
        text: 'Здравствуйте!',
        marketing: false,
      },
    });
    await call('campaigns:launch', { id: c.id });
    const deadline = Date.now() + 20_000;
    while (!m.calls.some((x) => x.startsWith('notification')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(m.calls.filter((x) => x.startsWith('notification'))).toEqual([
      'notification Рассылка завершена: «Акция»: все сообщения отправлены.',
    ]);
    m.app.emit('will-quit');
  });

  it('a second instance quits at once and starts nothing; the first one focuses its window', async () => {
    const second = await runMain(false);
    expect(second.calls).toContain('app.quit');
    expect(second.calls).not.toContain('app.whenReady');
    expect(second.windows).toHaveLength(0);

    const first = await runMain(true);
    first.app.emit('second-instance');
    expect(first.calls).toEqual(expect.arrayContaining(['win.show', 'win.focus']));
    first.app.emit('will-quit');
  });

  it('closing the window quits the app', async () => {
    const m = await runMain(true);
    m.app.emit('window-all-closed');
    expect(m.calls).toContain('app.quit');
    m.app.emit('will-quit');
  });
});
