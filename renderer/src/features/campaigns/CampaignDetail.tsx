import { useEffect, useState } from 'react';
import type { CampaignStatusView } from '../../../../shared/domain/campaigns';
import { formatInZone } from '../../../../shared/domain/schedule';
import { api } from '../../api';
import { FormError } from '../../components/Modal';
import { errorText } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useCampaigns } from '../../stores/campaigns';
import { useUi } from '../../stores/ui';
import { formatTime } from '../channels/status';
import { ContactPreview } from './ContactPreview';
import { CostPanel } from './CostPanel';
import { StatusPanel } from './StatusPanel';
import { reasonText, stateText, stateTone } from './campaign-view';
import { localZone } from './local-zone';

/** One campaign: before launch its preview and cost; after, its live statuses and what can be done. */
export function CampaignDetail({ id }: { id: number }) {
  const t = useT();
  const c = useCampaigns((s) => s.items.find((x) => x.id === id) ?? null);
  const [missing, setMissing] = useState<string | null>(null);

  // Opened before the list has it (just created, or the list is still loading): asked for directly.
  useEffect(() => {
    if (useCampaigns.getState().items.some((x) => x.id === id)) return;
    void api.campaigns.get({ id }).then((res) => {
      if (res.ok) useCampaigns.getState().upsert(res.value);
      else setMissing(errorText(t, res.error));
    });
  }, [id, t]);

  if (!c) return <FormError error={missing} testId="campaign-missing" />;
  return (
    <div className="campaign-detail" data-testid="campaign-detail" data-id={c.id} data-state={c.state}>
      <Summary c={c} />
      {c.state === 'draft' ? (
        <div className="draft-grid">
          <ContactPreview id={c.id} />
          <CostPanel c={c} />
        </div>
      ) : (
        <StatusPanel c={c} />
      )}
    </div>
  );
}

/** Name, state and its reason, owner and the times: the head of the detail before and after launch. */
function Summary({ c }: { c: CampaignStatusView }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const reason = reasonText(t, c.reason);
  return (
    <section className="panel campaign-summary" data-testid="campaign-summary">
      <div className="campaign-summary-head">
        <h2 className="campaign-title" data-testid="campaign-name">
          {c.name}
        </h2>
        <span className={`status status-${stateTone(c.state)}`} data-testid="campaign-state">
          {stateText(t, c.state)}
        </span>
      </div>
      {reason && (
        <p className="campaign-reason-line provider-words" data-testid="campaign-reason">
          {reason}
        </p>
      )}
      <dl className="campaign-props">
        <dt>{t('campaigns.field.owner')}</dt>
        <dd>{c.owner || t('campaigns.noOwner')}</dd>
        <dt>{t('campaigns.created')}</dt>
        <dd>{formatTime(locale, c.createdAt)}</dd>
        <dt>{t('campaigns.sendAt')}</dt>
        <dd data-testid="campaign-send-at">
          {c.sendAt ? formatInZone(new Date(c.sendAt), localZone(), locale) : t('campaigns.sendAtLaunch')}
        </dd>
        {c.launchedAt && (
          <>
            <dt>{t('campaigns.launched')}</dt>
            <dd>{formatTime(locale, c.launchedAt)}</dd>
          </>
        )}
        {c.finishedAt && (
          <>
            <dt>{t('campaigns.finished')}</dt>
            <dd>{formatTime(locale, c.finishedAt)}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
