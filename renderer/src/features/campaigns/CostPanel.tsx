import { useEffect, useState } from 'react';
import type { CampaignStatusView } from '../../../../shared/domain/campaigns';
import { formatInZone } from '../../../../shared/domain/schedule';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { ConfirmDialog, FormError } from '../../components/Modal';
import { useSubmit } from '../../components/use-submit';
import { errorText, formatNumber } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useCampaigns } from '../../stores/campaigns';
import { useChannels } from '../../stores/channels';
import { useUi } from '../../stores/ui';
import { ActionConfirm } from './ActionConfirm';
import { localZone } from './local-zone';
import { cronHint, firstRun } from './schedule-view';
import {
  costText,
  moneyWarnings,
  partsHistogram,
  hasSms,
  priceSourceText,
  rub,
  switchedExampleText,
  totalParts,
  totalSendable,
  warningView,
  type ChannelPreview,
  type CostPreview,
} from './preview-format';

type Cost = { state: 'loading' } | { state: 'ready'; preview: CostPreview } | { state: 'error'; message: string };

/**
 * Before launch: the cost — the totals, the core's warnings, each channel's breakdown — with launching
 * (confirmed with the cost named) and discarding the draft.
 */
export function CostPanel({ c }: { c: CampaignStatusView }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const [cost, setCost] = useState<Cost>({ state: 'loading' });
  const [epoch, setEpoch] = useState(0);
  const [confirm, setConfirm] = useState<'launch' | 'cancel' | null>(null);

  useEffect(() => {
    let live = true;
    void api.campaigns.preview({ id: c.id }).then((res) => {
      if (!live) return;
      setCost(res.ok ? { state: 'ready', preview: res.value } : { state: 'error', message: errorText(t, res.error) });
    });
    return () => {
      live = false;
    };
  }, [c.id, epoch, t]);

  const p = cost.state === 'ready' ? cost.preview : null;
  return (
    <section className="panel cost-panel" data-testid="cost-panel" data-state={cost.state}>
      <h2 className="panel-title">
        {t('campaigns.cost.title')}
        <button
          type="button"
          className="button button-sm button-ghost panel-title-action"
          data-testid="cost-refresh"
          aria-disabled={cost.state === 'loading'}
          onClick={() => {
            if (cost.state === 'loading') return;
            setCost({ state: 'loading' });
            setEpoch((n) => n + 1);
          }}
        >
          {t('campaigns.cost.refresh')}
        </button>
      </h2>
      {cost.state === 'loading' && <p className="muted">{t('campaigns.cost.loading')}</p>}
      {cost.state === 'error' && <FormError error={cost.message} testId="cost-error" />}
      {!p && <CostActions ready={false} onLaunch={() => undefined} onDiscard={() => setConfirm('cancel')} />}
      {p && (
        <>
          <dl className="cost-totals" data-testid="cost-totals">
            <div>
              <dt>{t('campaigns.cost.recipients')}</dt>
              <dd data-testid="cost-recipients">{formatNumber(locale, p.recipients)}</dd>
            </div>
            <div>
              <dt>{t('campaigns.cost.messages')}</dt>
              <dd data-testid="cost-sendable">{formatNumber(locale, totalSendable(p))}</dd>
            </div>
            {hasSms(p) && (
              <div>
                <dt>{t('campaigns.cost.parts')}</dt>
                <dd data-testid="cost-parts">{formatNumber(locale, totalParts(p))}</dd>
              </div>
            )}
            <div>
              <dt>{t('campaigns.cost.total')}</dt>
              <dd data-testid="cost-total">{costText(t, locale, p.cost)}</dd>
            </div>
          </dl>
          {p.warnings.length > 0 && (
            <ul className="cost-warnings" data-testid="cost-warnings">
              {p.warnings.map((w) => {
                const view = warningView(t, locale, w);
                return (
                  <li
                    key={w}
                    className={view.tone === 'danger' ? 'warning is-danger' : 'warning'}
                    data-testid="cost-warning"
                  >
                    {view.text}
                  </li>
                );
              })}
            </ul>
          )}
          <CostActions ready onLaunch={() => setConfirm('launch')} onDiscard={() => setConfirm('cancel')} />
          {p.channels.map((ch) => (
            <ChannelCost key={`${ch.channel}-${ch.accountId}`} ch={ch} />
          ))}
          {p.channels.length > 1 && <p className="small muted">{t('campaigns.cost.skippedMany')}</p>}
        </>
      )}
      {confirm === 'launch' && p && <LaunchConfirm c={c} p={p} onClose={() => setConfirm(null)} />}
      {confirm === 'cancel' && (
        <ActionConfirm
          title={t('campaigns.discardConfirm.title')}
          body={t('campaigns.discardConfirm.body', { name: c.name })}
          confirmLabel={t('campaigns.discard')}
          danger
          call={() => api.campaigns.cancel({ id: c.id })}
          onClose={() => setConfirm(null)}
        />
      )}
    </section>
  );
}

