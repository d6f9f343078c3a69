import { useEffect, useState } from 'react';
import type { CampaignStatusView } from '../../../../shared/domain/campaigns';
import type { Contact } from '../../../../shared/domain/contact';
import { formatInZone } from '../../../../shared/domain/schedule';
import type { Result } from '../../../../shared/ipc/result';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { ConfirmDialog, FormError } from '../../components/Modal';
import { useSubmit } from '../../components/use-submit';
import { errorText, formatNumber } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useCampaigns } from '../../stores/campaigns';
import { useChannels } from '../../stores/channels';
import { useUi } from '../../stores/ui';
import { formatTime } from '../channels/status';
import { actionsFor, countBars, progress, reasonText, stateText, stateTone } from './campaign-view';
import {
  costText,
  moneyWarnings,
  partsHistogram,
  priceSourceText,
  renderedSummary,
  rub,
  switchedExampleText,
  totalParts,
  totalSendable,
  warningView,
  type ChannelPreview,
  type CostPreview,
  type Rendered,
} from './preview-format';

const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

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
          <RenderPreview id={c.id} />
          <CostPanel c={c} />
        </div>
      ) : (
        <StatusPanel c={c} />
      )}
    </div>
  );
}

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
          {c.sendAt ? formatInZone(new Date(c.sendAt), zone(), locale) : t('campaigns.sendAtLaunch')}
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

// ---------- Before launch: the exact message for a contact ----------

type Found = { state: 'loading' } | { state: 'ready'; rows: Contact[] } | { state: 'error'; message: string };

const contactName = (c: Contact): string => [c.lastName, c.firstName, c.middleName].filter((s) => s.trim()).join(' ');

function RenderPreview({ id }: { id: number }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found>({ state: 'loading' });
  const [picked, setPicked] = useState<Contact | null>(null);
  const [rendered, setRendered] = useState<Rendered | null>(null);
  const [renderError, setRenderError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const q = query.trim();
    void api.contacts.list({ query: q || undefined, limit: 6, offset: 0 }).then((res) => {
      if (!live) return;
      setFound(
        res.ok ? { state: 'ready', rows: res.value.rows } : { state: 'error', message: errorText(t, res.error) },
      );
    });
    return () => {
      live = false;
    };
  }, [query, t]);

  useEffect(() => {
    if (!picked) return;
    let live = true;
    void api.campaigns.render({ id, contactId: picked.id }).then((res) => {
      if (!live) return;
      if (res.ok) {
        setRendered(res.value);
        setRenderError(null);
      } else setRenderError(errorText(t, res.error));
    });
    return () => {
      live = false;
    };
  }, [id, picked, t]);

  return (
    <section className="panel render-panel" data-testid="render-panel">
      <h2 className="panel-title">{t('campaigns.render.title')}</h2>
      <input
        className="input"
        type="search"
        value={query}
        placeholder={t('campaigns.render.search')}
        aria-label={t('campaigns.render.search')}
        data-testid="render-search"
        onChange={(e) => setQuery(e.target.value)}
      />
      <ul className="render-contacts" data-testid="render-contacts" data-state={found.state}>
        {found.state === 'ready' && found.rows.length === 0 && (
          <li className="muted small">{t('campaigns.render.nothing')}</li>
        )}
        {found.state === 'ready' &&
          found.rows.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className={picked?.id === c.id ? 'render-contact is-on' : 'render-contact'}
                aria-pressed={picked?.id === c.id}
                data-testid="render-contact"
                onClick={() => setPicked(c)}
              >
                <span className="render-contact-name">{contactName(c) || t('campaigns.render.noName')}</span>
                <span className="muted small">{c.phone ?? c.email ?? '—'}</span>
              </button>
            </li>
          ))}
      </ul>
      {found.state === 'error' && <FormError error={found.message} />}
      <FormError error={renderError} testId="render-error" />
      {picked && rendered ? (
        <div className="rendered" data-testid="rendered" data-parts={rendered.parts} data-encoding={rendered.encoding}>
          <span className="field-label">
            {t('campaigns.render.for', { name: contactName(picked) || t('campaigns.render.noName') })}
          </span>
          {rendered.subject !== null && (
            <p className="rendered-subject" data-testid="rendered-subject">
              {rendered.subject}
            </p>
          )}
          <p className="rendered-text" data-testid="rendered-text">
            {rendered.text}
          </p>
          <p className="small muted" data-testid="rendered-summary">
            {renderedSummary(t, locale, rendered)}
          </p>
        </div>
      ) : (
        <p className="muted small">{t('campaigns.render.pick')}</p>
      )}
    </section>
  );
}

