import { useEffect, useState } from 'react';
import { BUILTIN_VARIABLES, VARIABLE_LABELS } from '../../../../shared/domain/template';
import { useT } from '../../i18n/use-t';
import { useChannels } from '../../stores/channels';
import { useUi } from '../../stores/ui';
import { fetchTemplates, type Templates } from '../channels/Composer';
import { mappedBody } from './compose-content';
import { Foot, type ComposeSectionProps } from './compose-shared';
import { useVariableToken } from './VariableChips';

const CUSTOM = '';

/**
 * WhatsApp: an approved template of the account (paged, as the provider lists them), its body with {{1}}…{{n}},
 * and what fills each: a field of the contact, a value of the campaign sheet's row, or a text of one's own —
 * any text with variables, e.g. "{first_name|друг}". The contact preview shows the template filled in.
 */
export function ComposeWhatsApp({ v, set, err, problems }: ComposeSectionProps & { problems: readonly number[] }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const token = useVariableToken();
  const accountId = v.channels.find((r) => r.channel === 'whatsapp')?.accountId ?? null;
  const account = useChannels((s) => s.accounts.find((a) => a.id === accountId) ?? null);
  const [list, setList] = useState<Templates>({ state: 'loading', items: [], total: null });

  useEffect(() => {
    if (accountId === null) return;
    let live = true;
    // The section is keyed by the account (ComposeCampaign), so this fetches the first page once per account.
    void fetchTemplates(t, accountId, []).then((next) => {
      if (live) setList(next);
    });
    return () => {
      live = false;
    };
  }, [t, accountId]);

  const fields = [
    ...BUILTIN_VARIABLES.map((name) => ({ value: token(name), label: VARIABLE_LABELS[name][locale] })),
    ...Array.from({ length: v.audience === 'sheet' ? v.sheetVariables : 0 }, (_, i) => ({
      value: `{var${i + 1}}`,
      label: t('campaigns.sheet.varLabel', { n: i + 1 }),
    })),
  ];
  const chosen = v.waTemplate;
  const items = list.state === 'none' ? [] : list.items;
  const index = chosen ? items.findIndex((x) => x.name === chosen.name && x.language === chosen.language) : -1;

  return (
    <section className="panel compose-section" data-testid="compose-whatsapp" data-state={list.state}>
      <h2 className="panel-title">{t('campaigns.wa.title')}</h2>
      {accountId === null ? (
        <p className="muted small">{t('campaigns.wa.noAccount')}</p>
      ) : list.state === 'none' ? (
        <p className="import-notice" data-testid="compose-wa-none">
          {list.message === null
            ? t('send.templates.unsupported')
            : t('send.templates.none', { message: list.message })}
        </p>
      ) : (
        <label className="field">
          <span className="field-label">{t('campaigns.wa.template')}</span>
          <div className="inline-row">
            <select
              className={err('whatsapp') && !chosen ? 'input has-error' : 'input'}
              value={index}
              data-testid="compose-wa-template"
              disabled={list.state === 'loading' && items.length === 0}
              onChange={(e) => {
                const picked = items[Number(e.target.value)];
                set({
                  waTemplate: picked ?? null,
                  waVars: picked ? Array.from({ length: picked.variables }, () => '') : [],
                });
              }}
            >
              <option value={-1}>
                {list.state === 'loading' ? t('send.templates.loading') : t('campaigns.wa.pick')}
              </option>
              {items.map((x, i) => {
                const approved = x.status === undefined || x.status.toUpperCase() === 'APPROVED';
                return (
                  <option key={`${x.name}-${x.language ?? ''}`} value={i} disabled={!approved}>
                    {[x.name, x.language, approved ? null : x.status].filter(Boolean).join(' · ')}
                  </option>
                );
              })}
            </select>
            {list.state === 'ready' && list.more && (
              <button
                type="button"
                className="button button-sm"
                data-testid="compose-wa-more"
                onClick={() => {
                  setList({ state: 'loading', items: list.items, total: list.total });
                  void fetchTemplates(t, accountId, list.items).then(setList);
                }}
              >
                {t('send.templates.more')}
              </button>
            )}
          </div>
          <span className="field-hint">{t('campaigns.wa.hint')}</span>
        </label>
      )}
      {chosen && (
        <>
          <div className="wa-body" data-testid="compose-wa-body">
            <span className="field-label">{t('campaigns.wa.body')}</span>
            <p className="wa-body-text" data-testid="compose-wa-body-text">
              {mappedBody(chosen.body, v.waVars).map((piece, i) =>
                piece.slot === null ? (
                  <span key={i}>{piece.text}</span>
                ) : (
                  <mark key={i} className={problems.includes(piece.slot) ? 'wa-slot is-missing' : 'wa-slot'}>
                    {piece.text}
                  </mark>
                ),
              )}
            </p>
          </div>
          {chosen.variables > 0 && (
            <div className="wa-vars">
              {Array.from({ length: chosen.variables }, (_, i) => {
                const value = v.waVars[i] ?? '';
                const field = fields.find((f) => f.value === value.trim())?.value ?? CUSTOM;
                const change = (text: string) => {
                  const waVars = Array.from({ length: chosen.variables }, (_, k) => v.waVars[k] ?? '');
                  waVars[i] = text;
                  set({ waVars });
                };
                return (
                  <div key={i} className="wa-var" data-testid={`compose-wa-var-${i + 1}`}>
                    <span className="wa-var-slot">{`{{${i + 1}}}`}</span>
                    <select
                      className="input"
                      value={field}
                      aria-label={t('campaigns.wa.fieldFor', { n: i + 1 })}
                      data-testid={`compose-wa-field-${i + 1}`}
                      onChange={(e) => change(e.target.value)}
                    >
                      <option value={CUSTOM}>{t('campaigns.wa.custom')}</option>
                      {fields.map((f) => (
                        <option key={f.value} value={f.value}>
                          {f.label}
                        </option>
                      ))}
                    </select>
                    <input
                      className={problems.includes(i + 1) && err('whatsapp') ? 'input has-error' : 'input'}
                      value={value}
                      maxLength={1024}
                      placeholder={t('campaigns.wa.textPlaceholder')}
                      aria-label={t('campaigns.wa.textFor', { n: i + 1 })}
                      data-testid={`compose-wa-text-${i + 1}`}
                      onChange={(e) => change(e.target.value)}
                    />
                  </div>
                );
              })}
            </div>
          )}
        </>
      )}
      <Foot error={err('whatsapp')} />
      {account && !chosen && list.state === 'ready' && items.length === 0 && (
        <p className="muted small">{t('campaigns.wa.empty')}</p>
      )}
    </section>
  );
}
