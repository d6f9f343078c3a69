import { accountChannel } from '../../../../shared/domain/providers';
import { countSms } from '../../../../shared/domain/sms';
import { ProviderError, type Provider, type ProviderFactory, type StatusUpdate } from '../types';

/**
 * The built-in sandbox, the first-run default: nothing leaves the computer. A message is "sent" at once and
 * "delivered" (or, for the configured share, "undelivered") after the configured delay, so a newcomer can try
 * the whole workflow — settings, test send, statuses, costs — without an account.
 *
 * It answers in Russian, as the providers our users know do.
 *
 * Stateless: the provider id carries the send time and the message's fate, so a status check after a restart
 * gives the same answer. Addresses ending in 0000 are refused as a bad recipient, and ones ending in 9999
 * answer "no credits" (an account-level error), to show how real errors look.
 */
export const createSandbox: ProviderFactory = (ctx) => {
  const num = (key: string, dflt: number) => {
    const v = Number(ctx.settings[key]);
    return Number.isFinite(v) && v >= 0 ? v : dflt;
  };
  const delayMs = num('deliverySeconds', 3) * 1000;
  const failPercent = Math.min(100, num('failPercent', 0));
  const price = num('pricePerPart', 3.5);
  const channel = accountChannel('sandbox', ctx.settings);
  const rub = (amount: number) => ({ amount: Math.round(amount * 100) / 100, currency: 'RUB' });
  const partsOf = (text: string) => (channel === 'sms' ? Math.max(1, countSms(text).parts) : 1);

  const provider: Provider = {
    id: 'sandbox',
    channel,
    check() {
      return Promise.resolve({
        message: 'Песочница: ничего не отправляется по-настоящему',
        balance: rub(num('balance', 1000)),
        senders: ['Vestnik'],
      });
    },
    balance: () => Promise.resolve(rub(num('balance', 1000))),
    cost: (messages) => {
      const parts = messages.reduce((n, m) => n + partsOf(m.text), 0);
      return Promise.resolve({ total: rub(channel === 'sms' ? parts * price : 0), parts });
    },
    senders: () => Promise.resolve(['Vestnik']),
    send(message) {
      if (message.to.endsWith('0000')) {
        return Promise.reject(
          new ProviderError('recipient', 'Песочница: такого номера нет (оканчивается на 0000)', 'bad_number'),
        );
      }
      if (message.to.endsWith('9999')) {
        return Promise.reject(
          new ProviderError('account', 'Песочница: недостаточно средств (адрес оканчивается на 9999)', 'no_credits'),
        );
      }
      const fails = Math.random() * 100 < failPercent;
      const at = ctx.clock.now().getTime();
      const parts = partsOf(message.text);
      return Promise.resolve({
        providerIds: [`sbx-${at}-${fails ? 'f' : 'd'}-${message.id}`],
        update: {
          status: 'sent',
          providerCode: 'accepted',
          providerText: 'Песочница: принято',
          at: new Date(at).toISOString(),
        },
        parts,
        cost: rub(channel === 'sms' ? parts * price : 0),
      });
    },
    status(providerIds) {
      const m = /^sbx-(\d+)-([df])-/.exec(providerIds[0] ?? '');
      if (!m) return Promise.reject(new ProviderError('recipient', 'Песочница: нет такого сообщения', 'not_found'));
      const sentAt = Number(m[1]);
      const due = sentAt + delayMs;
      const update: StatusUpdate =
        ctx.clock.now().getTime() < due
          ? {
              status: 'sent',
              providerCode: 'accepted',
              providerText: 'Песочница: в пути',
              at: new Date(sentAt).toISOString(),
            }
          : m[2] === 'd'
            ? {
                status: 'delivered',
                providerCode: 'delivered',
                providerText: 'Песочница: доставлено',
                at: new Date(due).toISOString(),
              }
            : {
                status: 'failed',
                providerCode: 'undelivered',
                providerText: 'Песочница: не доставлено',
                at: new Date(due).toISOString(),
              };
      return Promise.resolve(update);
    },
  };
  return provider;
};
