import type { OpenDialogOptions, SaveDialogOptions } from 'electron';

/**
 * The native "open" dialog for imports. Its result (a path) goes straight to the core's file registry; the
 * page only ever gets an opaque handle.
 */
export function importDialogOptions(): OpenDialogOptions {
  return {
    title: 'Импорт контактов · Import contacts',
    properties: ['openFile'],
    filters: [
      { name: 'Таблицы · Spreadsheets (XLSX, XLS, CSV, TXT)', extensions: ['xlsx', 'xls', 'csv', 'txt'] },
      { name: 'Все файлы · All files', extensions: ['*'] },
    ],
  };
}

/** The open dialog for a letter's picture; the core checks the file by its bytes whatever its name says. */
export function pictureDialogOptions(): OpenDialogOptions {
  return {
    title: 'Картинка для письма · Picture for the letter',
    properties: ['openFile'],
    filters: [
      { name: 'Картинки · Pictures (PNG, JPEG, GIF, WebP)', extensions: ['png', 'jpg', 'jpeg', 'gif', 'webp'] },
      { name: 'Все файлы · All files', extensions: ['*'] },
    ],
  };
}

/** The save dialog for exports and reports: the suggested name, and a filter for its own format. */
export function saveDialogOptions(defaultPath: string): SaveDialogOptions {
  const csv = defaultPath.toLowerCase().endsWith('.csv');
  return {
    title: 'Сохранить · Save',
    defaultPath,
    filters: [csv ? { name: 'CSV', extensions: ['csv'] } : { name: 'Excel (XLSX)', extensions: ['xlsx'] }],
  };
}
