import { useEffect } from 'react';
import { fileChooser } from '../../files';
import { translate } from '../../i18n/translate';
import { useImport } from '../../stores/import';
import { useUi } from '../../stores/ui';

const hasFiles = (e: DragEvent): boolean => e.dataTransfer?.types.includes('Files') ?? false;

/**
 * A file dropped anywhere on the window opens the import with it (browser mode). Without this the browser
 * would navigate away from the app to show the file. In Electron a dropped file has no handle the core could
 * use (the page must never send a path), so a drop is only stopped there and the dialog is the way in.
 */
export function useFileDrop(): void {
  useEffect(() => {
    let depth = 0;
    const setOver = (over: boolean) => useImport.getState().setDragOver(over);

    const enter = (e: DragEvent) => {
      if (!hasFiles(e) || fileChooser !== 'upload') return;
      depth += 1;
      setOver(true);
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e) || fileChooser !== 'upload') return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = fileChooser === 'upload' ? 'copy' : 'none';
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      const file = e.dataTransfer?.files[0];
      if (!file || fileChooser !== 'upload') return;
      const ui = useUi.getState();
      if (useImport.getState().run) {
        ui.showToast(translate(ui.locale, 'import.busy'), 'error');
        return;
      }
      ui.setScreen('import');
      useImport.getState().chooseFile(file);
    };

    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);
}
