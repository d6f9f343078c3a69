import { useEffect, useState } from 'react';
import type { Account } from '../../../../shared/domain/providers';
import { api } from '../../api';
import { errorText, type Translate } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useUi } from '../../stores/ui';
import type { FieldError } from './account-form';
import { TEXT_MAX, renderTemplate, type ComposeValues, type SendField, type TemplateChoice } from './send-form';
import { smsCounterView } from './sms-counter';
import { isNoTemplates } from './status';

interface ComposerProps {
  account: Account;
  values: ComposeValues;
  onChange: (patch: Partial<ComposeValues>) => void;
  errors: Partial<Record<SendField, FieldError>>;
  /** Rows of the text box (the contact card's dialog is smaller). */
  rows?: number;
}

/**
 * What a message says, by the account's channel: the text with the live SMS counter for SMS, a subject and
 * an optional HTML version for e-mail, an approved template and its variables for WhatsApp.
 */
export function Composer({ account, values, onChange, errors, rows = 4 }: ComposerProps) {
  const t = useT();
  const channel = account.channel;
  const templated = channel === 'whatsapp' && values.template !== null;
  const err = (f: SendField) => errors[f];

  return (
    <div className="composer">
      {channel === 'whatsapp' && (
        <TemplatePicker key={account.id} account={account} values={values} onChange={onChange} errors={errors} />
      )}
      {channel === 'email' && (
        <label className="field">
          <span className="field-label">{t('send.subject')}</span>
          <input
            className={err('subject') ? 'input has-error' : 'input'}
            value={values.subject}
            maxLength={500}
            data-testid="send-subject"
            onChange={(e) => onChange({ subject: e.target.value })}
          />
          <Foot error={err('subject')} />
        </label>
      )}
      {!templated && (
        <label className="field">
          <span className="field-label">{t(channel === 'email' ? 'send.textEmail' : 'send.text')}</span>
          <textarea
            className={err('text') ? 'input textarea has-error' : 'input textarea'}
            value={values.text}
            rows={rows}
            maxLength={TEXT_MAX}
            data-testid="send-text"
            onChange={(e) => onChange({ text: e.target.value })}
          />
          <Foot error={err('text')} />
        </label>
      )}
      {channel === 'sms' && <SmsCounter text={values.text} />}
      {channel === 'email' && (
        <>
          <label className="checkbox-row">
            <input
              type="checkbox"
              checked={values.useHtml}
              data-testid="send-use-html"
              onChange={(e) => onChange({ useHtml: e.target.checked })}
            />
            <span>{t('send.useHtml')}</span>
          </label>
          {values.useHtml && (
            <label className="field">
              <span className="field-label">{t('send.html')}</span>
              <textarea
                className={err('html') ? 'input textarea code has-error' : 'input textarea code'}
                value={values.html}
                rows={6}
                spellCheck={false}
                data-testid="send-html"
                onChange={(e) => onChange({ html: e.target.value })}
              />
              {err('html') ? <Foot error={err('html')} /> : <span className="field-hint">{t('send.htmlHint')}</span>}
            </label>
          )}
        </>
      )}
    </div>
  );
}

function Foot({ error }: { error?: FieldError }) {
  const t = useT();
  if (!error) return null;
  return (
    <span className="field-error" role="alert">
      {t(error.key, error.params)}
    </span>
  );
}

/** Characters, parts and encoding as the text is typed — and which characters made it UCS-2. */
export function SmsCounter({ text }: { text: string }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const v = smsCounterView(t, locale, text);
  return (
    <div
      className={v.count.encoding === 'ucs2' ? 'sms-counter is-ucs2' : 'sms-counter'}
      data-testid="sms-counter"
      data-parts={v.count.parts}
      data-encoding={v.count.encoding}
      aria-live="polite"
    >
      <p className="sms-counter-summary" data-testid="sms-counter-summary">
        {v.summary}
      </p>
      <p className="sms-counter-encoding" data-testid="sms-counter-encoding">
        {v.encoding}
      </p>
      {v.cause && (
        <p className="sms-counter-cause" data-testid="sms-counter-cause">
          {v.cause}
        </p>
      )}
    </div>
  );
}

const PAGE = 20;

