import { useEffect, useState } from 'react';
import type { FileRef } from '../../../../shared/domain/import';
import type { RecipientList, SheetCheck } from '../../../../shared/domain/sheets';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { FormError } from '../../components/Modal';
import { formatNumber, type Translate } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useUi } from '../../stores/ui';
import { importErrorText } from '../import/messages';
import { ChooseFile } from './ChooseFile';
import { Foot, type ComposeSectionProps } from './compose-shared';

const stem = (name: string) => name.replace(/\.[^.]*$/, '').trim() || name;

/** Why a row of the sheet was refused, in the user's language. */
export function sheetReasonText(t: Translate, r: SheetCheck['rejected'][number]): string {
  return t(r.kind === 'number' ? 'campaigns.sheet.badNumber' : 'campaigns.sheet.badTime', { value: r.value });
}

/**
 * The audience from a campaign sheet (number; send time; var1; var2…): a list saved earlier, or a file chosen
 * right here — checked first, every refused row by its number and why, repeated numbers, a sample of what it
 * holds — then saved as a recipient list and taken as the audience. Each row keeps its own send time and its
 * {var1}… values.
 */
export function ComposeSheet({ v, set, err }: ComposeSectionProps) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const [lists, setLists] = useState<RecipientList[] | null>(null);
  const [file, setFile] = useState<FileRef | null>(null);
  const [check, setCheck] = useState<SheetCheck | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState<'reading' | 'saving' | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api.sheets.list({}).then((res) => {
      if (live && res.ok) setLists(res.value);
    });
    return () => {
      live = false;
    };
  }, []);

  const choose = (list: RecipientList | null) =>
    set({ listId: list?.id ?? null, sheetVariables: list?.variables ?? 0 });

  const save = () => {
    if (!file || !check || busy) return;
    setBusy('saving');
    void api.sheets.save({ handle: file.handle, name: name.trim() || stem(file.name) }).then((res) => {
      setBusy(null);
      if (!res.ok) return setError(importErrorText(t, locale, res.error));
      setLists((prev) => [res.value.list, ...(prev ?? [])]);
      set({ listId: res.value.list.id, sheetVariables: res.value.check.variables });
      setFile(null);
      setCheck(null);
    });
  };

  const chosen = lists?.find((l) => l.id === v.listId) ?? null;
  return (
    <div className="sheet-audience" data-testid="compose-sheet" data-list={v.listId ?? ''}>
      <div className="sheet-audience-row">
        <select
          className={err('audience') ? 'input has-error audience-select' : 'input audience-select'}
          value={v.listId ?? ''}
          aria-label={t('campaigns.sheet.pick')}
          data-testid="compose-sheet-list"
          onChange={(e) => choose(lists?.find((l) => l.id === Number(e.target.value)) ?? null)}
        >
          <option value="">
            {lists && lists.length === 0 ? t('campaigns.sheet.noLists') : t('campaigns.sheet.pick')}
          </option>
          {(lists ?? []).map((l) => (
            <option key={l.id} value={l.id}>
              {t('campaigns.sheet.listOption', { name: l.name, rows: formatNumber(locale, l.rows) })}
            </option>
          ))}
        </select>
        <span className="muted small">{t('campaigns.sheet.or')}</span>
        <ChooseFile
          kind="sheet"
          label={busy === 'reading' ? t('campaigns.sheet.reading') : t('campaigns.sheet.upload')}
          testId="compose-sheet-file"
          busy={busy !== null}
          onStart={() => {
            setBusy('reading');
            setError(null);
            setCheck(null);
          }}
          onFile={(res) => {
            if (!res.ok) {
              setBusy(null);
              return setError(importErrorText(t, locale, res.error));
            }
            if (res.value === null) return setBusy(null);
            const ref = res.value;
            void api.sheets.check({ handle: ref.handle }).then((r) => {
              setBusy(null);
              if (!r.ok) return setError(importErrorText(t, locale, r.error));
              setFile(ref);
              setCheck(r.value);
              setName(stem(ref.name));
            });
          }}
        />
      </div>
      <Foot error={err('audience')} />
      <FormError error={error} testId="compose-sheet-error" />
      {chosen && !check && (
        <p className="small muted" data-testid="compose-sheet-chosen">
          {t('campaigns.sheet.chosen', { name: chosen.name, rows: formatNumber(locale, chosen.rows) })}
        </p>
      )}
      {check && file && (
        <SheetReport
          check={check}
          name={name}
          onName={setName}
          saving={busy === 'saving'}
          onSave={save}
          onDiscard={() => {
            setCheck(null);
            setFile(null);
          }}
        />
      )}
      <span className="field-hint">{t('campaigns.sheet.hint')}</span>
    </div>
  );
}

