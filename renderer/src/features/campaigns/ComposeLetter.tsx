import { useEffect, useMemo, useRef, useState } from 'react';
import type { Contact } from '../../../../shared/domain/contact';
import { compileHtmlTemplate, renderHtml } from '../../../../shared/domain/html-template';
import type { Picture } from '../../../../shared/domain/pictures';
import { localDate, type TemplateIssue } from '../../../../shared/domain/template';
import type { ResultError } from '../../../../shared/ipc/result';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { IconButton } from '../../components/IconButton';
import { FormError } from '../../components/Modal';
import { errorText, formatNumber, type Translate } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useUi } from '../../stores/ui';
import { ChooseFile } from './ChooseFile';
import { pictureTag } from './compose-content';
import { insertAt, issueText } from './compose-form';
import { Foot, type ComposeSectionProps } from './compose-shared';
import { HtmlPreview } from './HtmlPreview';
import { localZone } from './local-zone';
import { VariableChips } from './VariableChips';

/** A picture's problem in the user's language (the core says which by its code). */
export function pictureErrorText(t: Translate, e: ResultError): string {
  if (e.code === 'too_large') return t('campaigns.picture.tooLarge');
  if (e.code === 'wrong_type') return t('campaigns.picture.wrongType');
  if (e.code === 'empty') return t('campaigns.picture.empty');
  return errorText(t, e);
}

const contactName = (c: Contact): string =>
  [c.lastName, c.firstName, c.middleName].filter((s) => s.trim()).join(' ') || (c.email ?? c.phone ?? `#${c.id}`);

/**
 * The e-mail letter: its HTML (a template with the same variables as the text, which stays the text/plain
 * alternative), the pictures it shows as cid:…, and a preview of the personalised letter for a contact.
 */
export function ComposeLetter({
  v,
  set,
  err,
  issues,
  unused,
}: ComposeSectionProps & { issues: readonly TemplateIssue[]; unused: readonly string[] }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const htmlRef = useRef<HTMLTextAreaElement>(null);
  const [adding, setAdding] = useState(false);
  const [pictureError, setPictureError] = useState<string | null>(null);
  const [preview, setPreview] = useState(false);

  const insert = (token: string) => {
    const el = htmlRef.current;
    const next = insertAt(v.html, el?.selectionStart ?? v.html.length, el?.selectionEnd ?? v.html.length, token);
    set({ html: next.text });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(next.caret, next.caret);
    });
  };

  const addPicture = (picture: Picture) => {
    const pictures = [...v.pictures, picture];
    // A letter without HTML yet gets one that shows the picture; otherwise "Вставить" puts it where wanted.
    set(v.html.trim() === '' ? { pictures, html: `${pictureTag(picture)}\n` } : { pictures });
  };

  return (
    <section className="panel compose-section" data-testid="compose-letter">
      <h2 className="panel-title">{t('campaigns.html.title')}</h2>
      <p className="field-hint">{t('campaigns.html.hint')}</p>
      <div className="variable-picker" role="group" aria-label={t('campaigns.variables')}>
        <span className="field-label">{t('campaigns.variables')}</span>
        <VariableChips
          onInsert={insert}
          sheetVariables={v.audience === 'sheet' ? v.sheetVariables : 0}
          testPrefix="compose-html-var"
        />
      </div>
      <label className="field">
        <span className="field-label">{t('campaigns.html.field')}</span>
        <textarea
          ref={htmlRef}
          className={
            err('html') || issues.some((i) => i.code !== 'escaped_variable')
              ? 'input textarea code has-error'
              : 'input textarea code'
          }
          value={v.html}
          rows={9}
          spellCheck={false}
          placeholder={t('campaigns.html.placeholder')}
          data-testid="compose-html"
          onChange={(e) => set({ html: e.target.value })}
        />
        <Foot error={err('html')} />
      </label>
      {issues.length > 0 && (
        <ul className="template-issues" data-testid="compose-html-issues" aria-live="polite">
          {issues.map((issue) => (
            <li
              key={`${issue.code}-${issue.start}`}
              className={issue.code === 'escaped_variable' ? 'is-warning' : 'is-error'}
              data-testid="compose-html-issue"
            >
              {issueText(t, issue)}
            </li>
          ))}
        </ul>
      )}

      <div className="letter-pictures" data-testid="compose-pictures">
        <div className="letter-pictures-head">
          <span className="field-label">{t('campaigns.picture.title')}</span>
          <ChooseFile
            kind="picture"
            label={adding ? t('campaigns.picture.adding') : t('campaigns.picture.add')}
            testId="compose-picture-add"
            busy={adding}
            onStart={() => {
              setAdding(true);
              setPictureError(null);
            }}
            onFile={(res) => {
              if (!res.ok) {
                setAdding(false);
                setPictureError(pictureErrorText(t, res.error));
                return;
              }
              if (res.value === null) return setAdding(false);
              const taken = v.pictures.map((p) => p.cid);
              void api.campaigns.pictureAdd({ handle: res.value.handle, taken }).then((r) => {
                setAdding(false);
                if (r.ok) addPicture(r.value);
                else setPictureError(pictureErrorText(t, r.error));
              });
            }}
          />
        </div>
        <span className="field-hint">{t('campaigns.picture.hint')}</span>
        <FormError error={pictureError} testId="compose-picture-error" />
        {v.pictures.length > 0 && (
          <ul className="letter-picture-list">
            {v.pictures.map((p) => (
              <li key={p.id} className="letter-picture" data-testid="compose-picture" data-cid={p.cid}>
                <img className="letter-picture-thumb" src={p.dataUrl} alt="" />
                <span className="letter-picture-name">
                  <code>{`cid:${p.cid}`}</code>
                  <span className="muted small">
                    {`${p.name} · ${t('size.kb', { n: formatNumber(locale, Math.max(1, Math.round(p.size / 1024))) })}`}
                  </span>
                  {unused.includes(p.cid) && (
                    <span className="small field-warning" data-testid="compose-picture-unused">
                      {t('campaigns.picture.unused')}
                    </span>
                  )}
                </span>
                <Button
                  icon="plus"
                  small
                  tone="ghost"
                  testId="compose-picture-insert"
                  onClick={() => insert(pictureTag(p))}
                >
                  {t('campaigns.picture.insert')}
                </Button>
                <IconButton
                  icon="trash"
                  label={t('campaigns.picture.remove')}
                  testId="compose-picture-remove"
                  onClick={() => set({ pictures: v.pictures.filter((x) => x.id !== p.id) })}
                />
              </li>
            ))}
          </ul>
        )}
        <Foot error={err('pictures')} />
      </div>

      {v.html.trim() !== '' && (
        <div className="letter-preview">
          <Button icon="eye" small testId="compose-html-preview-toggle" onClick={() => setPreview((x) => !x)}>
            {preview ? t('campaigns.html.previewHide') : t('campaigns.html.preview')}
          </Button>
          {preview && <LetterPreview html={v.html} pictures={v.pictures} />}
        </div>
      )}
    </section>
  );
}