export type Templates =
  | { state: 'loading'; items: TemplateChoice[]; total: number | null }
  | { state: 'ready'; items: TemplateChoice[]; total: number | null; more: boolean }
  /** No templates to choose from: the provider has none (message null), or they could not be read. */
  | { state: 'none'; message: string | null };

/** The next page after `before`; an error with nothing loaded yet means "no templates to choose from". */
export async function fetchTemplates(t: Translate, id: number, before: TemplateChoice[]): Promise<Templates> {
  const res = await api.accounts.templates({ id, offset: before.length, limit: PAGE });
  if (!res.ok) {
    return before.length > 0
      ? { state: 'ready', items: before, total: null, more: false }
      : {
          state: 'none',
          message:
            res.error.code === 'bad_request' && isNoTemplates(res.error.message) ? null : errorText(t, res.error),
        };
  }
  const items = [...before, ...res.value.items];
  const more = res.value.total === null ? res.value.items.length === PAGE : items.length < res.value.total;
  return { state: 'ready', items, total: res.value.total, more };
}

/** WhatsApp's approved templates, a page at a time, with inputs for their {{n}} variables and a preview. */
function TemplatePicker({ account, values, onChange, errors }: Omit<ComposerProps, 'rows'>) {
  const t = useT();
  const [list, setList] = useState<Templates>({ state: 'loading', items: [], total: null });

  // The picker is keyed by the account, so this fetches the first page once per account.
  useEffect(() => {
    let live = true;
    void fetchTemplates(t, account.id, []).then((next) => {
      if (live) setList(next);
    });
    return () => {
      live = false;
    };
  }, [t, account.id]);

  if (list.state === 'none') {
    return (
      <p className="import-notice" data-testid="templates-none">
        {list.message === null ? t('send.templates.unsupported') : t('send.templates.none', { message: list.message })}
      </p>
    );
  }
  const chosen = values.template;
  const index = chosen ? list.items.findIndex((x) => x.name === chosen.name && x.language === chosen.language) : -1;
  return (
    <div className="templates" data-testid="templates" data-state={list.state}>
      <label className="field">
        <span className="field-label">{t('send.template')}</span>
        <div className="inline-row">
          <select
            className="input"
            value={index}
            data-testid="send-template"
            disabled={list.state === 'loading' && list.items.length === 0}
            onChange={(e) => {
              const picked = list.items[Number(e.target.value)];
              onChange({
                template: picked ?? null,
                variables: picked ? Array.from({ length: picked.variables }, () => '') : [],
              });
            }}
          >
            <option value={-1}>
              {list.state === 'loading' ? t('send.templates.loading') : t('send.templates.plain')}
            </option>
            {list.items.map((x, i) => (
              <option key={`${x.name}-${x.language ?? ''}`} value={i}>
                {x.language ? `${x.name} · ${x.language}` : x.name}
              </option>
            ))}
          </select>
          {list.state === 'ready' && list.more && (
            <button
              type="button"
              className="button button-sm"
              data-testid="templates-more"
              onClick={() => {
                setList({ state: 'loading', items: list.items, total: list.total });
                void fetchTemplates(t, account.id, list.items).then(setList);
              }}
            >
              {t('send.templates.more')}
            </button>
          )}
        </div>
        <span className="field-hint">{t('send.templates.hint')}</span>
      </label>
      {chosen && chosen.variables > 0 && (
        <div className="template-vars">
          {Array.from({ length: chosen.variables }, (_, i) => (
            <label key={i} className="field">
              <span className="field-label">{`{{${i + 1}}}`}</span>
              <input
                className={errors.variables && !(values.variables[i] ?? '').trim() ? 'input has-error' : 'input'}
                value={values.variables[i] ?? ''}
                maxLength={1024}
                data-testid={`send-variable-${i + 1}`}
                onChange={(e) => {
                  const variables = [...values.variables];
                  variables[i] = e.target.value;
                  onChange({ variables });
                }}
              />
            </label>
          ))}
          <Foot error={errors.variables} />
        </div>
      )}
      {chosen && (
        <div className="template-preview" data-testid="template-preview">
          <span className="field-label">{t('send.templates.preview')}</span>
          <p>{renderTemplate(chosen.body, values.variables)}</p>
        </div>
      )}
    </div>
  );
}
