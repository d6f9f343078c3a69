import { useState } from 'react';
import { api } from '../../api';
import { Icon } from '../../components/Icon';
import { FormError } from '../../components/Modal';
import { useSubmit } from '../../components/use-submit';
import { useT } from '../../i18n/use-t';
import { secretsOpen, useChannels } from '../../stores/channels';
import { useUi } from '../../stores/ui';

const MIN_LENGTH = 8;

/**
 * The passphrase vault (browser mode, or a desktop without an OS keychain): create the passphrase on first
 * use, or enter it after each start. Nothing here is kept after the call: the core holds the key in memory.
 */
export function VaultPanel() {
  const t = useT();
  const secrets = useChannels((s) => s.secrets);
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const { busy, error, setError, run } = useSubmit();
  if (!secrets || secretsOpen(secrets)) return null;
  const creating = secrets.state === 'new';

  const submit = () => {
    if (passphrase.length < MIN_LENGTH) return setError(t('vault.error.short', { min: MIN_LENGTH }));
    if (creating && passphrase !== repeat) return setError(t('vault.error.mismatch'));
    run(
      () => api.secrets.unlock({ passphrase }),
      (state) => {
        setPassphrase('');
        setRepeat('');
        useChannels.setState({ secrets: state });
        void useChannels.getState().loadAccounts();
        useUi.getState().showToast(t(creating ? 'vault.created' : 'vault.unlocked'));
      },
    );
  };

  return (
    <form
      className="vault"
      data-testid="vault-panel"
      data-state={secrets.state}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <span className="vault-icon" aria-hidden="true">
        <Icon name="lock" size={20} />
      </span>
      <div className="vault-main">
        <h2 className="vault-title">{t(creating ? 'vault.new.title' : 'vault.locked.title')}</h2>
        <p className="vault-text">{t(creating ? 'vault.new.body' : 'vault.locked.body')}</p>
        <div className="vault-fields">
          <label className="field">
            <span className="field-label">{t('vault.passphrase')}</span>
            <input
              className="input"
              type="password"
              value={passphrase}
              autoComplete={creating ? 'new-password' : 'current-password'}
              maxLength={1000}
              data-testid="vault-passphrase"
              onChange={(e) => setPassphrase(e.target.value)}
            />
          </label>
          {creating && (
            <label className="field">
              <span className="field-label">{t('vault.repeat')}</span>
              <input
                className="input"
                type="password"
                value={repeat}
                autoComplete="new-password"
                maxLength={1000}
                data-testid="vault-repeat"
                onChange={(e) => setRepeat(e.target.value)}
              />
            </label>
          )}
          <button type="submit" className="button button-primary" aria-disabled={busy} data-testid="vault-submit">
            {t(creating ? 'vault.create' : 'vault.unlock')}
          </button>
        </div>
        {creating && <p className="field-hint">{t('vault.new.warning', { min: MIN_LENGTH })}</p>}
        <FormError error={error} testId="vault-error" />
      </div>
    </form>
  );
}
