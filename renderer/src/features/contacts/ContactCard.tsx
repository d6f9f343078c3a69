import { useEffect, useState } from 'react';
import { hasAddressFor } from '../../../../shared/domain/addresses';
import { CHANNELS } from '../../../../shared/domain/channels';
import type { ContactDetails } from '../../../../shared/domain/contact';
import { formatPhone } from '../../../../shared/domain/phone';
import type { ResultError } from '../../../../shared/ipc/result';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { IconButton } from '../../components/IconButton';
import { Switch } from '../../components/Switch';
import { errorText, formatDateTime } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useContacts } from '../../stores/contacts';
import { useUi } from '../../stores/ui';
import { CardSection } from './CardSection';
import { ConsentSection } from './ConsentSection';
import { fullName } from './contact-form';
import { displayAddress, historyEntries } from './ledger';

type Loaded = { id: number; details: ContactDetails } | { id: number; error: ResultError };

/** The side panel for one contact: everything we know, per-channel opt-outs and their history. */
export function ContactCard({ id }: { id: number }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const openDialog = useUi((s) => s.openDialog);
  const openCard = useUi((s) => s.openCard);
  const revision = useContacts((s) => s.revision);
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  // Refetch when another contact is opened or when the data changed (an edit, an opt-out, a group change).
  useEffect(() => {
    let live = true;
    void api.contacts.get({ id }).then((res) => {
      if (!live) return;
      setLoaded(res.ok ? { id, details: res.value } : { id, error: res.error });
    });
    return () => {
      live = false;
    };
  }, [id, revision]);

  const current = loaded && loaded.id === id ? loaded : null;
  const details = current && 'details' in current ? current.details : null;
  const c = details?.contact;
  const name = c ? fullName(c) : '';
  // "web:manual" / "electron:manual" is how the core labels edits made in the UI; people read "manually".
  const sourceText = (source: string): string => (/^(\w+:)?manual$/.test(source) ? t('card.sourceManual') : source);
  const missing = <span className="muted">{t('card.missing')}</span>;

  return (
    <aside
      className="card"
      aria-label={t('card.title')}
      data-testid="contact-card"
      data-id={id}
      data-ready={details ? 'true' : 'false'}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !useUi.getState().dialog) openCard(null);
      }}
    >
      <header className="card-header">
        <span className="avatar" aria-hidden="true">
          {initials(name)}
        </span>
        <div className="card-title">
          <h2 data-testid="card-name">{c ? name || t('table.noName') : t('card.title')}</h2>
          {c?.phone && <span className="muted">{formatPhone(c.phone)}</span>}
        </div>
        <IconButton icon="close" label={t('card.close')} testId="card-close" onClick={() => openCard(null)} />
      </header>

      {!current && <p className="card-body muted">{t('card.loading')}</p>}
      {current && 'error' in current && (
        <p className="card-body form-error" role="alert">
          {current.error.code === 'not_found' ? t('card.notFound') : errorText(t, current.error)}
        </p>
      )}

      {details && c && (
        <div className="card-body">
          <Button
            icon="send"
            tone="primary"
            className="card-send"
            testId="card-send"
            onClick={() => openDialog({ kind: 'send-message', contactId: c.id })}
          >
            {t('card.send')}
          </Button>
          <div className="card-actions">
            <Button
              icon="edit"
              testId="card-edit"
              onClick={() => openDialog({ kind: 'contact-form', contactId: c.id })}
            >
              {t('card.edit')}
            </Button>
            <Button
              icon="trash"
              tone="danger"
              testId="card-delete"
              onClick={() =>
                openDialog({
                  kind: 'delete-contacts',
                  bulk: { target: { ids: [c.id] }, count: { count: 1, exact: true } },
                  name: name || null,
                })
              }
            >
              {t('card.delete')}
            </Button>
          </div>

          <CardSection title={t('card.contacts')}>
            <dl className="props">
              <dt>{t('form.phone')}</dt>
              <dd data-testid="card-phone">
                {c.phone ? <span title={c.phone}>{formatPhone(c.phone)}</span> : missing}
              </dd>
              <dt>{t('form.email')}</dt>
              <dd data-testid="card-email">{c.email ?? missing}</dd>
              <dt>{t('form.telegram')}</dt>
              <dd>{c.telegramChatId ?? missing}</dd>
            </dl>
          </CardSection>

          <CardSection title={t('card.channels')}>
            <div className="switches">
              {CHANNELS.map((ch) => {
                const reachable = hasAddressFor(c, ch);
                return (
                  <Switch
                    key={ch}
                    checked={c.optOut[ch]}
                    label={t(`optout.${ch}`)}
                    hint={reachable ? undefined : t('optout.noAddress')}
                    disabled={!reachable && !c.optOut[ch]}
                    testId={`optout-${ch}`}
                    onChange={(next) => openDialog({ kind: 'opt-out', contactId: c.id, channel: ch, optedOut: next })}
                  />
                );
              })}
            </div>
          </CardSection>

          <CardSection title={t('card.groups')} emptyText={c.groups.length === 0 && t('card.noGroups')}>
            <div className="chips">
              {c.groups.map((g) => (
                <span key={g.id} className="chip">
                  {g.name}
                </span>
              ))}
            </div>
          </CardSection>

          {Object.keys(c.attributes).length > 0 && (
            <CardSection title={t('card.attributes')}>
              <dl className="props">
                {Object.entries(c.attributes).map(([k, v]) => (
                  <div key={k} className="props-row">
                    <dt title={k}>{k}</dt>
                    <dd>{v}</dd>
                  </div>
                ))}
              </dl>
            </CardSection>
          )}

          <CardSection title={t('card.history')} emptyText={details.optOutHistory.length === 0 && t('card.noHistory')}>
            <ul className="timeline" data-testid="optout-history">
              {historyEntries(details.optOutHistory).map((h, i) => (
                <li key={`${h.at}-${i}`} className={h.optedOut ? 'timeline-item is-off' : 'timeline-item'}>
                  <span className="timeline-title">
                    {t(h.optedOut ? 'card.historyOn' : 'card.historyOff', { channel: t(`channel.${h.channel}`) })}
                  </span>
                  <span className="timeline-reason">
                    {h.reason || <span className="muted">{t('card.noReason')}</span>}
                  </span>
                  <span className="timeline-meta">
                    {[formatDateTime(locale, h.at), ...h.addresses.map(displayAddress), sourceText(h.source)]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                </li>
              ))}
            </ul>
          </CardSection>

          <ConsentSection
            key={c.id}
            contact={c}
            consents={details.consents}
            onSaved={(next) => setLoaded({ id: c.id, details: next })}
          />

          <dl className="props props-meta">
            <dt>{t('card.created')}</dt>
            <dd>{formatDateTime(locale, c.createdAt)}</dd>
            <dt>{t('card.updated')}</dt>
            <dd>{formatDateTime(locale, c.updatedAt)}</dd>
            {c.source && (
              <>
                <dt>{t('card.source')}</dt>
                <dd>{sourceText(c.source)}</dd>
              </>
            )}
          </dl>
        </div>
      )}
    </aside>
  );
}

function initials(name: string): string {
  const parts = name.split(/\s+/).filter(Boolean);
  return (
    parts
      .slice(0, 2)
      .map((p) => p[0]?.toUpperCase() ?? '')
      .join('') || '·'
  ).slice(0, 2);
}
