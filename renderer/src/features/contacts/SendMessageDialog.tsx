import { useEffect, useState } from 'react';
import type { Channel } from '../../../../shared/domain/channels';
import type { Contact } from '../../../../shared/domain/contact';
import type { Message } from '../../../../shared/domain/messages';
import { formatPhone } from '../../../../shared/domain/phone';
import type { ResultError } from '../../../../shared/ipc/result';
import { api } from '../../api';
import { FormButtons, FormError, Modal } from '../../components/Modal';
import { useSubmit } from '../../components/use-submit';
import { errorText } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { accountsOf, useChannels } from '../../stores/channels';
import { useUi } from '../../stores/ui';
import { Composer } from '../channels/Composer';
import { MessageView } from '../channels/MessageView';
import { emptySendForm, validateSend, type SendFormValues } from '../channels/send-form';
import { fullName } from './contact-form';

/** The channels a contact can be written to, in the order offered, with the address each uses. */
export function contactAddresses(
  c: Pick<Contact, 'phone' | 'email' | 'telegramChatId'>,
): { channel: Channel; to: string }[] {
  const out: { channel: Channel; to: string }[] = [];
  if (c.phone) out.push({ channel: 'sms', to: c.phone });
  if (c.email) out.push({ channel: 'email', to: c.email });
  // Telegram sends to a chat id; a phone alone does not reach anyone there.
  if (c.telegramChatId) out.push({ channel: 'telegram', to: c.telegramChatId });
  if (c.phone) out.push({ channel: 'whatsapp', to: c.phone });
  return out;
}

type Loaded = { contact: Contact } | { error: ResultError } | null;

/**
 * "Отправить сообщение" from a contact card: one message on a channel the contact has an address for, through
 * that channel's default account. A single send ignores an opt-out — and says so before it goes.
 */
