import { useState } from 'react';
import type { RejectedRow } from '../../../../shared/domain/import';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { receiveDelivery } from '../../files';
import { formatNumber, type Translate } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useUi } from '../../stores/ui';
import { importErrorText, rejectedAsText, rejectReasonText } from './messages';

interface RejectedListProps {
  /** The rows the result event brought: the first 1,000 at most. */
  rows: readonly RejectedRow[];
  /** How many rows were rejected in all (the report has every one of them). */
  total: number;
  /** The job whose rejected rows `import:report` saves. */
  jobId: string | null;
}

/**
 * "Строка 7 — неверный номер телефона: 12-34". The rows the result brought are listed (and copied to the
 * clipboard); every rejected row, however many, goes into the XLSX report the core writes.
 */
export function RejectedList({ rows, total, jobId }: RejectedListProps) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const [saving, setSaving] = useState(false);
  if (total === 0) return null;

  const copy = () => {
    const ui = useUi.getState();
    void copyText(rejectedAsText(t, rows)).then((ok) =>
      ui.showToast(ok ? t('import.rejected.copied') : t('import.rejected.copyFailed'), ok ? 'info' : 'error'),
    );
  };
  const save = () => {
    if (saving || jobId === null) return;
    setSaving(true);
    void saveReport(t, jobId).finally(() => setSaving(false));
  };

  return (
    <section className="rejected" data-testid="import-rejected" data-total={total}>
      <div className="rejected-head">
        <h3>
          {t('import.rejected.title')} <span className="rejected-count">{formatNumber(locale, total)}</span>
        </h3>
        <div className="rejected-actions">
          <Button icon="copy" small tone="ghost" testId="import-copy" onClick={copy}>
            {t('import.rejected.copy')}
          </Button>
          {jobId !== null && (
            <Button icon="download" small busy={saving} testId="import-report" onClick={save}>
              {saving ? t('import.report.saving') : t('import.report.save')}
            </Button>
          )}
        </div>
      </div>
      <ul className="rejected-list">
        {rows.map((r) => (
          <li key={r.row} data-testid="import-rejected-item" data-row={r.row}>
            <span className="rejected-row">{t('import.rejected.row', { row: r.row })}</span>
            <span className="rejected-reason">{rejectReasonText(t, r.reason)}</span>
          </li>
        ))}
      </ul>
      {total > rows.length && (
        <p className="rejected-more" data-testid="import-rejected-partial">
          {t('import.rejected.partial', {
            shown: formatNumber(locale, rows.length),
            total: formatNumber(locale, total),
          })}
        </p>
      )}
    </section>
  );
}

/** Asks the core for the report and hands it to the user; a cancelled save dialog is not worth a word. */
async function saveReport(t: Translate, jobId: string): Promise<void> {
  const res = await api.import.report({ jobId });
  const ui = useUi.getState();
  if (!res.ok) {
    // The core keeps the rows of its last few jobs only (and none from before a restart).
    const message = res.error.code === 'not_found' ? t('import.report.gone') : importErrorText(t, ui.locale, res.error);
    ui.showToast(t('import.report.failed', { message }), 'error');
    return;
  }
  if (receiveDelivery(res.value)) ui.showToast(t('import.report.saved', { name: res.value.name }));
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
