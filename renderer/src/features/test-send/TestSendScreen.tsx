import { useEffect, useRef, useState } from 'react';
import { CHANNELS, type Channel } from '../../../../shared/domain/channels';
import type { Account } from '../../../../shared/domain/providers';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { FormError } from '../../components/Modal';
import { useSubmit } from '../../components/use-submit';
import { useT } from '../../i18n/use-t';
import { accountsOf, defaultAccount, useChannels } from '../../stores/channels';
import { useUi } from '../../stores/ui';
import { Composer } from '../channels/Composer';
import { CostEstimate } from '../channels/CostEstimate';
import { MessageView } from '../channels/MessageView';
import {
  emptySendForm,
  messageText,
  suggestedLater,
  validateSend,
  zoneLabel,
  type SendFormValues,
} from '../channels/send-form';
import { formatTime } from '../channels/status';
import { History } from './History';

const SENDER_MAX = 64;

/**
 * "Тестовая отправка", after the Devino 1C module's tab of that name: pick the channel and account (the
 * default is preselected), a sender, any recipient, the text with its live SMS counter, optionally a time
 * not to send before; then the message id and its status, "Проверить статус", and the recent messages.
 */
export function TestSendScreen() {
  const t = useT();
  const accounts = useChannels((s) => s.accounts);
  const loaded = useChannels((s) => s.accountsLoaded);
  const messages = useChannels((s) => s.messages);
  const messagesLoaded = useChannels((s) => s.messagesLoaded);
  const setScreen = useUi((s) => s.setScreen);
  const locale = useUi((s) => s.locale);

  // What the user picked; until then (and when it goes away) the first channel with an account and its default.
  const [pickedChannel, setPickedChannel] = useState<Channel | null>(null);
  const [pickedAccount, setPickedAccount] = useState<number | null>(null);
  const channels = CHANNELS.filter((ch) => accounts.some((a) => a.channel === ch));
  const channel = pickedChannel && channels.includes(pickedChannel) ? pickedChannel : (channels[0] ?? null);
  const account =
    (channel && accounts.find((a) => a.id === pickedAccount && a.channel === channel)) ||
    (channel ? defaultAccount(accounts, channel) : null);

  const [shownId, setShownId] = useState<string | null>(null);
  const shown = (shownId && messages.find((m) => m.id === shownId)) || messages[0] || null;
  const refresh = useSubmit();
  // A message just sent (or picked from the history) is brought into view: the Send button may be far below.
  const shownRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (shownId) shownRef.current?.scrollIntoView({ block: 'nearest' });
  }, [shownId]);

  return (
    <main
      className="main test-send"
      data-testid="test-send-screen"
      data-ready={loaded && messagesLoaded ? 'true' : 'false'}
    >
      <header className="main-header">
        <div className="main-title">
          <span className="eyebrow">{t('nav.test')}</span>
          <h1>{t('test.title')}</h1>
        </div>
      </header>
      <div className="page-body">
        {loaded && accounts.length === 0 ? (
          <div className="page-empty" data-testid="test-no-accounts">
            <p className="page-empty-title">{t('test.noAccounts.title')}</p>
            <p className="muted">{t('test.noAccounts.body')}</p>
            <Button icon="settings" testId="test-open-settings" onClick={() => setScreen('settings')}>
              {t('test.noAccounts.open')}
            </Button>
          </div>
        ) : (
          <div className="test-grid">
            <section className="panel test-form-panel">
              <h2 className="panel-title">{t('test.newMessage')}</h2>
              <ChannelPicker
                channels={channels}
                value={channel}
                onChange={(ch) => {
                  setPickedChannel(ch);
                  setPickedAccount(null);
                }}
              />
              {channel && account && (
                <SendForm
                  key={channel}
                  account={account}
                  accounts={accountsOf(accounts, channel)}
                  onAccount={setPickedAccount}
                  onSent={(id) => setShownId(id)}
                />
              )}
            </section>
            <div className="test-side">
              <section className="panel" data-testid="last-message" ref={shownRef}>
                <h2 className="panel-title">
                  {shown && shown.id !== messages[0]?.id
                    ? t('test.messageOf', { time: formatTime(locale, shown.createdAt) })
                    : t('test.lastMessage')}
                </h2>
                {shown ? (
                  <MessageView
                    message={shown}
                    refreshing={refresh.busy}
                    error={refresh.error}
                    onRefresh={() =>
                      refresh.run(
                        () => api.messages.status({ id: shown.id }),
                        (m) => useChannels.getState().upsertMessage(m),
                      )
                    }
                  />
                ) : (
                  <p className="muted small">{t('test.noMessages')}</p>
                )}
              </section>
              <History shownId={shown?.id ?? null} onShow={setShownId} />
            </div>
          </div>
        )}
      </div>
    </main>
  );
}

