import { useState } from 'react';
import type { CampaignStatusView } from '../../../../shared/domain/campaigns';
import { formatInZone } from '../../../../shared/domain/schedule';
import type { Result } from '../../../../shared/ipc/result';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { FormError } from '../../components/Modal';
import { useSubmit } from '../../components/use-submit';
import { formatNumber } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useCampaigns } from '../../stores/campaigns';
import { useUi } from '../../stores/ui';
import { ActionConfirm } from './ActionConfirm';
import { actionsFor, countBars, progress } from './campaign-view';
import { localZone } from './local-zone';
import { rub } from './preview-format';

/**
 * After launch: the live counts as bars, the progress, and what can be done (pause, resume, resend, cancel).
 * A recurring campaign's counts are of its current (or last) run; a missed run can be sent now or skipped, and
 * cancelling ends the whole schedule (its confirmation says so).
 */
export function StatusPanel({ c }: { c: CampaignStatusView }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const showToast = useUi((s) => s.showToast);
  const [confirm, setConfirm] = useState<'cancel' | 'failed' | 'unknown' | null>(null);
  const quick = useSubmit();
  const bars = countBars(t, c.counts);
  const { done, total } = progress(c.counts);
  const actions = actionsFor(c);
  const n = (v: number) => formatNumber(locale, v);
  const act = (call: () => Promise<Result<CampaignStatusView>>, then?: (next: CampaignStatusView) => void) =>
    quick.run(call, (next) => {
      useCampaigns.getState().upsert(next);
      then?.(next);
    });
  const skip = () =>
    act(
      () => api.campaigns.skip({ id: c.id }),
      (next) => {
        const zone = next.repeat?.timeZone ?? localZone();
        const time = next.nextRunAt ? formatInZone(new Date(next.nextRunAt), zone, locale) : t('campaigns.nextRunNone');
        showToast(t('campaigns.skipped', { time }));
      },
    );

  return (
    <section className="panel status-panel" data-testid="status-panel">
      <h2 className="panel-title" data-testid="status-title">
        {c.repeat && c.run > 0 ? t('campaigns.status.titleRun', { run: n(c.run) }) : t('campaigns.status.title')}
      </h2>
      <div className="run-progress" data-testid="campaign-progress" data-done={done} data-total={total}>
        <div className="run-progress-text">
          <span>
            {total > 0
              ? t('campaigns.status.progress', { done: n(done), total: n(total) })
              : t(
                  c.state === 'scheduled' || c.state === 'missed'
                    ? 'campaigns.status.waiting'
                    : 'campaigns.status.preparing',
                )}
          </span>
          <span className="muted small" data-testid="campaign-spent">
            {c.spec.channels.some((ch) => ch.channel === 'sms')
              ? t('campaigns.status.spent', { parts: n(c.parts), cost: rub(locale, c.cost) })
              : t('campaigns.status.spentNoSms', { cost: rub(locale, c.cost) })}
          </span>
        </div>
        <div className="run-progress-track" aria-hidden="true">
          {bars
            .filter((b) => b.count > 0 && b.tone !== 'pending')
            .map((b) => (
              <span key={b.state} className={`run-progress-part tone-${b.tone}`} style={{ flexGrow: b.count }} />
            ))}
          {total > done && <span className="run-progress-rest" style={{ flexGrow: total - done }} />}
        </div>
      </div>
      <div className="count-chart" role="table" aria-label={t('campaigns.status.title')} data-testid="count-chart">
        {bars.map((b) => (
          <div key={b.state} className="hbar-row" role="row" data-testid={`count-${b.state}`} data-count={b.count}>
            <span className="hbar-label" role="rowheader">
              {b.label}
            </span>
            <span className="hbar-track" aria-hidden="true">
              {b.count > 0 && (
                <span className={`hbar-fill tone-${b.tone}`} style={{ width: `${Math.max(0.5, b.fraction * 100)}%` }} />
              )}
            </span>
            <span className="hbar-value" role="cell">
              {n(b.count)}
            </span>
          </div>
        ))}
      </div>
      {Object.entries(actions).some(([k, on]) => on && k !== 'launch') && (
        <div className="campaign-actions" data-testid="campaign-actions">
          {actions.pause && (
            <Button
              icon="clock"
              testId="campaign-pause"
              busy={quick.busy}
              onClick={() => act(() => api.campaigns.pause({ id: c.id }))}
            >
              {t('campaigns.pause')}
            </Button>
          )}
          {(actions.resume || actions.sendNow) && (
            <Button
              icon="send"
              tone="primary"
              testId="campaign-resume"
              busy={quick.busy}
              onClick={() => act(() => api.campaigns.resume({ id: c.id }))}
            >
              {actions.sendNow ? t('campaigns.sendNow') : t('campaigns.resume')}
            </Button>
          )}
          {actions.skip && (
            <Button icon="skip" testId="campaign-skip" busy={quick.busy} onClick={skip}>
              {t('campaigns.skip')}
            </Button>
          )}
          {actions.resendFailed && (
            <Button icon="refresh" testId="campaign-resend-failed" onClick={() => setConfirm('failed')}>
              {t('campaigns.resendFailed')}
            </Button>
          )}
          {actions.resendUnknown && (
            <Button icon="refresh" testId="campaign-resend-unknown" onClick={() => setConfirm('unknown')}>
              {t('campaigns.resendUnknown')}
            </Button>
          )}
          {actions.cancel && (
            <Button icon="close" tone="danger" testId="campaign-cancel" onClick={() => setConfirm('cancel')}>
              {t('campaigns.cancel')}
            </Button>
          )}
        </div>
      )}
      <FormError error={quick.error} testId="campaign-action-error" />
      {confirm === 'cancel' && (
        <ActionConfirm
          title={t('campaigns.cancelConfirm.title')}
          body={t(c.repeat ? 'campaigns.cancelConfirm.bodyRepeat' : 'campaigns.cancelConfirm.body', {
            name: c.name,
            queued: n(c.counts.queued ?? 0),
          })}
          confirmLabel={t('campaigns.cancel')}
          danger
          call={() => api.campaigns.cancel({ id: c.id })}
          onClose={() => setConfirm(null)}
        />
      )}
      {(confirm === 'failed' || confirm === 'unknown') && (
        <ActionConfirm
          title={t(confirm === 'failed' ? 'campaigns.resendFailed' : 'campaigns.resendUnknown')}
          body={
            confirm === 'failed'
              ? t('campaigns.resendFailedConfirm', { count: n(c.counts.failed ?? 0) })
              : t('campaigns.resendUnknownConfirm', { count: n(c.counts.unknown ?? 0) })
          }
          confirmLabel={t('campaigns.resendGo')}
          danger={confirm === 'unknown'}
          call={() => api.campaigns.resend({ id: c.id, which: confirm })}
          onDone={(next) => {
            const requeued = (next as CampaignStatusView & { requeued?: number }).requeued ?? 0;
            showToast(t('campaigns.requeued', { count: n(requeued) }));
          }}
          onClose={() => setConfirm(null)}
        />
      )}
    </section>
  );
}
