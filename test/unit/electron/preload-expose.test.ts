import { describe, expect, it, vi } from 'vitest';
import { camel } from '../../../shared/ipc/api';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../../shared/ipc/names';
import { buildPreloadApi, EXPOSED_KEY, type IpcRendererLike } from '../../../electron/preload/expose';

type RendererListener = (event: unknown, ...args: unknown[]) => void;

function fakeIpcRenderer() {
  const listeners = new Map<string, Set<RendererListener>>();
  const invoke = vi.fn((channel: string, ...args: unknown[]) =>
    Promise.resolve({ ok: true, value: { channel, args } }),
  );
  const ipc: IpcRendererLike = {
    invoke,
    on(channel, listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return ipc;
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
      return ipc;
    },
  };
  // What Electron passes as the first listener argument: it carries `sender` (ipcRenderer itself).
  const emit = (channel: string, payload: unknown) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: ipc, ports: [] }, payload);
  };
  return { ipc, invoke, listeners, emit };
}

/** Every function reachable in the exposed object, as dotted paths. */
function functionPaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'function') return [prefix];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => functionPaths(v, prefix ? `${prefix}.${k}` : k));
}

describe('preload bridge', () => {
  it('is exposed as window.vestnik', () => {
    expect(EXPOSED_KEY).toBe('vestnik');
  });

  it('exposes exactly one function per contract channel, plus on()', () => {
    const api = buildPreloadApi(fakeIpcRenderer().ipc);
    const expected = CHANNEL_NAMES.map((c) => {
      const [domain, verb] = c.split(':') as [string, string];
      return `${domain}.${camel(verb)}`;
    });
    expect(functionPaths(api).sort()).toEqual([...expected, 'on'].sort());
  });

  it('has no generic invoke, no ipcRenderer, no send, no Electron or Node objects', () => {
    const fake = fakeIpcRenderer();
    const api = buildPreloadApi(fake.ipc) as unknown as Record<string, unknown>;
    for (const key of [
      'invoke',
      'send',
      'sendSync',
      'ipcRenderer',
      'ipc',
      'shell',
      'fs',
      'require',
      'process',
      'electron',
    ]) {
      expect(api[key], key).toBeUndefined();
    }
    const seen = new Set<unknown>();
    const walk = (v: unknown) => {
      if (v === null || typeof v !== 'object' || seen.has(v)) return;
      seen.add(v);
      expect(v).not.toBe(fake.ipc);
      Object.values(v).forEach(walk);
    };
    walk(api);
  });

  it('each function invokes its own fixed channel with one input argument', async () => {
    const fake = fakeIpcRenderer();
    const api = buildPreloadApi(fake.ipc);
    await api.groups.create({ name: 'VIP' });
    await api.contacts.setOptOut({ id: 1, channel: 'sms', optedOut: true });
    await api.app.info(undefined);
    expect(fake.invoke.mock.calls).toEqual([
      ['groups:create', { name: 'VIP' }],
      ['contacts:set-opt-out', { id: 1, channel: 'sms', optedOut: true }],
      ['app:info', {}],
    ]);
  });

  it('a transport failure resolves to an error result instead of rejecting', async () => {
    const fake = fakeIpcRenderer();
    fake.invoke.mockRejectedValueOnce(new Error("Error invoking remote method 'groups:list': secret stack"));
    const api = buildPreloadApi(fake.ipc);
    const result = await api.groups.list(undefined);
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'The app did not answer' } });
  });

  it('on() delivers only the payload, never the IpcRendererEvent, and unsubscribes', () => {
    const fake = fakeIpcRenderer();
    const api = buildPreloadApi(fake.ipc);
    const cb = vi.fn();
    const off = api.on('db:changed', cb);
    fake.emit('db:changed', { tables: ['contacts'] });
    expect(cb.mock.calls).toEqual([[{ tables: ['contacts'] }]]);
    off();
    off();
    fake.emit('db:changed', { tables: ['groups'] });
    expect(cb).toHaveBeenCalledTimes(1);
    expect(fake.listeners.get('db:changed')?.size).toBe(0);
  });

  it('on() refuses names outside the events map, so the page cannot listen on arbitrary IPC channels', () => {
    const fake = fakeIpcRenderer();
    const api = buildPreloadApi(fake.ipc);
    for (const name of ['contacts:list', 'ELECTRON_BROWSER_REQUIRE', 'anything']) {
      expect(() => api.on(name as (typeof EVENT_NAMES)[number], () => {})).toThrow();
    }
    expect(fake.listeners.size).toBe(0);
  });
});
