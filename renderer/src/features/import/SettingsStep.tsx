import { useState } from 'react';
import type { ImportPreview } from '../../../../shared/domain/import';
import { Button } from '../../components/Button';
import { useT } from '../../i18n/use-t';
import { useImport, type Delimiter } from '../../stores/import';
import { useUi } from '../../stores/ui';
import { ChooseFileButton, FileName } from './FileStep';
import { mappingProblems } from './mapping';
import { ImportErrorAlert } from './ErrorAlert';
import { DELIMITER_NAMES, formatBytes, formatDescription } from './messages';
import { OptionsPanel } from './OptionsPanel';
import { PreviewTable } from './PreviewTable';

const DELIMITERS = Object.keys(DELIMITER_NAMES) as Delimiter[];

/** Step 2: what the core found in the file, the rows with a target per column, and the import options. */
export function SettingsStep() {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const file = useImport((s) => s.file);
  const preview = useImport((s) => s.preview);
  const fileError = useImport((s) => s.fileError);
  const runError = useImport((s) => s.runError);
  const notice = useImport((s) => s.notice);
  const mapping = useImport((s) => s.mapping);
  const group = useImport((s) => s.options.group);
  const previewing = useImport((s) => s.previewing);
  const start = useImport((s) => s.start);
  const [tried, setTried] = useState(false);
  if (!file || !preview) return null;

  const problems = mappingProblems(mapping);
  const groupMissing = group.kind === 'new' && group.name.trim() === '';
  const blocker = problems.noAddress
    ? t('import.needAddress')
    : problems.attributes.size > 0
      ? t('import.fixAttributes')
      : tried && groupMissing
        ? t('group.nameRequired')
        : null;

  const check = () => {
    // While another sheet or delimiter is being read, the table on screen is not the one that would be checked.
    if (previewing) return;
    setTried(true);
    if (problems.noAddress || problems.attributes.size > 0 || groupMissing) return;
    start(true);
  };

  return (
    <div className="import-settings">
      <section className="file-bar" data-testid="import-file">
        <div className="file-bar-main">
          <FileName name={file.name} size={formatBytes(t, locale, file.size)} />
          <span className="file-format" data-testid="import-format">
            {formatDescription(t, preview, file.name)}
          </span>
        </div>
        <FormatPicker preview={preview} />
        <ChooseFileButton label={t('import.file.change')} testId="import-change-file" tone="ghost" small />
      </section>

      {fileError && <ImportErrorAlert testId="import-preview-error" error={fileError} />}
      {runError && <ImportErrorAlert testId="import-run-error" error={runError} failed />}
      {notice === 'check-cancelled' && (
        <p className="import-notice" role="status" data-testid="import-notice">
          {t('import.cancelled.check')}
        </p>
      )}

      <section className="preview-card">
        <div className="preview-head">
          <p className="preview-caption">{t('import.previewCaption')}</p>
          <HeaderRowPicker preview={preview} />
        </div>
        <PreviewTable preview={preview} />
      </section>

      <OptionsPanel groupError={tried && groupMissing ? t('group.nameRequired') : null} />

      <footer className="action-bar">
        <p className={blocker ? 'action-note is-problem' : 'action-note'} data-testid="import-blocker">
          {blocker ?? t('import.checkHint')}
        </p>
        <Button icon="check" tone="primary" testId="import-check" onClick={check}>
          {t('import.check')}
        </Button>
      </footer>
    </div>
  );
}

/** Sheet picker for workbooks, delimiter override for text files; either reads the file again. */
function FormatPicker({ preview }: { preview: ImportPreview }) {
  const t = useT();
  const setSheet = useImport((s) => s.setSheet);
  const setDelimiter = useImport((s) => s.setDelimiter);
  if (preview.kind === 'text') {
    return (
      <label className="inline-field">
        <span className="field-label">{t('import.delimiterLabel')}</span>
        <select
          className="input"
          value={preview.delimiter ?? ';'}
          data-testid="import-delimiter"
          onChange={(e) => setDelimiter(e.target.value as Delimiter)}
        >
          {DELIMITERS.map((d) => (
            <option key={d} value={d}>
              {t(`import.delimiter.${DELIMITER_NAMES[d]}`)}
            </option>
          ))}
        </select>
      </label>
    );
  }
  return (
    <label className="inline-field">
      <span className="field-label">{t('import.sheetLabel')}</span>
      <select
        className="input"
        value={preview.sheet ?? ''}
        disabled={preview.sheets.length < 2}
        data-testid="import-sheet"
        onChange={(e) => setSheet(e.target.value)}
      >
        {preview.sheets.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

function HeaderRowPicker({ preview }: { preview: ImportPreview }) {
  const t = useT();
  const headerRow = useImport((s) => s.headerRow);
  const setHeaderRow = useImport((s) => s.setHeaderRow);
  return (
    <div className="header-row-picker">
      <label className="inline-field">
        <span className="field-label">{t('import.headerRowLabel')}</span>
        <select
          className="input"
          value={headerRow}
          data-testid="import-header-row"
          onChange={(e) => setHeaderRow(Number(e.target.value))}
        >
          <option value={0}>{t('import.headerRowNone')}</option>
          {preview.rows.map((r) => (
            <option key={r.row} value={r.row}>
              {r.row}
            </option>
          ))}
        </select>
      </label>
      <span className="field-hint">{t('import.headerRowHint')}</span>
    </div>
  );
}
