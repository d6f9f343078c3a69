import type { CheckResult } from '../../../../shared/domain/providers';
import { Icon } from '../../components/Icon';
import { useT } from '../../i18n/use-t';
import { useUi } from '../../stores/ui';
import { checkView, formatMoney } from './status';

/**
 * The answer of a live check: "Настройки сохранены и проверены" with what the provider said (the balance),
 * or the provider's exact words for what is wrong and what that means for the user.
 */
export function CheckNote({ check, saved, testId }: { check: CheckResult; saved: boolean; testId: string }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const v = checkView(t, check, saved);
  return (
    <div
      className={v.ok ? 'note is-ok' : 'note is-problem'}
      role={v.ok ? 'status' : 'alert'}
      data-testid={testId}
      data-kind="check"
      data-ok={v.ok ? 'true' : 'false'}
    >
      <Icon name={v.ok ? 'check' : 'alert'} size={16} />
      <div className="note-body">
        <p className="note-title" data-testid={`${testId}-title`}>
          {v.title}
        </p>
        {v.detail && (
          <p className="note-detail">
            {v.ok ? t('check.providerSaid') : t('check.providerError')}{' '}
            <span className="provider-words" data-testid={`${testId}-detail`}>
              {v.detail}
            </span>
          </p>
        )}
        {v.meaning && (
          <p className="note-meaning" data-testid={`${testId}-meaning`}>
            {v.meaning}
          </p>
        )}
        {v.ok && check.balance && (
          <p className="note-detail">
            {t('account.balanceIs')} <strong>{formatMoney(locale, check.balance)}</strong>
          </p>
        )}
      </div>
    </div>
  );
}