function ChannelPicker({
  channels,
  value,
  onChange,
}: {
  channels: readonly Channel[];
  value: Channel | null;
  onChange: (c: Channel) => void;
}) {
  const t = useT();
  return (
    <div className="field">
      <span className="field-label" id="test-channel-label">
        {t('test.channel')}
      </span>
      <div className="segmented" role="radiogroup" aria-labelledby="test-channel-label">
        {CHANNELS.map((ch) => {
          const available = channels.includes(ch);
          return (
            <button
              key={ch}
              type="button"
              role="radio"
              aria-checked={value === ch}
              className={value === ch ? 'segment is-on' : 'segment'}
              disabled={!available}
              title={available ? undefined : t('test.channelNoAccount')}
              data-testid={`test-channel-${ch}`}
              onClick={() => onChange(ch)}
            >
              {t(`channel.${ch}`)}
            </button>
          );
        })}
      </div>
    </div>
  );
}

const TO_PLACEHOLDER = {
  sms: 'test.toPlaceholder.phone',
  whatsapp: 'test.toPlaceholder.phone',
  email: 'test.toPlaceholder.email',
  telegram: 'test.toPlaceholder.telegram',
} as const;

interface SendFormProps {
  account: Account;
  accounts: Account[];
  onAccount: (id: number) => void;
  onSent: (id: string) => void;
}

