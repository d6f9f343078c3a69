import { Icon } from '../../components/Icon';
import { useT } from '../../i18n/use-t';
import { accountsOf, useChannels } from '../../stores/channels';
import { MAX_CHANNELS, addableChannels, channelRow, moveRow } from './compose-form';
import { Foot, type ComposeSectionProps } from './compose-shared';

/**
 * The channels in priority order, each with its account and sender; moving, removing and adding them; with
 * more than one, the mode (the first that works, or all of them).
 */
export function ComposeChannels({ v, set, err }: ComposeSectionProps) {
  const t = useT();
  const accounts = useChannels((s) => s.accounts);
  const addable = addableChannels(accounts, v.channels);
  return (
    <section className="panel compose-section" data-testid="compose-channels">
      <h2 className="panel-title">{t('campaigns.compose.channels')}</h2>
      <ol className="channel-rows">
        {v.channels.map((row, i) => {
          const of = accountsOf(accounts, row.channel);
          const hasSender = row.channel === 'sms' || row.channel === 'email';
          return (
            <li key={row.channel} className="channel-row" data-testid="compose-channel" data-channel={row.channel}>
              <span className="channel-order" aria-label={t('campaigns.channel.order', { n: i + 1 })}>
                {i + 1}
              </span>
              <span className="channel-name">{t(`channel.${row.channel}`)}</span>
              <label className="field">
                <span className="field-label">{t('test.account')}</span>
                <select
                  className={err(`account${i}`) ? 'input has-error' : 'input'}
                  value={row.accountId ?? ''}
                  data-testid="compose-account"
                  onChange={(e) => {
                    const channels = [...v.channels];
                    channels[i] = { ...row, accountId: Number(e.target.value) };
                    set({ channels });
                  }}
                >
                  {of.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.isDefault ? t('test.accountDefault', { name: a.name }) : a.name}
                    </option>
                  ))}
                </select>
              </label>
              {hasSender ? (
                <label className="field">
                  <span className="field-label">{t(row.channel === 'email' ? 'test.senderName' : 'test.sender')}</span>
                  <input
                    className={err(`sender${i}`) ? 'input has-error' : 'input'}
                    value={row.sender}
                    maxLength={64}
                    placeholder={t('campaigns.channel.senderDefault')}
                    data-testid="compose-sender"
                    onChange={(e) => {
                      const channels = [...v.channels];
                      channels[i] = { ...row, sender: e.target.value };
                      set({ channels });
                    }}
                  />
                </label>
              ) : (
                <span className="field-hint channel-no-sender">{t('campaigns.channel.noSender')}</span>
              )}
              {v.channels.length > 1 && (
                <span className="channel-row-actions">
                  <button
                    type="button"
                    className="icon-button"
                    disabled={i === 0}
                    aria-label={t('campaigns.channel.up')}
                    title={t('campaigns.channel.up')}
                    onClick={() => set({ channels: moveRow(v.channels, i, -1) })}
                  >
                    <span aria-hidden="true">↑</span>
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    disabled={i === v.channels.length - 1}
                    aria-label={t('campaigns.channel.down')}
                    title={t('campaigns.channel.down')}
                    onClick={() => set({ channels: moveRow(v.channels, i, 1) })}
                  >
                    <span aria-hidden="true">↓</span>
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={t('campaigns.channel.remove')}
                    title={t('campaigns.channel.remove')}
                    data-testid="compose-channel-remove"
                    onClick={() => set({ channels: v.channels.filter((_, j) => j !== i) })}
                  >
                    <Icon name="close" size={15} />
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ol>
      <Foot error={err('channels')} />
      {addable.length > 0 && v.channels.length < MAX_CHANNELS && (
        <div className="inline-row channel-add">
          <span className="muted small">{t('campaigns.channel.add')}</span>
          {addable.map((ch) => (
            <button
              key={ch}
              type="button"
              className="button button-sm"
              data-testid={`compose-add-${ch}`}
              onClick={() => set({ channels: [...v.channels, channelRow(accounts, ch)] })}
            >
              <Icon name="plus" size={14} />
              {t(`channel.${ch}`)}
            </button>
          ))}
        </div>
      )}
      {v.channels.length > 1 && (
        <div className="field compose-mode">
          <span className="field-label" id="compose-mode-label">
            {t('campaigns.mode')}
          </span>
          <div className="segmented" role="radiogroup" aria-labelledby="compose-mode-label">
            {(['priority', 'all'] as const).map((m) => (
              <button
                key={m}
                type="button"
                role="radio"
                aria-checked={v.mode === m}
                className={v.mode === m ? 'segment is-on' : 'segment'}
                data-testid={`compose-mode-${m}`}
                onClick={() => set({ mode: m })}
              >
                {t(m === 'all' ? 'campaigns.mode.all' : 'campaigns.mode.priority')}
              </button>
            ))}
          </div>
          <span className="field-hint">
            {t(v.mode === 'all' ? 'campaigns.mode.allHint' : 'campaigns.mode.priorityHint')}
          </span>
        </div>
      )}
    </section>
  );
}
