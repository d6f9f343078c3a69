import { useEffect, useState } from 'react';
import type { CampaignStatusView } from '../../../../shared/domain/campaigns';
import type { Contact } from '../../../../shared/domain/contact';
import type { Picture } from '../../../../shared/domain/pictures';
import type { OutputOf } from '../../../../shared/ipc/contract';
import { api } from '../../api';
import { FormError } from '../../components/Modal';
import { errorText } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { RenderedMessage } from './RenderedMessage';
import { type Rendered } from './preview-format';

type Found = { state: 'loading' } | { state: 'ready'; rows: Contact[] } | { state: 'error'; message: string };
type SheetRows = OutputOf<'sheets:rows'>;

const contactName = (c: Contact): string => [c.lastName, c.firstName, c.middleName].filter((s) => s.trim()).join(' ');

/** Who the preview is for: a contact of the base, or a row of the campaign's sheet. */
type Who = { kind: 'contact'; contact: Contact } | { kind: 'row'; row: SheetRows['rows'][number] };

/**
 * Before launch: the exact message for a recipient — find a contact (or, for a campaign sheet, a row of it),
 * pick them, read what they would get: the text, the subject, the personalised letter with its pictures,
 * WhatsApp's template filled in, and a sheet row's own send time.
 */
export function ContactPreview({ c }: { c: CampaignStatusView }) {
  const t = useT();
  const id = c.id;
  const sheet = c.spec.audience.kind === 'sheet' ? c.spec.audience.listId : null;
  const [who, setWho] = useState<Who | null>(null);
  const [rendered, setRendered] = useState<Rendered | null>(null);
  const [renderError, setRenderError] = useState<string | null>(null);
  const [pictures, setPictures] = useState<Picture[]>([]);
  const hasHtml = Boolean(c.spec.html);

  useEffect(() => {
    if (!hasHtml) return;
    let live = true;
    void api.campaigns.pictures({ id }).then((res) => {
      if (live && res.ok) setPictures(res.value);
    });
    return () => {
      live = false;
    };
  }, [id, hasHtml]);

  useEffect(() => {
    if (!who) return;
    let live = true;
    const input = who.kind === 'contact' ? { id, contactId: who.contact.id } : { id, row: who.row.row };
    void api.campaigns.render(input).then((res) => {
      if (!live) return;
      if (res.ok) {
        setRendered(res.value);
        setRenderError(null);
      } else setRenderError(errorText(t, res.error));
    });
    return () => {
      live = false;
    };
  }, [id, who, t]);

  const name =
    who === null
      ? ''
      : who.kind === 'contact'
        ? contactName(who.contact) || t('campaigns.render.noName')
        : t('campaigns.render.rowName', { row: who.row.row, phone: who.row.phone });

  return (
    <section className="panel render-panel" data-testid="render-panel">
      <h2 className="panel-title">{t(sheet === null ? 'campaigns.render.title' : 'campaigns.render.titleSheet')}</h2>
      {sheet === null ? (
        <ContactPicker
          picked={who?.kind === 'contact' ? who.contact.id : null}
          onPick={(contact) => setWho({ kind: 'contact', contact })}
        />
      ) : (
        <RowPicker
          listId={sheet}
          picked={who?.kind === 'row' ? who.row.row : null}
          onPick={(row) => setWho({ kind: 'row', row })}
        />
      )}
      <FormError error={renderError} testId="render-error" />
      {who && rendered ? (
        <RenderedMessage
          rendered={rendered}
          pictures={pictures}
          name={name}
          sms={c.spec.channels.some((ch) => ch.channel === 'sms')}
        />
      ) : (
        <p className="muted small">{t(sheet === null ? 'campaigns.render.pick' : 'campaigns.render.pickRow')}</p>
      )}
    </section>
  );
}

function ContactPicker({ picked, onPick }: { picked: number | null; onPick: (c: Contact) => void }) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found>({ state: 'loading' });
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
  return (
    <>
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
                className={picked === c.id ? 'render-contact is-on' : 'render-contact'}
                aria-pressed={picked === c.id}
                data-testid="render-contact"
                onClick={() => onPick(c)}
              >
                <span className="render-contact-name">{contactName(c) || t('campaigns.render.noName')}</span>
                <span className="muted small">{c.phone ?? c.email ?? '—'}</span>
              </button>
            </li>
          ))}
      </ul>
      {found.state === 'error' && <FormError error={found.message} />}
    </>
  );
}

const ROWS = 8;

/** The rows of the campaign's sheet, a page at a time: number, phone, and whose it is when the base knows. */
function RowPicker({
  listId,
  picked,
  onPick,
}: {
  listId: number;
  picked: number | null;
  onPick: (r: SheetRows['rows'][number]) => void;
}) {
  const t = useT();
  const [page, setPage] = useState<SheetRows | null>(null);
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void api.sheets.rows({ listId, offset, limit: ROWS }).then((res) => {
      if (!live) return;
      if (res.ok) setPage(res.value);
      else setError(errorText(t, res.error));
    });
    return () => {
      live = false;
    };
  }, [listId, offset, t]);
  return (
    <>
      <ul className="render-contacts" data-testid="render-rows" data-state={page ? 'ready' : 'loading'}>
        {page?.rows.map((r) => (
          <li key={r.row}>
            <button
              type="button"
              className={picked === r.row ? 'render-contact is-on' : 'render-contact'}
              aria-pressed={picked === r.row}
              data-testid="render-row"
              data-row={r.row}
              onClick={() => onPick(r)}
            >
              <span className="render-contact-name">
                {t('campaigns.render.rowShort', { row: r.row })} {r.name || r.phone}
              </span>
              <span className="muted small">{r.sendAtLocal ?? ''}</span>
            </button>
          </li>
        ))}
      </ul>
      {page && page.total > ROWS && (
        <div className="inline-row render-pages">
          <button
            type="button"
            className="button button-sm"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - ROWS))}
          >
            {t('campaigns.render.prevRows')}
          </button>
          <span className="muted small">
            {t('campaigns.render.rowsOf', {
              from: offset + 1,
              to: Math.min(page.total, offset + ROWS),
              total: page.total,
            })}
          </span>
          <button
            type="button"
            className="button button-sm"
            disabled={offset + ROWS >= page.total}
            data-testid="render-rows-next"
            onClick={() => setOffset(offset + ROWS)}
          >
            {t('campaigns.render.nextRows')}
          </button>
        </div>
      )}
      <FormError error={error} />
    </>
  );
}