/** The form for one channel (keyed by it): switching accounts of the channel keeps what was typed. */
function SendForm({ account, accounts, onAccount, onSent }: SendFormProps) {
  const t = useT();
  const [v, setV] = useState<SendFormValues>(emptySendForm);
  const [showErrors, setShowErrors] = useState(false);
  const [now, setNow] = useState(() => new Date());
  const { busy, error, run } = useSubmit();
  const senders = useSenders(account.id);
  const check = validateSend(account, v, { now });
  const errors = showErrors ? check.errors : {};
  const set = (patch: Partial<SendFormValues>) => setV((prev) => ({ ...prev, ...patch }));
  // An SMS goes under a sender name; an e-mail's sender is the display name beside the account's address.
  // Telegram and WhatsApp send as the bot or the business number: nothing to choose.
  const hasSender = account.channel === 'sms' || account.channel === 'email';
  const defaultSender =
    (account.channel === 'email' ? account.settings.fromName : account.settings.sender || account.settings.from) ?? '';

  const send = () => {
    const at = new Date();
    setNow(at);
    const res = validateSend(account, v, { now: at });
    // The chosen time passed while the form was open: say so (the button now reads "Отправить") before sending.
    if (res.past && !check.past) {
      setNow(at);
      return;
    }
    if (!res.input) {
      setShowErrors(true);
      return;
    }
    const input = res.input;
    run(
      () => api.messages.send(input),
      (m) => {
        useChannels.getState().upsertMessage(m);
        onSent(m.id);
      },
    );
  };

  return (
    <form
      className="form test-form"
      data-testid="test-form"
      data-account={account.id}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) send();
      }}
    >
      <label className="field">
        <span className="field-label">{t('test.account')}</span>
        <select
          className="input"
          value={account.id}
          data-testid="test-account"
          onChange={(e) => {
            // Another account's templates are not this one's.
            set({ template: null, variables: [] });
            onAccount(Number(e.target.value));
          }}
        >
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.isDefault ? t('test.accountDefault', { name: a.name }) : a.name}
            </option>
          ))}
        </select>
        {account.provider === 'sandbox' && (
          <span className="field-hint sandbox-hint" data-testid="test-sandbox-notice">
            <strong>{t('provider.sandboxBadge')}.</strong>
            {/* The sandbox's refusals are by the address's last digits: phones and chat ids have them. */}
            {account.channel !== 'email' && ` ${t('test.sandboxNote')}`}
          </span>
        )}
      </label>
      <div className={hasSender ? 'form-row form-row-2' : 'form-row'}>
        {hasSender && (
          <label className="field">
            <span className="field-label">{t(account.channel === 'email' ? 'test.senderName' : 'test.sender')}</span>
            <input
              className="input"
              value={v.sender}
              maxLength={SENDER_MAX}
              list={senders.length > 0 ? `senders-${account.id}` : undefined}
              placeholder={defaultSender ? t('test.senderDefault', { sender: defaultSender }) : undefined}
              autoComplete="off"
              spellCheck={false}
              data-testid="test-sender"
              onChange={(e) => set({ sender: e.target.value })}
            />
            {senders.length > 0 && (
              <datalist id={`senders-${account.id}`}>
                {senders.map((s) => (
                  <option key={s} value={s} />
                ))}
              </datalist>
            )}
            <span className="field-hint">{senders.length > 0 ? t('test.senderSuggested') : t('test.senderHint')}</span>
          </label>
        )}
        <label className="field">
          <span className="field-label">{t('test.to')}</span>
          <input
            className={errors.to ? 'input has-error' : 'input'}
            value={v.to}
            maxLength={320}
            placeholder={t(TO_PLACEHOLDER[account.channel])}
            autoComplete="off"
            spellCheck={false}
            data-testid="test-to"
            onChange={(e) => set({ to: e.target.value })}
          />
          {errors.to ? (
            <span className="field-error" role="alert">
              {t(errors.to.key)}
            </span>
          ) : (
            <span className="field-hint">{t('test.toHint')}</span>
          )}
        </label>
      </div>
      <Composer account={account} values={v} onChange={set} errors={errors} />
      <CostEstimate accountId={account.id} text={messageText(account, v)} to={v.to} />
      <div className="later">
        <div className="later-row">
          <label className="checkbox-row">
            <input
              type="checkbox"
              checked={v.later}
              data-testid="test-later"
              onChange={(e) => {
                const later = e.target.checked;
                set(later && !v.date ? { later, ...suggestedLater(new Date()) } : { later });
              }}
            />
            <span>{t('test.later')}</span>
          </label>
          <button type="submit" className="button button-primary" aria-disabled={busy} data-testid="test-send">
            <Icon name="send" />
            {busy ? t('test.sending') : v.later && !check.past ? t('test.schedule') : t('test.send')}
          </button>
        </div>
        {v.later && (
          <div className="later-fields">
            <input
              className={errors.when ? 'input has-error' : 'input'}
              type="date"
              value={v.date}
              aria-label={t('test.laterDate')}
              data-testid="test-later-date"
              onChange={(e) => set({ date: e.target.value })}
            />
            <input
              className={errors.when ? 'input has-error' : 'input'}
              type="time"
              value={v.time}
              aria-label={t('test.laterTime')}
              data-testid="test-later-time"
              onChange={(e) => set({ time: e.target.value })}
            />
            <span className="field-hint" data-testid="test-later-zone">
              {t('test.laterZone', { zone: zoneLabel(new Date()) })}
            </span>
          </div>
        )}
        {errors.when && (
          <span className="field-error" role="alert">
            {t(errors.when.key)}
          </span>
        )}
        {v.later && check.past && !errors.when && (
          <span className="field-hint is-warning" data-testid="test-later-past">
            {t('test.laterPast')}
          </span>
        )}
      </div>
      <FormError error={error} testId="test-error" />
    </form>
  );
}

/** Sender names the provider lists for the account, as suggestions (none when it does not list them). */
function useSenders(accountId: number): string[] {
  const [senders, setSenders] = useState<{ id: number; list: string[] }>({ id: accountId, list: [] });
  useEffect(() => {
    let live = true;
    void api.accounts.senders({ id: accountId }).then((res) => {
      if (live && res.ok) setSenders({ id: accountId, list: res.value.senders ?? [] });
    });
    return () => {
      live = false;
    };
  }, [accountId]);
  return senders.id === accountId ? senders.list : [];
}
