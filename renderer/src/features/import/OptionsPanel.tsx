import { LIMITS } from '../../../../shared/domain/contact';
import { DUPLICATE_MODES, type DuplicateMode } from '../../../../shared/domain/import';
import { TextField } from '../../components/TextField';
import { formatNumber } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useGroups } from '../../stores/groups';
import { useImport, type GroupChoice } from '../../stores/import';
import { useUi } from '../../stores/ui';
import { regionName } from './messages';

/** Countries offered for numbers written without a country code, with their calling codes. */
export const REGIONS: readonly (readonly [string, string])[] = [
  ['RU', '7'],
  ['BY', '375'],
  ['KZ', '7'],
  ['UZ', '998'],
  ['UA', '380'],
  ['AM', '374'],
  ['GE', '995'],
  ['KG', '996'],
  ['TJ', '992'],
  ['AZ', '994'],
  ['MD', '373'],
  ['DE', '49'],
  ['US', '1'],
];

const HINTS = {
  skip: 'import.duplicates.skipHint',
  fill: 'import.duplicates.fillHint',
  overwrite: 'import.duplicates.overwriteHint',
} as const satisfies Record<DuplicateMode, string>;

/** Duplicates, the region of numbers without a country code, and the group the contacts go into. */
export function OptionsPanel({ groupError }: { groupError: string | null }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const options = useImport((s) => s.options);
  const setOptions = useImport((s) => s.setOptions);
  const groups = useGroups((s) => s.groups);
  const group = options.group;
  const setGroup = (g: GroupChoice) => setOptions({ group: g });

  return (
    <div className="import-options">
      <fieldset className="option-card" data-testid="import-duplicates">
        <legend className="option-title">{t('import.duplicates.title')}</legend>
        <div className="option-choices">
          {DUPLICATE_MODES.map((mode) => (
            <label key={mode} className={options.duplicates === mode ? 'choice is-checked' : 'choice'}>
              <input
                type="radio"
                name="duplicates"
                checked={options.duplicates === mode}
                data-testid={`import-duplicates-${mode}`}
                onChange={() => setOptions({ duplicates: mode })}
              />
              <span className="choice-text">
                <span className="choice-name">{t(`import.duplicates.${mode}`)}</span>
                <span className="choice-hint">{t(HINTS[mode])}</span>
              </span>
            </label>
          ))}
        </div>
        <p className="option-note">{t('import.duplicates.note')}</p>
      </fieldset>

      <fieldset className="option-card">
        <legend className="option-title">{t('import.region.title')}</legend>
        <label className="field">
          <span className="field-label">{t('import.region.label')}</span>
          <select
            className="input"
            value={options.region}
            data-testid="import-region"
            onChange={(e) => setOptions({ region: e.target.value })}
          >
            {REGIONS.map(([code, dial]) => (
              <option key={code} value={code}>
                {`${regionName(locale, code)} (+${dial})`}
              </option>
            ))}
          </select>
          <span className="field-hint">{t('import.region.hint')}</span>
        </label>
      </fieldset>

      <fieldset className="option-card" data-testid="import-group">
        <legend className="option-title">{t('import.group.title')}</legend>
        <div className="option-choices">
          <label className={group.kind === 'none' ? 'choice is-checked' : 'choice'}>
            <input
              type="radio"
              name="group"
              checked={group.kind === 'none'}
              data-testid="import-group-none"
              onChange={() => setGroup({ kind: 'none' })}
            />
            <span className="choice-name">{t('import.group.none')}</span>
          </label>
          <label
            className={
              group.kind === 'existing' ? 'choice is-checked' : groups.length === 0 ? 'choice is-disabled' : 'choice'
            }
          >
            <input
              type="radio"
              name="group"
              checked={group.kind === 'existing'}
              disabled={groups.length === 0}
              data-testid="import-group-existing"
              onChange={() => setGroup({ kind: 'existing', id: groups[0]?.id ?? null })}
            />
            <span className="choice-name">
              {t('import.group.existing')}
              {groups.length === 0 && <span className="choice-hint"> — {t('import.group.noGroups')}</span>}
            </span>
          </label>
          {group.kind === 'existing' && (
            <select
              className="input option-indent"
              value={group.id ?? ''}
              aria-label={t('import.group.pick')}
              data-testid="import-group-select"
              onChange={(e) => setGroup({ kind: 'existing', id: Number(e.target.value) })}
            >
              {groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {`${g.name} (${formatNumber(locale, g.size)})`}
                </option>
              ))}
            </select>
          )}
          <label className={group.kind === 'new' ? 'choice is-checked' : 'choice'}>
            <input
              type="radio"
              name="group"
              checked={group.kind === 'new'}
              data-testid="import-group-new"
              onChange={() => setGroup({ kind: 'new', name: group.kind === 'new' ? group.name : '' })}
            />
            <span className="choice-name">{t('import.group.new')}</span>
          </label>
          {group.kind === 'new' && (
            <div className="option-indent">
              <TextField
                label={t('group.name')}
                value={group.name}
                maxLength={LIMITS.groupName}
                placeholder={t('group.namePlaceholder')}
                error={groupError}
                errorTestId="import-group-name-error"
                testId="import-group-name"
                autoFocus
                onChange={(name) => setGroup({ kind: 'new', name })}
              />
            </div>
          )}
        </div>
        {group.kind !== 'none' && <p className="option-note">{t('import.group.hint')}</p>}
      </fieldset>
    </div>
  );
}
