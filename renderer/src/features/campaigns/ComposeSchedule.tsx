import { useMemo } from 'react';
import { formatZoneLabel } from '../../../../shared/domain/schedule';
import { useT } from '../../i18n/use-t';
import { useUi } from '../../stores/ui';
import type { ComposeSectionProps } from './compose-shared';
import { localZone } from './local-zone';
import {
  CRON_PRESETS,
  RUSSIAN_ZONES,
  allTimeZones,
  capitalized,
  checkSchedule,
  cronHint,
  problemText,
  runsText,
} from './schedule-view';

/**
 * "По расписанию": presets, the cron expression, its zone (the computer's by default) and, live as it is
 * typed, either the next three runs in that zone or what is wrong with the expression, in the user's language.
 * While it is wrong the form cannot be saved (ComposeCampaign). A campaign sheet, whose rows carry their own
 * times, is not offered on this screen, and the core refuses it a schedule: the hint says so.
 */
export function ComposeSchedule({ v, set }: ComposeSectionProps) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  // Checked again when the expression or the zone changes; the runs are counted from that moment.
  const check = useMemo(() => checkSchedule(v.cron, v.timeZone, new Date()), [v.cron, v.timeZone]);
  const hint = check.ok ? cronHint(t, check.schedule) : null;
  const runs = check.ok ? runsText(check.next, v.timeZone, locale) : null;
  return (
    <div className="schedule-fields" data-testid="compose-schedule">
      <div className="schedule-presets" role="group" aria-label={t('campaigns.repeat.presets')}>
        <span className="field-label">{t('campaigns.repeat.presets')}</span>
        {CRON_PRESETS.map((cron) => (
          <button
            key={cron}
            type="button"
            className={v.cron.trim() === cron ? 'chip-button is-on' : 'chip-button'}
            aria-pressed={v.cron.trim() === cron}
            data-testid="compose-cron-preset"
            data-cron={cron}
            onClick={() => set({ cron })}
          >
            {capitalized(cronHint(t, cron) ?? cron)}
          </button>
        ))}
      </div>
      <div className="form-row schedule-row">
        <label className="field cron-field">
          <span className="field-label">{t('campaigns.repeat.cron')}</span>
          <input
            className={check.ok ? 'input cron-input' : 'input cron-input has-error'}
            value={v.cron}
            maxLength={200}
            spellCheck={false}
            autoComplete="off"
            placeholder={CRON_PRESETS[0]}
            aria-invalid={!check.ok}
            data-testid="compose-cron"
            onChange={(e) => set({ cron: e.target.value })}
          />
        </label>
        <label className="field zone-field">
          <span className="field-label">{t('campaigns.repeat.zone')}</span>
          <ZoneSelect value={v.timeZone} onChange={(timeZone) => set({ timeZone })} />
        </label>
      </div>
      {check.ok ? (
        <>
          {hint && (
            <span className="field-hint schedule-means" data-testid="compose-cron-hint">
              {t('campaigns.repeat.means', { hint })}
            </span>
          )}
          {runs && runs.runs.length > 0 && (
            <p className="schedule-next" data-testid="compose-next-runs">
              {t('campaigns.repeat.next', { zone: runs.zone })}{' '}
              {runs.runs.map((r, i) => (
                <span key={r}>
                  {i > 0 && ' · '}
                  <span className="schedule-run">{r}</span>
                </span>
              ))}
            </p>
          )}
        </>
      ) : (
        <span className="field-error" role="alert" data-testid="compose-cron-error">
          {problemText(t, locale, check.problem)}
        </span>
      )}
      <span className="field-hint">{t('campaigns.repeat.cronHint')}</span>
      <span className="field-hint">{t('campaigns.repeat.noSheet')}</span>
    </div>
  );
}

/** The computer's zone first, then Russia's west to east, then every zone the runtime knows. */
function ZoneSelect({ value, onChange }: { value: string; onChange: (zone: string) => void }) {
  const t = useT();
  const { here, russia, rest } = useMemo(() => {
    const now = new Date();
    const here = localZone();
    const russia = RUSSIAN_ZONES.filter((z) => z !== here).map((z) => ({ zone: z, label: formatZoneLabel(now, z) }));
    const rest = allTimeZones().filter((z) => z !== here && !RUSSIAN_ZONES.includes(z));
    return { here: { zone: here, label: formatZoneLabel(now, here) }, russia, rest };
  }, []);
  const known = value === here.zone || russia.some((r) => r.zone === value) || rest.includes(value);
  return (
    <select
      className="input"
      value={value}
      data-testid="compose-zone"
      aria-label={t('campaigns.repeat.zone')}
      onChange={(e) => onChange(e.target.value)}
    >
      <option value={here.zone}>{t('campaigns.repeat.zoneHere', { zone: here.label })}</option>
      {!known && <option value={value}>{value}</option>}
      <optgroup label={t('campaigns.repeat.zonesRussia')}>
        {russia.map((r) => (
          <option key={r.zone} value={r.zone}>
            {r.label}
          </option>
        ))}
      </optgroup>
      <optgroup label={t('campaigns.repeat.zonesAll')}>
        {rest.map((z) => (
          <option key={z} value={z}>
            {z}
          </option>
        ))}
      </optgroup>
    </select>
  );
}
