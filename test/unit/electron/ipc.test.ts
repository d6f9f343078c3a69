import { describe, expect, it, vi } from 'vitest';
import type { EventName } from '../../../shared/ipc/contract';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../../shared/ipc/names';
import type { Handlers } from '../../../shared/ipc/dispatch';
import type { Result } from '../../../shared/ipc/result';
import { bindIpc, forwardEvents, type IpcMainLike } from '../../../electron/main/ipc';
import { testCore } from '../../helpers/core';

type FakeEvent = { trusted: boolean };
type Listener = (event: FakeEvent, ...args: unknown[]) => Promise<Result<unknown>>;

/** Records registrations like ipcMain does, and refuses a second handler on one channel like ipcMain does. */
function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const handleCalls: string[] = [];
  const ipcMain: IpcMainLike<FakeEvent> = {
    handle(channel, listener) {
      handleCalls.push(channel);
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
  };
  const call = (channel: string, event: FakeEvent, ...args: unknown[]) => {
    const listener = handlers.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    return listener(event, ...args);
  };
  return { ipcMain, handlers, handleCalls, call };
}

function spyHandlers() {
  const reached = vi.fn();
  const handlers = Object.fromEntries(
    CHANNEL_NAMES.map((c) => [c, (input: unknown) => (reached(c, input), { echoed: c })]),
  ) as unknown as Handlers;
  return { handlers, reached };
}

const trusted: FakeEvent = { trusted: true };
const untrusted: FakeEvent = { trusted: false };

describe('bindIpc', () => {
  it('registers exactly the contract channels, each once', () => {
    const fake = fakeIpcMain();
    const binding = bindIpc({ ipcMain: fake.ipcMain, handlers: spyHandlers().handlers, isTrusted: (e) => e.trusted });
    expect([...fake.handleCalls].sort()).toEqual([...CHANNEL_NAMES].sort());
    expect(new Set(fake.handleCalls).size).toBe(fake.handleCalls.length);
    expect([...binding.channels].sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('binding twice on one ipcMain fails loudly instead of silently doubling', () => {
    const fake = fakeIpcMain();
    bindIpc({ ipcMain: fake.ipcMain, handlers: spyHandlers().handlers, isTrusted: () => true });
    expect(() => bindIpc({ ipcMain: fake.ipcMain, handlers: spyHandlers().handlers, isTrusted: () => true })).toThrow();
  });

  it('an untrusted sender gets forbidden and the core is never reached', async () => {
    const fake = fakeIpcMain();
    const { handlers, reached } = spyHandlers();
    bindIpc({ ipcMain: fake.ipcMain, handlers, isTrusted: (e) => e.trusted });
    for (const channel of CHANNEL_NAMES) {
      const result = await fake.call(channel, untrusted, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(reached).not.toHaveBeenCalled();
  });

  it('a trusted sender reaches the handler with validated input', async () => {
    const fake = fakeIpcMain();
    const { handlers, reached } = spyHandlers();
    bindIpc({ ipcMain: fake.ipcMain, handlers, isTrusted: (e) => e.trusted });
    expect(await fake.call('groups:create', trusted, { name: '  VIP ' })).toEqual({
      ok: true,
      value: { echoed: 'groups:create' },
    });
    expect(reached).toHaveBeenCalledWith('groups:create', { name: 'VIP' });
  });

  it('bad input and extra arguments are refused before the core', async () => {
    const fake = fakeIpcMain();
    const { handlers, reached } = spyHandlers();
    bindIpc({ ipcMain: fake.ipcMain, handlers, isTrusted: () => true });
    expect(await fake.call('groups:create', trusted, { name: 'x', isAdmin: true })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(await fake.call('groups:create', trusted, { name: 'x' }, { smuggled: true })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(reached).not.toHaveBeenCalled();
  });

  it('an unexpected core failure is reported to main and answered as internal, never thrown', async () => {
    const fake = fakeIpcMain();
    const { handlers } = spyHandlers();
    const failing = { ...handlers, 'app:info': () => Promise.reject(new Error('disk on fire at /home/u')) } as Handlers;
    const onInternalError = vi.fn();
    bindIpc({ ipcMain: fake.ipcMain, handlers: failing, isTrusted: () => true, onInternalError });
    const result = await fake.call('app:info', trusted);
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'Internal error' } });
    expect(onInternalError).toHaveBeenCalledWith('app:info', expect.any(Error));
  });

  it('works end to end with the real core', async () => {
    const fake = fakeIpcMain();
    const core = testCore();
    bindIpc({ ipcMain: fake.ipcMain, handlers: core.handlers, isTrusted: (e) => e.trusted });
    const created = await fake.call('groups:create', trusted, { name: 'Clients' });
    expect(created).toMatchObject({ ok: true, value: { name: 'Clients' } });
    const listed = await fake.call('groups:list', trusted);
    expect(listed).toMatchObject({ ok: true, value: [{ name: 'Clients' }] });
    expect(await fake.call('groups:list', untrusted)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('unbind removes every handler, once', () => {
    const fake = fakeIpcMain();
    const binding = bindIpc({ ipcMain: fake.ipcMain, handlers: spyHandlers().handlers, isTrusted: () => true });
    binding.unbind();
    binding.unbind();
    expect(fake.handlers.size).toBe(0);
    // After unbinding, the channels can be bound again (e.g. a restarted core).
    bindIpc({ ipcMain: fake.ipcMain, handlers: spyHandlers().handlers, isTrusted: () => true });
    expect(fake.handlers.size).toBe(CHANNEL_NAMES.length);
  });
});

describe('forwardEvents', () => {
  function fakeSource() {
    let listener: ((event: EventName, payload: unknown) => void) | null = null;
    return {
      onAny(cb: (event: EventName, payload: unknown) => void) {
        listener = cb;
        return () => {
          listener = null;
        };
      },
      emit(event: string, payload: unknown) {
        listener?.(event as EventName, payload);
      },
      get subscribed() {
        return listener !== null;
      },
    };
  }

  it('sends contract events to the window, and nothing after unsubscribe', () => {
    const source = fakeSource();
    const send = vi.fn();
    const stop = forwardEvents(source, () => ({ isDestroyed: () => false, send }));
    source.emit('db:changed', { tables: ['contacts'] });
    expect(send).toHaveBeenCalledWith('db:changed', { tables: ['contacts'] });
    stop();
    expect(source.subscribed).toBe(false);
  });

  it('drops names outside the events map, and skips a missing or destroyed window', () => {
    const source = fakeSource();
    const send = vi.fn();
    let target: { isDestroyed(): boolean; send: typeof send } | null = null;
    forwardEvents(source, () => target);
    source.emit('db:changed', { tables: [] });
    target = { isDestroyed: () => true, send };
    source.emit('db:changed', { tables: [] });
    target = { isDestroyed: () => false, send };
    source.emit('contacts:list', {});
    source.emit('ipc:anything', {});
    expect(send).not.toHaveBeenCalled();
    expect(EVENT_NAMES).toContain('db:changed');
  });

  it('a throwing send does not propagate into the core', () => {
    const source = fakeSource();
    forwardEvents(source, () => ({
      isDestroyed: () => false,
      send: () => {
        throw new Error('Render frame was disposed');
      },
    }));
    expect(() => source.emit('db:changed', { tables: [] })).not.toThrow();
  });
});
