import { useEffect, useState } from 'react';
import type { CampaignStatusView } from '../../../../shared/domain/campaigns';
import { formatInZone, formatZoneLabel } from '../../../../shared/domain/schedule';
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
import { campaignReason, stateText, stateTone } from './campaign-view';
import { localZone } from './local-zone';
import { cronHint, firstRun } from './schedule-view';

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
          <ContactPreview c={c} />
          <CostPanel c={c} />
        </div>
      ) : (
        <StatusPanel c={c} />
      )}
    </div>
  );
}

/**
 * Name, state and its reason, owner and the times: the head of the detail before and after launch. A recurring
 * campaign shows its schedule, the run its counts are of, its next run, and the grace period instead of a send time.
 */
function Summary({ c }: { c: CampaignStatusView }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const reason = campaignReason(t, locale, c);
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
        {c.repeat ? (
          <RepeatProps c={c} repeat={c.repeat} />
        ) : (
          <>
            <dt>{t('campaigns.sendAt')}</dt>
            <dd data-testid="campaign-send-at">
              {c.sendAt ? formatInZone(new Date(c.sendAt), localZone(), locale) : t('campaigns.sendAtLaunch')}
            </dd>
          </>
        )}
        {(c.repeat || c.sendAt) && (
          <>
            <dt>{t('campaigns.graceShort')}</dt>
            <dd data-testid="campaign-grace">{t('campaigns.graceValue', { minutes: c.graceMinutes })}</dd>
          </>
        )}
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

/** "0 10 * * 1 — каждый понедельник в 10:00 · Europe/Moscow, UTC+3", the run, the next run in that zone. */
function RepeatProps({ c, repeat }: { c: CampaignStatusView; repeat: NonNullable<CampaignStatusView['repeat']> }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const hint = cronHint(t, repeat.cron);
  const live = c.state !== 'finished' && c.state !== 'cancelled';
  // Before launch there is no next run yet: the one it would get if launched now.
  const first = c.state === 'draft' ? firstRun(repeat) : null;
  return (
    <>
      <dt>{t('campaigns.schedule')}</dt>
      <dd data-testid="campaign-schedule" data-cron={repeat.cron}>
        <code className="cron-code">{repeat.cron}</code>
        {hint && ` — ${hint}`}
        <span className="muted">
          {' '}
          · {formatZoneLabel(first ?? new Date(c.nextRunAt ?? c.createdAt), repeat.timeZone)}
        </span>
      </dd>
      {c.run > 0 && (
        <>
          <dt>{t('campaigns.run')}</dt>
          <dd data-testid="campaign-run">{t('campaigns.runNumber', { run: c.run })}</dd>
        </>
      )}
      {c.state === 'draft' ? (
        <>
          <dt>{t('campaigns.firstRun')}</dt>
          <dd data-testid="campaign-first-run">
            {first ? formatInZone(first, repeat.timeZone, locale) : t('campaigns.nextRunNone')}
          </dd>
        </>
      ) : (
        <>
          <dt>{t('campaigns.nextRun')}</dt>
          <dd data-testid="campaign-next-run">
            {live && c.nextRunAt
              ? formatInZone(new Date(c.nextRunAt), repeat.timeZone, locale)
              : t('campaigns.nextRunNone')}
          </dd>
        </>
      )}
    </>
  );
}
