import { CHANNELS } from '../../../../shared/domain/channels';
import { Button } from '../../components/Button';
import { errorText } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { accountsOf, useChannels } from '../../stores/channels';
import { useUi } from '../../stores/ui';
import { AccountItem } from './AccountItem';
import { VaultPanel } from './VaultPanel';

/**
 * "Настройки": the provider accounts messages go out through, by channel, each with its last check and the
 * actions of the Devino 1C module's settings tab (check, balance, sender names) plus default and delete.
 * The secret storage panel sits on top while it is locked or not yet created.
 */
export function SettingsScreen() {
  const t = useT();
  const accounts = useChannels((s) => s.accounts);
  const loaded = useChannels((s) => s.accountsLoaded);
  const loadError = useChannels((s) => s.accountsError);
  const secrets = useChannels((s) => s.secrets);
  const openDialog = useUi((s) => s.openDialog);

  return (
    <main className="main settings" data-testid="settings-screen" data-ready={loaded && secrets ? 'true' : 'false'}>
      <header className="main-header">
        <div className="main-title">
          <span className="eyebrow">{t('nav.settings')}</span>
          <h1>{t('settings.title')}</h1>
        </div>
        <Button
          icon="plus"
          tone="primary"
          testId="account-add"
          onClick={() => openDialog({ kind: 'account-form', accountId: null })}
        >
          {t('settings.add')}
        </Button>
      </header>
      <div className="page-body">
        <VaultPanel />
        {loadError && (
          <p className="form-error" role="alert">
            {errorText(t, loadError)}
          </p>
        )}
        {loaded && accounts.length === 0 && !loadError && (
          <div className="page-empty" data-testid="accounts-empty">
            <p className="page-empty-title">{t('settings.empty.title')}</p>
            <p className="muted">{t('settings.empty.body')}</p>
            <Button
              icon="plus"
              testId="account-add-sandbox"
              onClick={() => openDialog({ kind: 'account-form', accountId: null, provider: 'sandbox' })}
            >
              {t('settings.empty.sandbox')}
            </Button>
          </div>
        )}
        {loaded && accounts.length > 0 && (
          <>
            <p className="page-lead">{t('settings.lead')}</p>
            {CHANNELS.map((channel) => {
              const list = accountsOf(accounts, channel);
              return (
                <section key={channel} className="panel" data-testid={`accounts-${channel}`}>
                  <h2 className="panel-title">
                    {t(`channel.${channel}`)}
                    <span className="panel-count">{list.length}</span>
                  </h2>
                  {list.length === 0 ? (
                    <p className="muted small panel-empty">{t('settings.channelEmpty')}</p>
                  ) : (
                    <ul className="accounts">
                      {list.map((a) => (
                        <AccountItem key={a.id} account={a} />
                      ))}
                    </ul>
                  )}
                </section>
              );
            })}
          </>
        )}
      </div>
    </main>
  );
}
