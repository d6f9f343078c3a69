import { providerSpec, type Account } from '../../../../shared/domain/providers';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { errorText } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { secretsOpen, useChannels, type AccountAction, type AccountNote } from '../../stores/channels';
import { useUi } from '../../stores/ui';
import { needsSecrets } from '../channels/account-form';
import { CheckNote } from '../channels/CheckNote';
import { coreSentence, errorClassText, formatMoney, lastCheckText } from '../channels/status';

/** One provider account: name, provider, default mark, its last check, the actions, and what they answered. */
export function AccountItem({ account: a }: { account: Account }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const openDialog = useUi((s) => s.openDialog);
  const note = useChannels((s) => s.notes[a.id]);
  const busy = useChannels((s) => s.busy[a.id]);
  const locked = useChannels((s) => !secretsOpen(s.secrets));
  const run = useChannels((s) => s.runAction);
  const spec = providerSpec(a.provider);
  const last = a.lastCheck;
  const needsVault = locked && needsSecrets(a.provider, a.secretsSet);

  const action = (name: AccountAction, icon: Parameters<typeof Button>[0]['icon'], label: string) => (
    <Button icon={icon} small busy={busy === name} testId={`account-${name}`} onClick={() => void run(a.id, name)}>
      {label}
    </Button>
  );

  return (
    <li
      className="account"
      data-testid="account-item"
      data-id={a.id}
      data-provider={a.provider}
      data-default={a.isDefault ? 'true' : 'false'}
      data-check={last ? (last.ok ? 'ok' : 'failed') : 'none'}
    >
      <div className="account-head">
        <div className="account-title">
          <span className="account-name" data-testid="account-name">
            {a.name}
          </span>
          {a.isDefault && (
            <span className="badge badge-default" data-testid="account-default-mark">
              <Icon name="star" size={12} />
              {t('account.default')}
            </span>
          )}
          {a.provider === 'sandbox' && <span className="badge badge-sandbox">{t('provider.sandboxBadge')}</span>}
        </div>
        {spec.label[locale] !== a.name && <span className="account-provider">{spec.label[locale]}</span>}
      </div>

      <p
        className={last ? (last.ok ? 'account-check is-ok' : 'account-check is-failed') : 'account-check'}
        data-testid="account-last-check"
      >
        <Icon name={last ? (last.ok ? 'check' : 'alert') : 'clock'} size={14} />
        <span>
          {lastCheckText(t, locale, last)}
          {last && last.message && (
            <>
              {': '}
              <span className="account-check-message">{last.message}</span>
            </>
          )}
          {last && !last.ok && errorClassText(t, last.errorClass) && (
            <span className="account-check-meaning"> — {errorClassText(t, last.errorClass)}</span>
          )}
        </span>
      </p>

      {needsVault && (
        <p className="account-warn" data-testid="account-needs-vault">
          <Icon name="lock" size={14} />
          {t('account.needsVault')}
        </p>
      )}

      <div className="account-actions">
        {action('check', 'refresh', t('account.check'))}
        {action('balance', 'wallet', t('account.balance'))}
        {action('senders', 'tag', t('account.senders'))}
        {!a.isDefault && action('default', 'star', t('account.makeDefault'))}
        <Button
          icon="edit"
          small
          testId="account-edit"
          onClick={() => openDialog({ kind: 'account-form', accountId: a.id })}
        >
          {t('account.edit')}
        </Button>
        <Button
          icon="trash"
          small
          tone="danger"
          className="account-remove"
          testId="account-remove"
          onClick={() => openDialog({ kind: 'delete-account', account: a })}
        >
          {t('account.remove')}
        </Button>
      </div>

      {note && <AccountNoteView note={note} />}
    </li>
  );
}

function AccountNoteView({ note }: { note: AccountNote }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  switch (note.kind) {
    case 'check':
      return <CheckNote check={note.check} saved={note.saved} testId="account-note" />;
    case 'balance':
      return (
        <div className={note.balance ? 'note' : 'note is-problem'} data-testid="account-note" data-kind="balance">
          {note.balance ? (
            <p>
              {t('account.balanceIs')}{' '}
              <strong data-testid="account-balance-value">{formatMoney(locale, note.balance)}</strong>
            </p>
          ) : (
            <p>{note.message ? coreSentence(t, note.message) : t('account.noBalance')}</p>
          )}
        </div>
      );
    case 'senders':
      return (
        <div className={note.senders ? 'note' : 'note is-problem'} data-testid="account-note" data-kind="senders">
          {note.senders === null ? (
            <p>{note.message ? coreSentence(t, note.message) : t('account.noSenders')}</p>
          ) : note.senders.length === 0 ? (
            <p>{t('account.sendersEmpty')}</p>
          ) : (
            <>
              <p>{t('account.sendersTitle')}</p>
              <ul className="chips senders" data-testid="account-senders-list">
                {note.senders.map((s) => (
                  <li key={s} className="chip">
                    {s}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      );
    case 'error':
      return (
        <div className="note is-problem" role="alert" data-testid="account-note" data-kind="error">
          <p>{errorText(t, note.error)}</p>
        </div>
      );
  }
}