/** The letter personalised for one of the first contacts of the base (or with empty fields), in a sandbox. */
function LetterPreview({ html, pictures }: { html: string; pictures: readonly Picture[] }) {
  const t = useT();
  const [contacts, setContacts] = useState<Contact[]>([]);
  const [picked, setPicked] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    void api.contacts.list({ limit: 20, offset: 0 }).then((res) => {
      if (!live || !res.ok) return;
      setContacts(res.value.rows);
      setPicked((p) => p ?? res.value.rows[0]?.id ?? null);
    });
    return () => {
      live = false;
    };
  }, []);
  const contact = contacts.find((c) => c.id === picked) ?? null;
  const rendered = useMemo(() => {
    const r = compileHtmlTemplate(html);
    if (!r.ok) return null;
    return renderHtml(r.template, contact ?? {}, { today: localDate(new Date(), localZone()) });
  }, [html, contact]);
  return (
    <div className="letter-preview-body" data-testid="compose-html-preview" data-contact={picked ?? ''}>
      <label className="field">
        <span className="field-label">{t('campaigns.html.previewFor')}</span>
        <select
          className="input audience-select"
          value={picked ?? ''}
          data-testid="compose-html-preview-contact"
          onChange={(e) => setPicked(e.target.value ? Number(e.target.value) : null)}
        >
          <option value="">{t('campaigns.html.previewEmpty')}</option>
          {contacts.map((c) => (
            <option key={c.id} value={c.id}>
              {contactName(c)}
            </option>
          ))}
        </select>
      </label>
      {rendered === null ? (
        <p className="small field-error">{t('campaigns.html.previewBroken')}</p>
      ) : (
        <HtmlPreview
          html={rendered}
          pictures={pictures}
          title={t('campaigns.html.previewTitle')}
          testId="compose-letter"
        />
      )}
    </div>
  );
}
