import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FileRef } from '../../../shared/domain/import';
import { VestnikError } from '../../../shared/ipc/result';

/**
 * Files the user chose, by opaque handle. The renderer never sees or sends a path: the Electron shell
 * registers what the native dialog returned, the web shell what was uploaded; the contract carries handles.
 */
export class FileRegistry {
  private readonly files = new Map<string, { path: string; name: string; size: number }>();

  register(file: string, name = path.basename(file)): FileRef {
    const size = fs.statSync(file).size;
    const handle = randomBytes(18).toString('base64url');
    this.files.set(handle, { path: file, name, size });
    return { handle, name, size };
  }

  resolve(handle: string): { path: string; name: string } {
    const f = this.files.get(handle);
    if (!f) throw new VestnikError('not_found', 'The file is no longer available; choose it again');
    return f;
  }
}
