import type { Message } from '../../../../shared/domain/messages';
import { formatPhone } from '../../../../shared/domain/phone';
import { Button } from '../../components/Button';
import { formatNumber } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useUi } from '../../stores/ui';
import { formatMoney, formatTime, providerReply, statusHint, statusText, statusTone } from './status';

/** A status as a coloured word. */
export function StatusBadge({ status, testId }: { status: Message['status']; testId?: string }) {
  const t = useT();
  return (
    <span className={`status status-${statusTone(status)}`} data-testid={testId} data-status={status}>
      {statusText(t, status)}
    </span>
  );
}

/** The recipient as people write it: "+7 916 123 45 67" for phones, as is otherwise. */
export const displayTo = (m: Pick<Message, 'channel' | 'to'>): string =>
  m.channel === 'sms' || m.channel === 'whatsapp' ? formatPhone(m.to) : m.to;

interface MessageViewProps {
  message: Message;
  /** "Проверить статус": asks the provider where the message is now. */
  onRefresh?: () => void;
  refreshing?: boolean;
  error?: string | null;
}

/**
 * One single message as the Devino module's "ID последнего SMS" and "Уточнить статус" show it: our id, the
 * status in words with what it means, the provider's own code and words, parts, cost and the times.
 */
export function MessageView({ message: m, onRefresh, refreshing, error }: MessageViewProps) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const hint = statusHint(t, locale, m);
  const reply = providerReply(m);
  const missing = <span className="muted">{t('card.missing')}</span>;
  return (
    <div className="message-view" data-testid="message-view" data-id={m.id} data-status={m.status}>
      <div className="message-status">
        <StatusBadge status={m.status} testId="msg-status" />
        {onRefresh && (
          <Button icon="refresh" small busy={refreshing} testId="msg-refresh" onClick={onRefresh}>
            {t('msg.refresh')}
          </Button>
        )}
      </div>
      {hint && (
        <p className={m.status === 'failed' ? 'message-hint is-problem' : 'message-hint'} data-testid="msg-hint">
          {hint}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="msg-error">
          {error}
        </p>
      )}
      <dl className="props message-props">
        <dt>{t('msg.id')}</dt>
        <dd className="mono" data-testid="msg-id">
          {m.id}
        </dd>
        <dt>{t('msg.to')}</dt>
        <dd data-testid="msg-to">{displayTo(m)}</dd>
        <dt>{t('msg.account')}</dt>
        <dd>
          {m.accountName} · {t(`channel.${m.channel}`)}
        </dd>
        {m.sender && (
          <>
            <dt>{t('msg.sender')}</dt>
            <dd>{m.sender}</dd>
          </>
        )}
        <dt>{t('msg.provider')}</dt>
        <dd data-testid="msg-provider">{reply ? <span className="provider-words">{reply}</span> : missing}</dd>
        {m.providerIds.length > 0 && (
          <>
            <dt>{t('msg.providerIds')}</dt>
            <dd className="mono" data-testid="msg-provider-ids">
              {m.providerIds.join(', ')}
            </dd>
          </>
        )}
        <dt>{t('msg.parts')}</dt>
        <dd data-testid="msg-parts">{m.parts === null ? missing : formatNumber(locale, m.parts)}</dd>
        <dt>{t('msg.cost')}</dt>
        <dd data-testid="msg-cost">{m.cost ? formatMoney(locale, m.cost) : missing}</dd>
        <dt>{t('msg.created')}</dt>
        <dd data-testid="msg-created">{formatTime(locale, m.createdAt)}</dd>
        {m.sendAt && (
          <>
            <dt>{t('msg.sendAt')}</dt>
            <dd data-testid="msg-send-at">{formatTime(locale, m.sendAt)}</dd>
          </>
        )}
        <dt>{t('msg.sent')}</dt>
        <dd data-testid="msg-sent">{m.sentAt ? formatTime(locale, m.sentAt) : missing}</dd>
        <dt>{t('msg.statusAt')}</dt>
        <dd data-testid="msg-status-at">{m.statusAt ? formatTime(locale, m.statusAt) : missing}</dd>
      </dl>
    </div>
  );
}
