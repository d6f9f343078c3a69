import { useEffect, useState } from 'react';
import type { Money } from '../../../../shared/domain/providers';
import { api } from '../../api';
import { useT } from '../../i18n/use-t';
import { useUi } from '../../stores/ui';
import { formatMoney } from './status';

/** Waits for a pause in typing: a cost API is a network call. */
const DEBOUNCE_MS = 400;

interface Estimate {
  key: string;
  cost: Money | null;
  source: 'provider' | 'tariff' | 'none';
}

/**
 * What the message would cost (messages:estimate): the provider's cost API, or the tariff the user entered
 * for the account. Says nothing when neither knows — a guess would be worse than no number.
 */
export function CostEstimate({ accountId, text, to }: { accountId: number; text: string; to: string }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const key = `${accountId}\n${to.trim()}\n${text}`;
  const [estimate, setEstimate] = useState<Estimate | null>(null);

  useEffect(() => {
    if (text.trim() === '') return;
    let live = true;
    const timer = window.setTimeout(() => {
      const recipient = to.trim();
      void api.messages.estimate({ accountId, text, ...(recipient ? { to: recipient } : {}) }).then((res) => {
        if (live && res.ok) setEstimate({ key, cost: res.value.cost, source: res.value.source });
      });
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [key, accountId, text, to]);

  if (!estimate || estimate.key !== key || !estimate.cost || estimate.source === 'none') return null;
  return (
    <p className="cost-estimate" data-testid="cost-estimate" data-source={estimate.source}>
      {t(estimate.source === 'provider' ? 'test.estimate.provider' : 'test.estimate.tariff', {
        cost: formatMoney(locale, estimate.cost),
      })}
    </p>
  );
}
