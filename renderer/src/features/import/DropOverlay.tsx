import { Icon } from '../../components/Icon';
import { useT } from '../../i18n/use-t';
import { useImport } from '../../stores/import';

/** Shown while a file is dragged over the window (browser mode): a drop anywhere starts the import with it. */
export function DropOverlay() {
  const t = useT();
  const over = useImport((s) => s.dragOver);
  if (!over) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <div className="drop-overlay-panel">
        <Icon name="upload" size={32} />
        <span>{t('import.drop.release')}</span>
      </div>
    </div>
  );
}
