import { formatInZone } from '../../../../shared/domain/schedule';
import { Switch } from '../../components/Switch';
import { useT } from '../../i18n/use-t';
import { useUi } from '../../stores/ui';
import { localIso, suggestedLater, zoneLabel } from '../channels/send-form';
import { ComposeSchedule } from './ComposeSchedule';
import { DEFAULT_GRACE, GRACE_MAX } from './compose-form';
import { Foot, type ComposeSectionProps } from './compose-shared';
import { localZone } from './local-zone';
import { CRON_PRESETS } from './schedule-view';

const WHEN_KEYS = {
  now: 'campaigns.when.now',
  later: 'campaigns.when.later',
  repeat: 'campaigns.when.repeat',
} as const;

/**
 * The rules: marketing and its quiet hours, a budget, and when to send — at launch, at a date and time, or on
 * a schedule (ComposeSchedule) — with the grace period of a scheduled send.
 */
export function ComposeRules({ v, set, err }: ComposeSectionProps) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const laterIso = v.when === 'later' ? localIso(v.date, v.time) : null;
  return (
    <section className="panel compose-section" data-testid="compose-rules">
      <h2 className="panel-title">{t('campaigns.compose.rules')}</h2>
      <Switch
        checked={v.marketing}
        label={t('campaigns.marketing')}
        hint={t(v.marketing ? 'campaigns.marketingOnHint' : 'campaigns.marketingOffHint')}
        testId="compose-marketing"
        onChange={(marketing) => set({ marketing })}
      />
      {v.marketing && (
        <div className="quiet-hours">
          <span>{t('campaigns.quiet.from')}</span>
          <input
            className={err('quietHours') ? 'input has-error' : 'input'}
            type="time"
            value={v.quietFrom}
            aria-label={t('campaigns.quiet.fromLabel')}
            data-testid="compose-quiet-from"
            onChange={(e) => set({ quietFrom: e.target.value })}
          />
          <span>{t('campaigns.quiet.to')}</span>
          <input
            className={err('quietHours') ? 'input has-error' : 'input'}
            type="time"
            value={v.quietTo}
            aria-label={t('campaigns.quiet.toLabel')}
            data-testid="compose-quiet-to"
            onChange={(e) => set({ quietTo: e.target.value })}
          />
          <span className="muted small">{t('campaigns.quiet.zone')}</span>
        </div>
      )}
      <Foot error={err('quietHours')} />
      <label className="field budget-field">
        <span className="field-label">{t('campaigns.budget')}</span>
        <input
          className={err('budget') ? 'input has-error' : 'input'}
          value={v.budget}
          inputMode="decimal"
          placeholder={t('campaigns.budgetPlaceholder')}
          data-testid="compose-budget"
          onChange={(e) => set({ budget: e.target.value })}
        />
        {err('budget') ? (
          <Foot error={err('budget')} />
        ) : (
          <span className="field-hint">{t('campaigns.budgetHint')}</span>
        )}
      </label>
      <div className="field">
        <span className="field-label" id="compose-when-label">
          {t('campaigns.when')}
        </span>
        <div className="segmented" role="radiogroup" aria-labelledby="compose-when-label">
          {(['now', 'later', 'repeat'] as const).map((w) => (
            <button
              key={w}
              type="button"
              role="radio"
              aria-checked={v.when === w}
              className={v.when === w ? 'segment is-on' : 'segment'}
              data-testid={`compose-when-${w}`}
              onClick={() =>
                set(
                  w === 'later' && !v.date
                    ? { when: w, ...suggestedLater(new Date()) }
                    : w === 'repeat' && !v.cron.trim()
                      ? { when: w, cron: CRON_PRESETS[0] }
                      : { when: w },
                )
              }
            >
              {t(WHEN_KEYS[w])}
            </button>
          ))}
        </div>
        {v.when === 'later' && (
          <div className="later-fields">
            <input
              className={err('when') ? 'input has-error' : 'input'}
              type="date"
              value={v.date}
              aria-label={t('test.laterDate')}
              data-testid="compose-date"
              onChange={(e) => set({ date: e.target.value })}
            />
            <input
              className={err('when') ? 'input has-error' : 'input'}
              type="time"
              value={v.time}
              aria-label={t('test.laterTime')}
              data-testid="compose-time"
              onChange={(e) => set({ time: e.target.value })}
            />
            <span className="field-hint" data-testid="compose-when-zone">
              {laterIso
                ? formatInZone(new Date(laterIso), localZone(), locale)
                : t('test.laterZone', { zone: zoneLabel(new Date()) })}
            </span>
          </div>
        )}
        {v.when === 'repeat' && <ComposeSchedule v={v} set={set} err={err} />}
        <span className="field-hint">
          {t(
            v.when === 'now'
              ? 'campaigns.when.nowHint'
              : v.when === 'later'
                ? 'campaigns.when.laterHint'
                : 'campaigns.when.repeatHint',
          )}
        </span>
        <Foot error={err('when')} />
      </div>
      {v.when !== 'now' && (
        <label className="field grace-field">
          <span className="field-label">{t('campaigns.grace')}</span>
          <input
            className={err('grace') ? 'input has-error' : 'input'}
            type="number"
            min={0}
            max={GRACE_MAX}
            step={1}
            inputMode="numeric"
            value={v.grace}
            placeholder={String(DEFAULT_GRACE)}
            data-testid="compose-grace"
            onChange={(e) => set({ grace: e.target.value })}
          />
          {err('grace') ? (
            <Foot error={err('grace')} />
          ) : (
            <span className="field-hint">{t('campaigns.graceHint')}</span>
          )}
        </label>
      )}
    </section>
  );
}