function SheetReport({
  check,
  name,
  onName,
  saving,
  onSave,
  onDiscard,
}: {
  check: SheetCheck;
  name: string;
  onName: (name: string) => void;
  saving: boolean;
  onSave: () => void;
  onDiscard: () => void;
}) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const n = (x: number) => formatNumber(locale, x);
  return (
    <div
      className="sheet-report"
      data-testid="compose-sheet-report"
      data-valid={check.valid}
      data-rejected={check.rejectedTotal}
    >
      <p className="sheet-report-summary" data-testid="compose-sheet-summary">
        {t('campaigns.sheet.summary', {
          file: check.fileName,
          valid: n(check.valid),
          rejected: n(check.rejectedTotal),
          duplicates: n(check.duplicatesTotal),
        })}
      </p>
      {check.sample.length > 0 && (
        <div className="sheet-table-wrap">
          <table className="sheet-table" data-testid="compose-sheet-sample">
            <thead>
              <tr>
                <th>{t('campaigns.sheet.colRow')}</th>
                <th>{t('campaigns.sheet.colPhone')}</th>
                <th>{t('campaigns.sheet.colTime')}</th>
                {Array.from({ length: check.variables }, (_, i) => (
                  <th key={i}>{`{var${i + 1}}`}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {check.sample.map((r) => (
                <tr key={r.row}>
                  <td>{r.row}</td>
                  <td>{r.phone}</td>
                  <td>{r.sendAtLocal}</td>
                  {Array.from({ length: check.variables }, (_, i) => (
                    <td key={i}>{r.vars[i] ?? ''}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {check.rejected.length > 0 && (
        <div className="sheet-rejected">
          <span className="field-label">{t('campaigns.sheet.rejectedTitle')}</span>
          <ul className="sheet-rejected-list" data-testid="compose-sheet-rejected">
            {check.rejected.map((r) => (
              <li key={r.row} data-testid="compose-sheet-rejected-row" data-row={r.row}>
                <span className="sheet-row-number">{t('campaigns.sheet.row', { row: r.row })}</span>{' '}
                {sheetReasonText(t, r)}
              </li>
            ))}
          </ul>
          {check.rejectedTotal > check.rejected.length && (
            <p className="small muted">
              {t('campaigns.sheet.moreRejected', { count: n(check.rejectedTotal - check.rejected.length) })}
            </p>
          )}
        </div>
      )}
      {check.duplicates.length > 0 && (
        <p className="small muted" data-testid="compose-sheet-duplicates">
          {t('campaigns.sheet.duplicates', {
            rows: check.duplicates
              .slice(0, 10)
              .map((d) => t('campaigns.sheet.duplicate', { row: d.row, first: d.firstRow }))
              .join(', '),
          })}
        </p>
      )}
      {check.valid > 0 ? (
        <div className="sheet-save">
          <label className="field">
            <span className="field-label">{t('campaigns.sheet.name')}</span>
            <input
              className="input"
              value={name}
              maxLength={200}
              data-testid="compose-sheet-name"
              onChange={(e) => onName(e.target.value)}
            />
          </label>
          <Button icon="check" tone="primary" small busy={saving} testId="compose-sheet-save" onClick={onSave}>
            {saving ? t('campaigns.sheet.saving') : t('campaigns.sheet.save')}
          </Button>
          <Button icon="close" tone="ghost" small testId="compose-sheet-discard" onClick={onDiscard}>
            {t('campaigns.sheet.discard')}
          </Button>
        </div>
      ) : (
        <p className="form-error" role="alert">
          {t('campaigns.sheet.noValid')}
        </p>
      )}
    </div>
  );
}
