import type { RejectedRow } from '../../../../shared/domain/import';
import { Button } from '../../components/Button';
import { formatNumber } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useUi } from '../../stores/ui';
import { rejectedAsText, rejectReasonText } from './messages';

/** Rows listed on screen; a file can reject hundreds of thousands, the clipboard takes them all. */
const SHOWN = 200;

/** "Строка 7 — неверный номер телефона: 12-34", with the whole list one click away in the clipboard. */
export function RejectedList({ rows }: { rows: readonly RejectedRow[] }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  if (rows.length === 0) return null;

  const copy = () => {
    const ui = useUi.getState();
    void copyText(rejectedAsText(t, rows)).then((ok) =>
      ui.showToast(ok ? t('import.rejected.copied') : t('import.rejected.copyFailed'), ok ? 'info' : 'error'),
    );
  };

  return (
    <section className="rejected" data-testid="import-rejected">
      <div className="rejected-head">
        <h3>
          {t('import.rejected.title')} <span className="rejected-count">{formatNumber(locale, rows.length)}</span>
        </h3>
        <Button icon="copy" small testId="import-copy" onClick={copy}>
          {t('import.rejected.copy')}
        </Button>
      </div>
      <ul className="rejected-list">
        {rows.slice(0, SHOWN).map((r) => (
          <li key={r.row} data-testid="import-rejected-item" data-row={r.row}>
            <span className="rejected-row">{t('import.rejected.row', { row: r.row })}</span>
            <span className="rejected-reason">{rejectReasonText(t, r.reason)}</span>
          </li>
        ))}
      </ul>
      {rows.length > SHOWN && (
        <p className="rejected-more muted">
          {t('import.rejected.more', { count: formatNumber(locale, rows.length - SHOWN) })}
        </p>
      )}
    </section>
  );
}

/**
 * The async Clipboard API where the page may use it (a secure context: loopback and app://); the old
 * selection-and-copy way otherwise.
 */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'visually-hidden';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}
