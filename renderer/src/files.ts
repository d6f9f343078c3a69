import { fileRefSchema, type Delivery, type FileRef } from '../../shared/domain/import';
import type { Result } from '../../shared/ipc/result';
import { api } from './api';
import { MAX_IMPORT_BYTES } from './features/import/limits';

/**
 * How the user hands a file to the core, which differs by shell: Electron opens the native dialog in the main
 * process (`files:pick-import`); the browser has no such dialog, so the page takes the file from an
 * <input type="file"> or a drop and uploads its bytes (POST /upload). Either way the page only ever holds an
 * opaque handle, never a path. The choice follows the transport `api` itself uses: no preload means HTTP.
 */
export const fileChooser: 'dialog' | 'upload' = window.vestnik ? 'dialog' : 'upload';

/** Electron: the native open dialog; `null` when the user closed it without choosing. */
export function pickImportFile(): Promise<Result<FileRef | null>> {
  return api.files.pickImport({});
}

/**
 * Browser mode: streams the raw file to the web shell, which keeps it for this session and answers with the
 * same FileRef the dialog gives. A file over the limit is refused before a single byte is sent.
 */
export function uploadImportFile(file: File, signal?: AbortSignal): Promise<Result<FileRef>> {
  return uploadFile(file, MAX_IMPORT_BYTES, signal);
}

/** Electron: the native open dialog for a letter's picture. */
export function pickPictureFile(): Promise<Result<FileRef | null>> {
  return api.files.pickPicture({});
}

/** Browser mode: any file the core takes by handle, refused here already when it is over `maxBytes`. */
export async function uploadFile(file: File, maxBytes: number, signal?: AbortSignal): Promise<Result<FileRef>> {
  const tooLarge = (): Result<never> => ({
    ok: false,
    error: { code: 'too_large', message: `The file is larger than ${Math.round(maxBytes / 2 ** 20)} MB` },
  });
  if (file.size > maxBytes) return tooLarge();
  let res: Response;
  try {
    res = await fetch(`/upload?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      credentials: 'same-origin',
      body: file,
      signal,
    });
  } catch (err) {
    if (signal?.aborted) return { ok: false, error: { code: 'bad_request', message: 'Upload cancelled' } };
    return { ok: false, error: { code: 'internal', message: `Network error: ${String(err)}` } };
  }
  // The same code the core gives a file over its limit, so the screen says it the same way.
  if (res.status === 413) return tooLarge();
  const body: unknown = await res.json().catch(() => null);
  if (isObject(body) && body.ok === true) {
    const ref = fileRefSchema.safeParse(body.value);
    if (ref.success) return { ok: true, value: ref.data };
  }
  if (isObject(body) && body.ok === false && isObject(body.error) && typeof body.error.message === 'string') {
    return { ok: false, error: { code: 'bad_request', message: body.error.message } };
  }
  const code = res.status === 401 || res.status === 403 ? 'forbidden' : 'internal';
  return { ok: false, error: { code, message: `HTTP ${res.status} ${res.statusText}`.trim() } };
}

/** Where the web shell serves a file it wrote for the user: its own origin, an opaque token. */
const DOWNLOAD_PATH = /^\/download\/[A-Za-z0-9_-]+$/;

/**
 * Hands the user a file the core wrote (a report, an export). Electron has already saved it where the user
 * chose in the save dialog, or the user cancelled that dialog (`saved: false`). Browser mode downloads it from
 * the web shell through a link with `download`, which keeps the page where it is; the link only ever points at
 * our own /download/<token> (the session cookie authorises it), never at an address taken from elsewhere.
 * Returns whether the file reached the user.
 */
export function receiveDelivery(delivery: Delivery): boolean {
  if (delivery.download === undefined) return delivery.saved;
  if (!DOWNLOAD_PATH.test(delivery.download)) return false;
  const link = document.createElement('a');
  link.href = delivery.download;
  link.download = delivery.name;
  link.className = 'visually-hidden';
  document.body.append(link);
  link.click();
  link.remove();
  return true;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
