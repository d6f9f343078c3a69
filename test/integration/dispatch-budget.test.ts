// The budget cap kept while sending (campaigns/budget.ts): the campaign pauses before a message would take it
// past its budget — with the figures in its reason, the rest queued, nothing lost — and the user's resume goes on
// past the cap. Costs the provider does not report are counted at the account's tariff, as the preview did.
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, phones, run, status, worker, world } from '../helpers/dispatch-world';

afterEach(closeAll);

describe('budget cap while sending', () => {
  it('pauses before passing the budget, then goes on past it only on resume', async () => {
    const w = await world('2026-03-02T10:00:00.000Z', phones(25));
    // 2 ₽ a part; the text is one UCS-2 part: 2 ₽ a message, so 21 ₽ pays for 10.
    await w.core.handlers['accounts:save']({
      id: w.accountId,
      account: {
        name: 'Шлюз',
        provider: 'http',
        settings: { url: 'http://127.0.0.1:9/send?to={to}&text={text}', tariff: '2' },
      },
    });
    const c = w.core.handlers['campaigns:create']({
      name: 'С бюджетом',
      spec: {
        channels: [{ channel: 'sms', accountId: w.accountId }],
        mode: 'priority',
        audience: { kind: 'all' },
        text: 'Скидка для вас, {first_name|клиент}!',
        marketing: false,
        quietHours: { from: '09:00', to: '21:00' },
        budget: 21,
      },
    });
    w.core.handlers['campaigns:launch']({ id: c.id });
    const d = worker(w);
    await run(d, w);
    expect(status(w, c.id)).toMatchObject({
      state: 'paused',
      reason: 'budget: the next messages would pass the budget of 21 (20 spent or in flight)',
      counts: { sent: 10, queued: 15 },
      parts: 10,
      cost: 20,
    });
    expect(w.gw.accepted).toHaveLength(10);
    // More rounds and another worker do not send past the cap.
    d.release();
    const again = worker(w);
    await run(again, w);
    expect(w.gw.accepted).toHaveLength(10);

    const resumed = w.core.handlers['campaigns:resume']({ id: c.id });
    expect(resumed.state).toBe('running');
    expect(resumed.spec.budget).toBeUndefined();
    await run(again, w);
    expect(status(w, c.id)).toMatchObject({ state: 'finished', counts: { sent: 25, queued: 0 }, cost: 50 });
    expect(new Set(w.gw.to()).size).toBe(25);
  });
});
