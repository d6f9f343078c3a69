import { useEffect } from 'react';
import type { CampaignStatusView } from '../../../../shared/domain/campaigns';
import { formatInZone } from '../../../../shared/domain/schedule';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { FormError } from '../../components/Modal';
import { errorText, formatDateTime, formatNumber } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useCampaigns } from '../../stores/campaigns';
import { useChannels } from '../../stores/channels';
import { useUi } from '../../stores/ui';
import { CampaignDetail } from './CampaignDetail';
import { ComposeCampaign } from './ComposeCampaign';
import { campaignReason, countBars, countsSummary, stateText, stateTone, totalCount } from './campaign-view';

/**
 * "Рассылки", after the Devino 1C module's "Рассылка" tab: the campaigns with their state and counts (live),
 * "Новая рассылка", and one campaign — its preview and cost before launch, its statuses while it runs.
 */
export function CampaignsScreen() {
  const t = useT();
  const view = useCampaigns((s) => s.view);
  const loaded = useCampaigns((s) => s.loaded);
  const setView = useCampaigns((s) => s.setView);
  const accountsLoaded = useChannels((s) => s.accountsLoaded);
  // With no campaigns the empty state carries the button; one is enough.
  const none = useCampaigns((s) => s.loaded && s.items.length === 0);

  useEffect(() => {
    void useCampaigns.getState().load();
  }, []);

  return (
    <main
      className="main campaigns"
      data-testid="campaigns-screen"
      data-view={view.kind}
      data-ready={loaded && accountsLoaded ? 'true' : 'false'}
    >
      <header className="main-header">
        <div className="main-title">
          <span className="eyebrow">{t('nav.campaigns')}</span>
          <h1>
            {view.kind === 'compose'
              ? t('campaigns.compose.title')
              : view.kind === 'campaign'
                ? t('campaigns.detail.title')
                : t('campaigns.title')}
          </h1>
        </div>
        {view.kind === 'list' ? (
          !none && (
            <Button icon="plus" tone="primary" testId="campaign-new" onClick={() => setView({ kind: 'compose' })}>
              {t('campaigns.new')}
            </Button>
          )
        ) : (
          <Button icon="back" testId="campaigns-back" onClick={() => setView({ kind: 'list' })}>
            {t('campaigns.backToList')}
          </Button>
        )}
      </header>
      <div className="page-body">
        {view.kind === 'list' && <CampaignList />}
        {view.kind === 'compose' && <ComposeCampaign />}
        {view.kind === 'campaign' && <CampaignDetail id={view.id} />}
      </div>
    </main>
  );
}

function CampaignList() {
  const t = useT();
  const items = useCampaigns((s) => s.items);
  const loaded = useCampaigns((s) => s.loaded);
  const error = useCampaigns((s) => s.error);
  const setView = useCampaigns((s) => s.setView);

  if (loaded && items.length === 0) {
    return (
      <>
        <FormError error={error ? errorText(t, error) : null} />
        <div className="page-empty" data-testid="campaigns-empty">
          <p className="page-empty-title">{t('campaigns.empty.title')}</p>
          <p className="muted">{t('campaigns.empty.body')}</p>
          <Button icon="plus" tone="primary" testId="campaign-new-empty" onClick={() => setView({ kind: 'compose' })}>
            {t('campaigns.new')}
          </Button>
        </div>
      </>
    );
  }
  return (
    <>
      <FormError error={error ? errorText(t, error) : null} />
      <div className="campaign-list" role="list" data-testid="campaign-list">
        {items.map((c) => (
          <CampaignRow key={c.id} c={c} onOpen={() => setView({ kind: 'campaign', id: c.id })} />
        ))}
      </div>
    </>
  );
}

function CampaignRow({ c, onOpen }: { c: CampaignStatusView; onOpen: () => void }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const reason = campaignReason(t, locale, c);
  const total = totalCount(c.counts);
  const nextRun = c.repeat && c.nextRunAt && c.state !== 'finished' && c.state !== 'cancelled' ? c.nextRunAt : null;
  return (
    <div className="campaign-row" role="listitem" data-testid="campaign-row" data-id={c.id} data-state={c.state}>
      <div className="campaign-row-main">
        <button type="button" className="campaign-name link-button" data-testid="campaign-open" onClick={onOpen}>
          {c.name}
        </button>
        <span className="muted small">
          {c.owner ? t('campaigns.ownerIs', { owner: c.owner }) : t('campaigns.noOwner')}
        </span>
      </div>
      <div className="campaign-row-state">
        <span className="campaign-row-badges">
          <span className={`status status-${stateTone(c.state)}`} data-testid="campaign-state">
            {stateText(t, c.state)}
          </span>
          {c.repeat && (
            <span className="badge badge-repeat" data-testid="campaign-repeat" title={c.repeat.cron}>
              <Icon name="refresh" size={12} />
              {t('campaigns.repeatBadge')}
            </span>
          )}
        </span>
        {reason && (
          <span className="campaign-reason small provider-words" data-testid="campaign-reason">
            {reason}
          </span>
        )}
      </div>
      <div className="campaign-row-counts">
        {total > 0 && <MiniBar counts={c.counts} />}
        <span className="small muted" data-testid="campaign-counts">
          {c.repeat && c.run > 0 && `${t('campaigns.run')} ${t('campaigns.runNumber', { run: c.run })} · `}
          {total > 0
            ? `${t('campaigns.total', { count: formatNumber(locale, total) })}: ${countsSummary(t, locale, c.counts)}`
            : t('campaigns.count.none')}
        </span>
      </div>
      <div className="campaign-row-times small muted">
        <span>{t('campaigns.createdAt', { time: formatDateTime(locale, c.createdAt) })}</span>
        {c.launchedAt && <span>{t('campaigns.launchedAt', { time: formatDateTime(locale, c.launchedAt) })}</span>}
        {nextRun && c.repeat && (
          <span data-testid="campaign-next-run">
            {t('campaigns.nextRunAt', { time: formatInZone(new Date(nextRun), c.repeat.timeZone, locale) })}
          </span>
        )}
      </div>
    </div>
  );
}

/** The counts as one thin stacked bar (pure CSS widths, no chart library). */
function MiniBar({ counts }: { counts: CampaignStatusView['counts'] }) {
  const t = useT();
  const bars = countBars(t, counts).filter((b) => b.count > 0);
  return (
    <span className="mini-bar" aria-hidden="true">
      {bars.map((b) => (
        <span key={b.state} className={`mini-bar-part tone-${b.tone}`} style={{ flexGrow: b.count }} />
      ))}
    </span>
  );
}
