import { useRef } from 'react';
import type { FileRef } from '../../../../shared/domain/import';
import type { Result } from '../../../../shared/ipc/result';
import { Button } from '../../components/Button';
import type { IconName } from '../../components/Icon';
import { fileChooser, pickImportFile, pickPictureFile, uploadFile } from '../../files';
import { MAX_IMPORT_BYTES } from '../import/limits';
import { PICTURE_MAX_BYTES } from '../../../../shared/domain/pictures';

const KINDS = {
  picture: {
    accept: 'image/png,image/jpeg,image/gif,image/webp,.png,.jpg,.jpeg,.gif,.webp',
    maxBytes: PICTURE_MAX_BYTES,
    pick: pickPictureFile,
    icon: 'image',
  },
  sheet: { accept: '.csv,.txt,.xlsx,.xls', maxBytes: MAX_IMPORT_BYTES, pick: pickImportFile, icon: 'sheet' },
} as const satisfies Record<
  string,
  { accept: string; maxBytes: number; pick: () => Promise<Result<FileRef | null>>; icon: IconName }
>;

interface ChooseFileProps {
  kind: keyof typeof KINDS;
  label: string;
  testId: string;
  busy?: boolean;
  /** Called when the user began (a file chosen in the browser is still being uploaded). */
  onStart?: () => void;
  /** The file as the core holds it; null when the dialog was closed without a choice. */
  onFile: (res: Result<FileRef | null>) => void;
}

/**
 * A file for the compose form, the way each shell hands files over: Electron's native dialog (files:pick-*),
 * or in the browser a hidden <input type="file"> whose file is uploaded (POST /upload) — either way the page
 * only gets an opaque handle. A file over its cap is refused before it is sent.
 */
export function ChooseFile({ kind, label, testId, busy, onStart, onFile }: ChooseFileProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  const k = KINDS[kind];
  const upload = fileChooser === 'upload';
  return (
    <>
      <Button
        icon={k.icon}
        small
        testId={testId}
        busy={busy}
        onClick={() => {
          if (busy) return;
          if (upload) inputRef.current?.click();
          else {
            onStart?.();
            void k.pick().then(onFile);
          }
        }}
      >
        {label}
      </Button>
      {upload && (
        <input
          ref={inputRef}
          type="file"
          className="visually-hidden"
          accept={k.accept}
          tabIndex={-1}
          aria-hidden="true"
          data-testid={`${testId}-input`}
          onChange={(e) => {
            const file = e.target.files?.[0];
            // Cleared so that choosing the same file again (after fixing it) fires a change again.
            e.target.value = '';
            if (!file) return;
            onStart?.();
            void uploadFile(file, k.maxBytes).then(onFile);
          }}
        />
      )}
    </>
  );
}
