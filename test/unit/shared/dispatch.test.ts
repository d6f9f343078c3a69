import { describe, expect, it, vi } from 'vitest';
import { contract } from '../../../shared/ipc/contract';
import { CHANNEL_NAMES } from '../../../shared/ipc/names';
import { createDispatcher, registerAll, type Handlers } from '../../../shared/ipc/dispatch';
import { VestnikError } from '../../../shared/ipc/result';
import { testCore } from '../../helpers/core';

/** Handlers that record whether the core was reached at all. */
function spyHandlers() {
  const reached = vi.fn();
  const handlers = Object.fromEntries(
    CHANNEL_NAMES.map((c) => [c, (input: unknown): unknown => reached(c, input)]),
  ) as unknown as Handlers;
  return { handlers, reached };
}

describe('contract and dispatcher', () => {
  it('the core implements exactly the contract, and registration lists each channel once', () => {
    const core = testCore();
    expect(Object.keys(core.handlers).sort()).toEqual([...CHANNEL_NAMES].sort());
    const registered: string[] = [];
    registerAll((c) => registered.push(c));
    expect(registered.sort()).toEqual(Object.keys(contract).sort());
    expect(new Set(registered).size).toBe(registered.length);
    for (const name of CHANNEL_NAMES) expect(name).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
  });

  const bad: [string, string, unknown][] = [
    ['wrong type', 'contacts:create', { phone: 79207460022 }],
    ['unknown key', 'contacts:create', { phone: '+79207460022', isAdmin: true }],
    ['__proto__ key', 'contacts:create', JSON.parse('{"phone":"+79207460022","__proto__":{"polluted":1}}')],
    ['__proto__ attribute', 'contacts:create', JSON.parse('{"phone":"+79207460022","attributes":{"__proto__":"x"}}')],
    ['constructor attribute', 'contacts:create', { phone: '+79207460022', attributes: { constructor: 'x' } }],
    ['huge string', 'contacts:create', { phone: '+79207460022', lastName: 'я'.repeat(100_000) }],
    ['huge search', 'contacts:list', { query: 'a'.repeat(10_000) }],
    ['page too large', 'contacts:list', { limit: 1_000_000 }],
    ['negative id', 'contacts:get', { id: -1 }],
    ['fractional id', 'contacts:get', { id: 1.5 }],
    ['too many ids', 'contacts:remove', { target: { ids: Array.from({ length: 100_001 }, (_, i) => i + 1) } }],
    ['empty id list', 'contacts:remove', { target: { ids: [] } }],
    ['ids and match at once', 'contacts:remove', { target: { ids: [1], match: {} } }],
    ['bad match', 'contacts:remove', { target: { match: { query: 5 } } }],
    ['bad channel', 'contacts:set-opt-out', { id: 1, channel: 'pigeon', optedOut: true }],
    ['null input', 'contacts:create', null],
    ['array input', 'groups:create', ['VIP']],
    ['blank group name', 'groups:create', { name: '   ' }],
    ['bad locale', 'settings:set', { locale: 'de' }],
  ];
  it.each(bad)('refuses %s before reaching the core', async (_what, channel, input) => {
    const { handlers, reached } = spyHandlers();
    const res = await createDispatcher(handlers, () => true)(channel, null, input);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.code).toBe('bad_request');
    expect(reached).not.toHaveBeenCalled();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses an unknown channel, including prototype names', async () => {
    const { handlers, reached } = spyHandlers();
    const dispatch = createDispatcher(handlers, () => true);
    for (const ch of ['contacts:drop', '__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const res = await dispatch(ch, null, {});
      expect(res).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    }
    expect(reached).not.toHaveBeenCalled();
  });

  it('refuses a sender the transport does not trust', async () => {
    const { handlers, reached } = spyHandlers();
    const res = await createDispatcher(handlers, (s: { trusted: boolean }) => s.trusted)(
      'groups:list',
      { trusted: false },
      {},
    );
    expect(res).toEqual({ ok: false, error: { code: 'forbidden', message: 'Sender is not allowed' } });
    expect(reached).not.toHaveBeenCalled();
  });

  it('answers core errors as {ok:false} with the code and field, and hides internal errors', async () => {
    const { handlers } = spyHandlers();
    const onInternal = vi.fn();
    handlers['contacts:create'] = () => {
      throw new VestnikError('invalid_phone', 'Invalid phone number: 1', 'phone');
    };
    handlers['groups:list'] = () => {
      throw new Error('SQLITE_CORRUPT /home/user/secret/path');
    };
    const dispatch = createDispatcher(handlers, () => true, onInternal);
    expect(await dispatch('contacts:create', null, { phone: '1' })).toEqual({
      ok: false,
      error: { code: 'invalid_phone', message: 'Invalid phone number: 1', field: 'phone' },
    });
    const internal = await dispatch('groups:list', null, {});
    expect(internal).toEqual({ ok: false, error: { code: 'internal', message: 'Internal error' } });
    expect(onInternal).toHaveBeenCalledOnce();
  });

  it('passes valid input, with defaults applied, to the real core', async () => {
    const core = testCore();
    const dispatch = createDispatcher(core.handlers, () => true);
    const created = await dispatch('contacts:create', null, { phone: '8 (920) 746-00-22' });
    expect(created).toMatchObject({ ok: true, value: { phone: '+79207460022' } });
    const list = await dispatch('contacts:list', null, {});
    expect(list).toMatchObject({ ok: true, value: { total: 1, exact: true } });
  });

  it('every output the core gives matches the contract output schema', async () => {
    const core = testCore();
    const h = core.handlers;
    const c = h['contacts:create']({ phone: '+79207460022', email: 'a@b.ru', attributes: { x: '1' } });
    const g = h['groups:create']({ name: 'G' });
    const outputs: [keyof typeof contract, unknown][] = [
      ['app:info', h['app:info']()],
      ['settings:get', h['settings:get']()],
      ['contacts:list', h['contacts:list']({ offset: 0, limit: 10 })],
      ['contacts:get', h['contacts:get']({ id: c.id })],
      ['contacts:set-opt-out', h['contacts:set-opt-out']({ id: c.id, channel: 'email', optedOut: true, reason: 'x' })],
      ['groups:list', h['groups:list']()],
      ['groups:add-contacts', h['groups:add-contacts']({ groupId: g.id, target: { ids: [c.id] } })],
      ['segments:list', h['segments:list']()],
    ];
    for (const [channel, value] of outputs) {
      expect(contract[channel].output.safeParse(value).success, channel).toBe(true);
    }
  });
});
