import { fileRefSchema, type FileRef } from '../../shared/domain/import';
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
export async function uploadImportFile(file: File, signal?: AbortSignal): Promise<Result<FileRef>> {
  if (file.size > MAX_IMPORT_BYTES) return tooLarge();
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

const tooLarge = (): Result<never> => ({
  ok: false,
  error: { code: 'bad_request', message: `The file is larger than ${Math.round(MAX_IMPORT_BYTES / 1e6)} MB` },
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
