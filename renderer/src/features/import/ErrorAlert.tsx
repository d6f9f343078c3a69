import type { ReactNode } from 'react';
import { Icon } from '../../components/Icon';
import { useT } from '../../i18n/use-t';
import type { Problem } from '../../stores/import';
import { useUi } from '../../stores/ui';
import { importError } from './messages';

interface AlertProps {
  testId: string;
  text: string;
  /** The core's own sentence under ours, when it says more than our general text. */
  detail?: string | null;
  /** Shown above the text (the file it is about). */
  lead?: ReactNode;
}

export function Alert({ testId, text, detail, lead }: AlertProps) {
  const t = useT();
  return (
    <div className="import-alert" role="alert" data-testid={testId}>
      <Icon name="alert" size={18} />
      <div>
        {lead}
        <p>{text}</p>
        {detail && (
          <p className="import-alert-detail" data-testid={`${testId}-detail`}>
            {t('import.error.detail')} <span lang="en">{detail}</span>
          </p>
        )}
      </div>
    </div>
  );
}

interface ImportErrorAlertProps {
  testId: string;
  error: Problem;
  /** A run that failed: "Не получилось: …". */
  failed?: boolean;
  lead?: ReactNode;
}

/** A whole-file problem as the user reads it: our sentence for the core's code, its detail where useful. */
export function ImportErrorAlert({ testId, error, failed, lead }: ImportErrorAlertProps) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const { text, detail } = importError(t, locale, error);
  return (
    <Alert testId={testId} text={failed ? t('import.failed', { message: text }) : text} detail={detail} lead={lead} />
  );
}
