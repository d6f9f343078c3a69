// SMS through the running core and the real Kannel: the account saved and verified, a test send, and the
// delivery report arriving at the core's own callback listener — what the settings and test-send screens do.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import { tempDir } from '../helpers/temp';
import { kannelMissing, kannelRequired, pollUntil, startKannel, type KannelPeer } from '../peers/kannel';

const missing = kannelMissing();
const skip = missing !== null && !kannelRequired();
if (skip) console.warn(`Kannel tests skipped: ${missing}`);

describe.skipIf(skip)('SMS through the core and the real Kannel', () => {
  let kannel: KannelPeer;
  beforeAll(async () => {
    if (missing) throw new Error(`CI needs Kannel: ${missing}`);
    kannel = await startKannel();
  }, 60_000);
  afterAll(async () => {
    await kannel?.stop();
  });

  it('save → verified; send → delivered by the delivery report; a wrong password in Kannel’s words', async () => {
    const core: Core = createCore({
      dbPath: path.join(tempDir(), 'v.db'),
      shell: 'test',
      background: true,
      passphrase: 'correct horse battery',
      providerTimeoutMs: 5000,
    });
    try {
      const account = {
        name: 'Шлюз',
        provider: 'kannel' as const,
        settings: { url: kannel.sendsmsUrl, username: kannel.username, from: 'Vestnik' },
      };
      const bad = await core.handlers['accounts:save']({ account: { ...account, secrets: { password: 'wrong' } } });
      expect(bad.check).toMatchObject({ ok: false, errorClass: 'account' });
      expect(bad.check.message).toMatch(/Authorization failed/);

      const good = await core.handlers['accounts:save']({
        id: bad.account.id,
        account: { ...account, secrets: { password: kannel.password } },
      });
      expect(good.check.ok).toBe(true);

      const m = await core.handlers['messages:send']({
        accountId: good.account.id,
        to: '8 920 746-00-22',
        text: 'Проверка связи: заказ готов',
      });
      expect(m).toMatchObject({ status: 'sent', to: '+79207460022', parts: 1 });
      await pollUntil('the SMS at the operator', () =>
        kannel.received().some((r) => r.text === 'Проверка связи: заказ готов'),
      );
      const delivered = await pollUntil('the delivery report', () => {
        const [row] = core.handlers['messages:list']({ limit: 1 });
        return row?.status === 'delivered' ? row : undefined;
      });
      expect(delivered.id).toBe(m.id);
      // Kannel has no status API: asking keeps what the delivery report said.
      expect((await core.handlers['messages:status']({ id: m.id })).status).toBe('delivered');
    } finally {
      core.close();
    }
  });
});
