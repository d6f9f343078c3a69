// Telegram through the running core: a bot account's long polling links people who press Start and share
// their own phone to their contacts (or adds them), with no public URL — against the Telegram simulator.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import { startTelegramSim, type TelegramSim } from '../simulators/telegram';
import { tempDir } from '../helpers/temp';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function until<T>(what: () => T | undefined | null | false, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = what();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('Telegram contact linking', () => {
  it('Start + own phone: the chat id goes onto the contact with that phone; an unknown phone becomes a contact', async () => {
    const sim: TelegramSim = await startTelegramSim();
    cleanup.push(() => sim.close());
    const core: Core = createCore({
      dbPath: path.join(tempDir(), 'v.db'),
      shell: 'test',
      background: true,
      passphrase: 'correct horse battery',
      providerTimeoutMs: 2000,
    });
    cleanup.push(() => core.close());
    const ivan = core.handlers['contacts:create']({ phone: '+79207460022', lastName: 'Иванов', firstName: 'Иван' });
    const saved = await core.handlers['accounts:save']({
      account: { name: 'Бот', provider: 'telegram', settings: { baseUrl: sim.url }, secrets: { token: sim.token } },
    });
    expect(saved.check).toMatchObject({ ok: true, message: expect.stringContaining('@shop_bot') as unknown });

    const user = { id: 777001, firstName: 'Иван' };
    sim.start(user);
    sim.shareContact(user, { phone: '79207460022', userId: user.id });
    const linked = await until(() => {
      const c = core.handlers['contacts:get']({ id: ivan.id }).contact;
      return c.telegramChatId ? c : null;
    });
    expect(linked.telegramChatId).toBe('777001');

    // Someone else's number, forwarded: not theirs, so nothing is linked or created.
    const other = { id: 777002, firstName: 'Пётр' };
    sim.start(other);
    sim.shareContact(other, { phone: '79031112233', userId: 999 });
    // …then their own, not in the base: a new contact from Telegram.
    sim.shareContact(other, { phone: '79031112244', userId: other.id, firstName: 'Пётр' });
    const created = await until(
      () => core.handlers['contacts:list']({ query: '79031112244', offset: 0, limit: 5 }).rows[0],
    );
    expect(created).toMatchObject({ phone: '+79031112244', telegramChatId: '777002', source: 'telegram' });
    expect(core.handlers['contacts:list']({ query: '79031112233', offset: 0, limit: 5 }).total).toBe(0);

    // The bot can now write to the linked contact.
    const m = await core.handlers['messages:send']({
      accountId: saved.account.id,
      to: '777001',
      text: 'Здравствуйте!',
    });
    expect(m.status).toBe('sent');
    expect(sim.sent.at(-1)).toMatchObject({ chatId: 777001, text: 'Здравствуйте!' });
  });
});
