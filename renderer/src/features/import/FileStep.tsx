import { useRef } from 'react';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { fileChooser } from '../../files';
import { useT } from '../../i18n/use-t';
import { useImport } from '../../stores/import';
import { useUi } from '../../stores/ui';
import { IMPORT_ACCEPT } from './limits';
import { ImportErrorAlert } from './ErrorAlert';
import { formatBytes } from './messages';

/** Step 1: the file. Browser mode takes it from a picker or a drop (anywhere in the window); Electron asks. */
export function FileStep() {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const given = useImport((s) => s.given);
  const uploading = useImport((s) => s.uploading);
  const previewing = useImport((s) => s.previewing);
  const fileError = useImport((s) => s.fileError);
  const runError = useImport((s) => s.runError);
  const notice = useImport((s) => s.notice);
  const dragOver = useImport((s) => s.dragOver);
  const upload = fileChooser === 'upload';
  const busy = uploading || previewing;

  return (
    <section
      className={dragOver ? 'dropzone is-dragging' : 'dropzone'}
      data-testid="import-dropzone"
      data-busy={busy ? 'true' : 'false'}
      aria-busy={busy}
    >
      {busy ? (
        <div className="dropzone-busy" role="status" data-testid="import-reading">
          <span className="dropzone-title">{uploading ? t('import.uploading') : t('import.reading')}</span>
          <div className="progress is-indeterminate" aria-hidden="true">
            <span className="progress-bar" />
          </div>
          {given && <FileName name={given.name} size={formatBytes(t, locale, given.size)} />}
        </div>
      ) : (
        <>
          <span className="dropzone-icon" aria-hidden="true">
            <Icon name="upload" size={30} />
          </span>
          <h2 className="dropzone-title">{upload ? t('import.drop.title') : t('import.pick.title')}</h2>
          {upload && <span className="dropzone-or">{t('import.drop.or')}</span>}
          <ChooseFileButton tone="primary" label={t('import.drop.choose')} testId="import-choose" />
          <p className="dropzone-hint">{t('import.drop.hint')}</p>
        </>
      )}
      {fileError && !busy && (
        <ImportErrorAlert
          testId="import-file-error"
          error={fileError}
          lead={given && <FileName name={given.name} size={formatBytes(t, locale, given.size)} />}
        />
      )}
      {/* What became of an import picked up after a reload, once it has ended without a result to show. */}
      {runError && !busy && <ImportErrorAlert testId="import-run-error" error={runError} failed />}
      {notice && !busy && (
        <p className="import-notice" role="status" data-testid="import-notice">
          {t(notice === 'check-cancelled' ? 'import.cancelled.check' : 'import.cancelled.import')}
        </p>
      )}
    </section>
  );
}

interface ChooseFileButtonProps {
  label: string;
  testId: string;
  tone?: 'primary' | 'ghost';
  small?: boolean;
}

/**
 * Opens the way to a file: the native dialog in Electron, the browser's file picker otherwise (a hidden
 * <input type="file"> that tests fill with setInputFiles).
 */
export function ChooseFileButton({ label, testId, tone, small }: ChooseFileButtonProps) {
  const chooseFile = useImport((s) => s.chooseFile);
  const inputRef = useRef<HTMLInputElement>(null);
  const upload = fileChooser === 'upload';
  return (
    <>
      <Button
        icon="sheet"
        tone={tone}
        small={small}
        testId={testId}
        onClick={() => (upload ? inputRef.current?.click() : chooseFile())}
      >
        {label}
      </Button>
      {upload && (
        <input
          ref={inputRef}
          type="file"
          className="visually-hidden"
          accept={IMPORT_ACCEPT}
          tabIndex={-1}
          aria-hidden="true"
          data-testid="import-file-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            // Cleared so that choosing the same file again (after fixing it) fires a change again.
            e.target.value = '';
            if (file) chooseFile(file);
          }}
        />
      )}
    </>
  );
}

export function FileName({ name, size }: { name: string; size: string }) {
  return (
    <span className="file-name">
      <Icon name="sheet" size={16} />
      <span className="file-name-text" data-testid="import-file-name" title={name}>
        {name}
      </span>
      <span className="file-size" data-testid="import-file-size">
        {size}
      </span>
    </span>
  );
}
