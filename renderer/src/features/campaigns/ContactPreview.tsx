import { useEffect, useState } from 'react';
import type { Contact } from '../../../../shared/domain/contact';
import { api } from '../../api';
import { FormError } from '../../components/Modal';
import { errorText } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useUi } from '../../stores/ui';
import { renderedSummary, type Rendered } from './preview-format';

type Found = { state: 'loading' } | { state: 'ready'; rows: Contact[] } | { state: 'error'; message: string };

const contactName = (c: Contact): string => [c.lastName, c.firstName, c.middleName].filter((s) => s.trim()).join(' ');

/** Before launch: the exact message for a contact — find one, pick them, read what they would get. */
export function ContactPreview({ id }: { id: number }) {
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
