import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Delivery } from '../../../shared/domain/import';

/**
 * How the app hands a file it wrote to the user. With a `saveFile` chooser (Electron's save dialog) the file is
 * written where the user picked; without one (browser mode) it is written to a private folder and served once
 * asked for, by an unguessable token, through the web shell's /download/<token>.
 */
export class Deliveries {
  private readonly ready = new Map<string, { path: string; name: string }>();

  constructor(
    private readonly dir: string,
    private readonly saveFile?: (suggestedName: string) => Promise<string | null>,
  ) {}

  async deliver(name: string, write: (file: string) => Promise<number>): Promise<Delivery> {
    if (this.saveFile) {
      const target = await this.saveFile(name);
      if (target === null) return { saved: false, name, rows: 0 };
      return { saved: true, name: path.basename(target), rows: await write(target) };
    }
    const token = randomBytes(18).toString('base64url');
    const folder = path.join(this.dir, token);
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    const file = path.join(folder, name);
    const rows = await write(file);
    this.ready.set(token, { path: file, name });
    return { saved: true, name, rows, download: `/download/${token}` };
  }

  resolve(token: string): { path: string; name: string } | null {
    return this.ready.get(token) ?? null;
  }

  /** Removes what browser mode left behind (on shell shutdown). */
  clear(): void {
    this.ready.clear();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