/** Launch (once the cost is known: the confirmation names it) and discarding the draft. */
function CostActions({ ready, onLaunch, onDiscard }: { ready: boolean; onLaunch: () => void; onDiscard: () => void }) {
  const t = useT();
  return (
    <div className="cost-actions">
      <Button icon="send" tone="primary" testId="campaign-launch" busy={!ready} onClick={() => ready && onLaunch()}>
        {t('campaigns.launch')}
      </Button>
      <Button icon="trash" tone="ghost" testId="campaign-discard" onClick={onDiscard}>
        {t('campaigns.discard')}
      </Button>
      <span className="small muted">{t('campaigns.cost.beforePayment')}</span>
    </div>
  );
}

/** One channel: what it sends, suppresses and skips, its parts, price and balance, and what made SMS UCS-2. */
function ChannelCost({ ch }: { ch: ChannelPreview }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const account = useChannels((s) => s.accounts.find((a) => a.id === ch.accountId));
  const n = (v: number) => formatNumber(locale, v);
  const sms = ch.channel === 'sms';
  const histogram = sms ? partsHistogram(ch.byParts) : [];
  return (
    <div className="channel-cost" data-testid="channel-cost" data-channel={ch.channel}>
      <h3 className="channel-cost-title">
        {t(`channel.${ch.channel}`)}
        <span className="muted small">{account?.name ?? `#${ch.accountId}`}</span>
      </h3>
      <dl className="cost-grid">
        <dt>{t('campaigns.cost.sendable')}</dt>
        <dd data-testid="cost-ch-sendable">{n(ch.sendable)}</dd>
        <dt>{t('campaigns.cost.suppressed')}</dt>
        <dd data-testid="cost-ch-suppressed">{n(ch.suppressed)}</dd>
        <dt>{t('campaigns.cost.skipped')}</dt>
        <dd data-testid="cost-ch-skipped">{n(ch.skipped)}</dd>
        <dt>{t('campaigns.cost.duplicates')}</dt>
        <dd data-testid="cost-ch-duplicates">{n(ch.duplicates)}</dd>
        {sms && (
          <>
            <dt>{t('campaigns.cost.parts')}</dt>
            <dd data-testid="cost-ch-parts">{n(ch.parts)}</dd>
          </>
        )}
        <dt>{t(sms ? 'campaigns.cost.pricePerPart' : 'campaigns.cost.pricePerMessage')}</dt>
        <dd data-testid="cost-ch-price">
          {ch.pricePerPart === null ? '—' : rub(locale, ch.pricePerPart)}
          <span className="muted small"> · {priceSourceText(t, ch.priceSource)}</span>
        </dd>
        <dt>{t('campaigns.cost.cost')}</dt>
        <dd data-testid="cost-ch-cost">{costText(t, locale, ch.cost)}</dd>
        <dt>{t('campaigns.cost.balance')}</dt>
        <dd data-testid="cost-ch-balance">
          {ch.balance ? rub(locale, ch.balance.amount) : t('campaigns.cost.balanceUnknown')}
        </dd>
        <dt>{t('campaigns.cost.balanceAfter')}</dt>
        <dd
          data-testid="cost-ch-balance-after"
          className={ch.balanceAfter !== null && ch.balanceAfter < 0 ? 'is-negative' : undefined}
        >
          {ch.balanceAfter === null ? '—' : rub(locale, ch.balanceAfter)}
        </dd>
      </dl>
      {histogram.length > 0 && (
        <div className="parts-histogram" data-testid="parts-histogram">
          <span className="field-label">{t('campaigns.cost.histogram')}</span>
          {histogram.map((r) => (
            <div key={r.parts} className="hbar-row" data-testid="parts-row" data-parts={r.parts}>
              <span className="hbar-label">{t('campaigns.cost.partsN', { parts: n(r.parts) })}</span>
              <span className="hbar-track">
                <span className="hbar-fill tone-progress" style={{ width: `${Math.max(1, r.fraction * 100)}%` }} />
              </span>
              <span className="hbar-value">{n(r.messages)}</span>
            </div>
          ))}
        </div>
      )}
      {ch.channel === 'sms' && ch.sendable > 0 && (
        <p className="small" data-testid="cost-ucs2">
          {t('campaigns.cost.ucs2', { count: n(ch.ucs2Messages), total: n(ch.sendable) })}
        </p>
      )}
      {ch.switchedToUcs2 > 0 && (
        <div className="switched" data-testid="cost-switched">
          <p className="small">{t('campaigns.cost.switched', { count: n(ch.switchedToUcs2) })}</p>
          <ul>
            {ch.switchedExamples.map((e, i) => (
              <li key={i} className="small" data-testid="cost-switched-example">
                {switchedExampleText(t, e)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function LaunchConfirm({ c, p, onClose }: { c: CampaignStatusView; p: CostPreview; onClose: () => void }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const { busy, error, run } = useSubmit();
  const warnings = moneyWarnings(t, locale, p);
  // Taken when the dialog opens: the wording does not flip while it is read.
  const [openedAt] = useState(() => Date.now());
  const later = c.repeat !== null || (c.sendAt !== null && Date.parse(c.sendAt) > openedAt);
  // A recurring campaign names its first run, the schedule, and that each run is paid for on its own.
  const first = c.repeat ? firstRun(c.repeat, new Date(openedAt)) : null;
  return (
    <ConfirmDialog
      title={t('campaigns.launchConfirm.title')}
      confirmLabel={later ? t('campaigns.launchConfirm.schedule') : t('campaigns.launchConfirm.go')}
      busy={busy}
      error={error}
      onClose={onClose}
      onConfirm={() =>
        run(
          () => api.campaigns.launch({ id: c.id }),
          (next) => {
            useCampaigns.getState().upsert(next);
            onClose();
          },
        )
      }
      body={
        <div className="launch-confirm" data-testid="launch-confirm">
          <p>
            {t(hasSms(p) ? 'campaigns.launchConfirm.body' : 'campaigns.launchConfirm.bodyNoSms', {
              name: c.name,
              count: formatNumber(locale, totalSendable(p)),
              parts: formatNumber(locale, totalParts(p)),
            })}
          </p>
          <p className="launch-cost" data-testid="launch-cost">
            {t('campaigns.launchConfirm.cost', { cost: costText(t, locale, p.cost) })}
          </p>
          {c.repeat ? (
            <>
              <p className="small" data-testid="launch-first-run">
                {t('campaigns.launchConfirm.firstRun', {
                  time: first ? formatInZone(first, c.repeat.timeZone, locale) : t('campaigns.nextRunNone'),
                  schedule: cronHint(t, c.repeat.cron) ?? c.repeat.cron,
                })}
              </p>
              <p className="small muted">{t('campaigns.launchConfirm.eachRun')}</p>
            </>
          ) : (
            <p className="small muted">
              {later && c.sendAt
                ? t('campaigns.launchConfirm.at', { time: formatInZone(new Date(c.sendAt), localZone(), locale) })
                : t('campaigns.launchConfirm.now')}
            </p>
          )}
          {warnings.map((w) => (
            <p key={w} className="warning is-danger small" data-testid="launch-warning">
              {w}
            </p>
          ))}
        </div>
      }
    />
  );
}