export function SendMessageDialog({ contactId }: { contactId: number }) {
  const t = useT();
  const close = useUi((s) => s.closeDialog);
  const setScreen = useUi((s) => s.setScreen);
  const accounts = useChannels((s) => s.accounts);
  const [loaded, setLoaded] = useState<Loaded>(null);
  const [picked, setPicked] = useState<Channel | null>(null);
  const [pickedAccount, setPickedAccount] = useState<number | null>(null);
  const [v, setV] = useState<SendFormValues>(emptySendForm);
  const [showErrors, setShowErrors] = useState(false);
  const [sent, setSent] = useState<Message | null>(null);
  const { busy, error, run } = useSubmit();
  const refresh = useSubmit();

  useEffect(() => {
    let live = true;
    void api.contacts.get({ id: contactId }).then((res) => {
      if (live) setLoaded(res.ok ? { contact: res.value.contact } : { error: res.error });
    });
    return () => {
      live = false;
    };
  }, [contactId]);

  const contact = loaded && 'contact' in loaded ? loaded.contact : null;
  const options = contact ? contactAddresses(contact) : [];
  const usable = options.filter((o) => accounts.some((a) => a.channel === o.channel));
  const option = usable.find((o) => o.channel === picked) ?? usable[0] ?? null;
  const channelAccounts = option ? accountsOf(accounts, option.channel) : [];
  const account = channelAccounts.find((a) => a.id === pickedAccount) ?? channelAccounts[0] ?? null;
  const values: SendFormValues = { ...v, to: option?.to ?? '' };
  const check = account ? validateSend(account, values, { now: new Date(), contactId }) : null;
  const errors = showErrors && check ? check.errors : {};
  const name = contact ? fullName(contact) || t('table.noName') : '';

  const send = () => {
    if (!check || !account) return;
    if (!check.input) {
      setShowErrors(true);
      return;
    }
    const input = check.input;
    run(
      () => api.messages.send(input),
      (m) => {
        useChannels.getState().upsertMessage(m);
        setSent(m);
      },
    );
  };

  const footer = sent ? (
    <>
      <button
        type="button"
        className="button"
        onClick={() => {
          setSent(null);
          setV(emptySendForm());
          setShowErrors(false);
        }}
      >
        {t('send.another')}
      </button>
      <button type="button" className="button button-primary" data-testid="send-close" onClick={close}>
        {t('common.close')}
      </button>
    </>
  ) : (
    <FormButtons
      submitLabel={busy ? t('test.sending') : t('test.send')}
      onCancel={close}
      busy={busy}
      disabled={!account}
      testId="send-submit"
    />
  );

  return (
    <Modal
      title={contact ? t('send.titleTo', { name }) : t('send.title')}
      size="md"
      testId="send-dialog"
      onClose={close}
      onSubmit={() => {
        if (!busy && !sent) send();
      }}
      footer={footer}
    >
      {!loaded && <p className="muted">{t('card.loading')}</p>}
      {loaded && 'error' in loaded && <FormError error={errorText(t, loaded.error)} />}
      {contact && sent && (
        <div data-testid="send-result">
          <MessageView
            message={sent}
            refreshing={refresh.busy}
            error={refresh.error}
            onRefresh={() => refresh.run(() => api.messages.status({ id: sent.id }), setSent)}
          />
        </div>
      )}
      {contact && !sent && options.length === 0 && <p className="form-error">{t('send.noAddress')}</p>}
      {contact && !sent && options.length > 0 && usable.length === 0 && (
        <div className="import-notice" data-testid="send-no-account">
          <p>{t('send.noAccount')}</p>
          <button
            type="button"
            className="button-link"
            onClick={() => {
              close();
              setScreen('settings');
            }}
          >
            {t('test.noAccounts.open')}
          </button>
        </div>
      )}
      {contact && !sent && option && account && (
        <div className="form">
          <div className="field">
            <span className="field-label" id="send-channel-label">
              {t('test.channel')}
            </span>
            <div className="segmented" role="radiogroup" aria-labelledby="send-channel-label">
              {options.map((o) => {
                const available = usable.includes(o);
                return (
                  <button
                    key={o.channel}
                    type="button"
                    role="radio"
                    aria-checked={o.channel === option.channel}
                    className={o.channel === option.channel ? 'segment is-on' : 'segment'}
                    disabled={!available}
                    title={available ? undefined : t('test.channelNoAccount')}
                    data-testid={`send-channel-${o.channel}`}
                    onClick={() => {
                      setPicked(o.channel);
                      setPickedAccount(null);
                      setShowErrors(false);
                    }}
                  >
                    {t(`channel.${o.channel}`)}
                  </button>
                );
              })}
            </div>
          </div>
          <dl className="props send-props">
            <dt>{t('test.to')}</dt>
            <dd data-testid="send-to">
              {option.channel === 'sms' || option.channel === 'whatsapp' ? formatPhone(option.to) : option.to}
            </dd>
            {channelAccounts.length === 1 && (
              <>
                <dt>{t('test.account')}</dt>
                <dd className="send-account">
                  {account.name}
                  {account.provider === 'sandbox' && (
                    <span className="badge badge-sandbox">{t('provider.sandboxBadge')}</span>
                  )}
                </dd>
              </>
            )}
          </dl>
          {channelAccounts.length > 1 && (
            <label className="field">
              <span className="field-label">{t('test.account')}</span>
              <select
                className="input"
                value={account.id}
                data-testid="send-account"
                onChange={(e) => setPickedAccount(Number(e.target.value))}
              >
                {channelAccounts.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.isDefault ? t('test.accountDefault', { name: a.name }) : a.name}
                  </option>
                ))}
              </select>
              {account.provider === 'sandbox' && (
                <span className="field-hint sandbox-hint">{t('provider.sandboxBadge')}</span>
              )}
            </label>
          )}
          {contact.optOut[option.channel] && (
            <p className="warning" role="note" data-testid="send-optout-warning">
              {t(`send.optedOut.${option.channel}`)}
            </p>
          )}
          <Composer
            key={account.id}
            account={account}
            values={v}
            rows={4}
            errors={errors}
            onChange={(patch) => setV((prev) => ({ ...prev, ...patch }))}
          />
        </div>
      )}
      <FormError error={error} testId="send-error" />
    </Modal>
  );
}
