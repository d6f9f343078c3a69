import { useT } from '../../i18n/use-t';
import { useChannels } from '../../stores/channels';
import { useUi } from '../../stores/ui';
import { StatusBadge, displayTo } from '../channels/MessageView';
import { formatTime } from '../channels/status';

/** The recent single messages (test sends and sends from contact cards); a click shows one in full. */
export function History({ shownId, onShow }: { shownId: string | null; onShow: (id: string) => void }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const messages = useChannels((s) => s.messages);
  return (
    <section className="panel" data-testid="history">
      <h2 className="panel-title">{t('test.history')}</h2>
      {messages.length === 0 ? (
        <p className="muted small">{t('test.noMessages')}</p>
      ) : (
        <ul className="history">
          {messages.map((m) => (
            <li key={m.id}>
              <button
                type="button"
                className={m.id === shownId ? 'history-item is-current' : 'history-item'}
                aria-current={m.id === shownId ? 'true' : undefined}
                data-testid="history-item"
                data-id={m.id}
                data-status={m.status}
                onClick={() => onShow(m.id)}
              >
                <span className="history-top">
                  <span className="history-to">
                    {t(`channel.short.${m.channel}`)} · {displayTo(m)}
                  </span>
                  <StatusBadge status={m.status} />
                </span>
                <span className="history-text">{m.subject ?? m.text}</span>
                <span className="history-time">{formatTime(locale, m.createdAt)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
