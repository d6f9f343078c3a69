import { formatNumber } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useGroups } from '../../stores/groups';
import { useUi } from '../../stores/ui';
import type { AudienceChoice } from './compose-form';
import { Foot, type ComposeSectionProps } from './compose-shared';
import { ComposeSheet } from './ComposeSheet';

/**
 * Who gets it: the whole base, a group, a segment, the contacts ticked when the form opened, or a campaign
 * sheet (ComposeSheet) with each row's own send time and values.
 */
export function ComposeAudience({ v, set, err }: ComposeSectionProps) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const groups = useGroups((s) => s.groups);
  const segments = useGroups((s) => s.segments);
  return (
    <section className="panel compose-section" data-testid="compose-audience">
      <h2 className="panel-title">{t('campaigns.compose.audience')}</h2>
      <div className="segmented" role="radiogroup" aria-label={t('campaigns.compose.audience')}>
        {(['all', 'group', 'segment', 'contacts', 'sheet'] as const satisfies readonly AudienceChoice[]).map((a) => {
          const disabled =
            (a === 'group' && groups.length === 0) ||
            (a === 'segment' && segments.length === 0) ||
            (a === 'contacts' && v.contactIds.length === 0);
          return (
            <button
              key={a}
              type="button"
              role="radio"
              aria-checked={v.audience === a}
              className={v.audience === a ? 'segment is-on' : 'segment'}
              disabled={disabled}
              title={disabled ? t(`campaigns.audience.${a}None`) : undefined}
              data-testid={`compose-audience-${a}`}
              onClick={() => set({ audience: a })}
            >
              {a === 'contacts'
                ? t('campaigns.audience.contactsCount', { count: formatNumber(locale, v.contactIds.length) })
                : t(`campaigns.audience.${a}`)}
            </button>
          );
        })}
      </div>
      {v.audience === 'group' && (
        <select
          className={err('audience') ? 'input has-error audience-select' : 'input audience-select'}
          value={v.groupId ?? ''}
          aria-label={t('campaigns.audience.group')}
          data-testid="compose-group"
          onChange={(e) => set({ groupId: e.target.value ? Number(e.target.value) : null })}
        >
          <option value="">{t('campaigns.audience.pickGroup')}</option>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {`${g.name} (${formatNumber(locale, g.size)})`}
            </option>
          ))}
        </select>
      )}
      {v.audience === 'segment' && (
        <select
          className={err('audience') ? 'input has-error audience-select' : 'input audience-select'}
          value={v.segmentId ?? ''}
          aria-label={t('campaigns.audience.segment')}
          data-testid="compose-segment"
          onChange={(e) => set({ segmentId: e.target.value ? Number(e.target.value) : null })}
        >
          <option value="">{t('campaigns.audience.pickSegment')}</option>
          {segments.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      )}
      {v.audience === 'sheet' ? (
        <ComposeSheet v={v} set={set} err={err} />
      ) : (
        <>
          <Foot error={err('audience')} />
          <span className="field-hint">
            {t(v.audience === 'contacts' ? 'campaigns.audience.contactsHint' : 'campaigns.audience.hint')}
          </span>
        </>
      )}
    </section>
  );
}