// ---------- Before launch: the cost ----------

type Cost = { state: 'loading' } | { state: 'ready'; preview: CostPreview } | { state: 'error'; message: string };

function CostPanel({ c }: { c: CampaignStatusView }) {
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
            <div>
              <dt>{t('campaigns.cost.parts')}</dt>
              <dd data-testid="cost-parts">{formatNumber(locale, totalParts(p))}</dd>
            </div>
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

function ChannelCost({ ch }: { ch: ChannelPreview }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const account = useChannels((s) => s.accounts.find((a) => a.id === ch.accountId));
  const n = (v: number) => formatNumber(locale, v);
  const histogram = partsHistogram(ch.byParts);
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
        <dt>{t('campaigns.cost.parts')}</dt>
        <dd data-testid="cost-ch-parts">{n(ch.parts)}</dd>
        <dt>{t('campaigns.cost.pricePerPart')}</dt>
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
  const later = c.sendAt !== null && Date.parse(c.sendAt) > openedAt;
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
            {t('campaigns.launchConfirm.body', {
              name: c.name,
              count: formatNumber(locale, totalSendable(p)),
              parts: formatNumber(locale, totalParts(p)),
            })}
          </p>
          <p className="launch-cost" data-testid="launch-cost">
            {t('campaigns.launchConfirm.cost', { cost: costText(t, locale, p.cost) })}
          </p>
          <p className="small muted">
            {later && c.sendAt
              ? t('campaigns.launchConfirm.at', { time: formatInZone(new Date(c.sendAt), zone(), locale) })
              : t('campaigns.launchConfirm.now')}
          </p>
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

function ActionConfirm({
  title,
  body,
  confirmLabel,
  danger,
  call,
  onClose,
  onDone,
}: {
  title: string;
  body: string;
  confirmLabel: string;
  danger?: boolean;
  call: () => Promise<Result<CampaignStatusView>>;
  onClose: () => void;
  onDone?: (c: CampaignStatusView) => void;
}) {
  const { busy, error, run } = useSubmit();
  return (
    <ConfirmDialog
      title={title}
      body={body}
      confirmLabel={confirmLabel}
      danger={danger}
      busy={busy}
      error={error}
      onClose={onClose}
      onConfirm={() =>
        run(call, (next) => {
          useCampaigns.getState().upsert(next);
          onDone?.(next);
          onClose();
        })
      }
    />
  );
}

// ---------- After launch: statuses and actions ----------

function StatusPanel({ c }: { c: CampaignStatusView }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const showToast = useUi((s) => s.showToast);
  const [confirm, setConfirm] = useState<'cancel' | 'failed' | 'unknown' | null>(null);
  const quick = useSubmit();
  const bars = countBars(t, c.counts);
  const { done, total } = progress(c.counts);
  const actions = actionsFor(c);
  const n = (v: number) => formatNumber(locale, v);
  const act = (call: () => Promise<Result<CampaignStatusView>>) =>
    quick.run(call, (next) => useCampaigns.getState().upsert(next));

  return (
    <section className="panel status-panel" data-testid="status-panel">
      <h2 className="panel-title">{t('campaigns.status.title')}</h2>
      <div className="run-progress" data-testid="campaign-progress" data-done={done} data-total={total}>
        <div className="run-progress-text">
          <span>
            {total > 0
              ? t('campaigns.status.progress', { done: n(done), total: n(total) })
              : t('campaigns.status.preparing')}
          </span>
          <span className="muted small" data-testid="campaign-spent">
            {t('campaigns.status.spent', { parts: n(c.parts), cost: rub(locale, c.cost) })}
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
          body={t('campaigns.cancelConfirm.body', { name: c.name, queued: n(c.counts.queued ?? 0) })}
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
