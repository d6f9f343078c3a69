import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

export class UploadTooLarge extends Error {}

// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const CONTROL = /[\u0000-\u001f\u007f]/g;

/** The name a browser sent, reduced to a plain file name: no folders, no control characters, bounded. */
export function safeUploadName(raw: string | null): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base.replace(CONTROL, '').trim().slice(-200);
  return clean === '' || clean === '.' || clean === '..' ? 'upload' : clean;
}

/**
 * Streams a browser upload (the raw file as the request body) into `dir` under a random name, stopping at
 * `maxBytes`; the partial file is removed on any failure. Browser mode's equivalent of the native dialog.
 */
export async function receiveUpload(
  req: IncomingMessage,
  dir: string,
  name: string,
  maxBytes: number,
): Promise<string> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Keep the extension: the importer checks that the content matches it.
  const file = path.join(dir, `${randomBytes(12).toString('hex')}${path.extname(name).slice(0, 10)}`);
  let size = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) done(new UploadTooLarge(`The file is larger than ${Math.round(maxBytes / 1e6)} MB`));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(req, cap, fs.createWriteStream(file, { mode: 0o600 }));
    return file;
  } catch (err) {
    fs.rmSync(file, { force: true });
    throw err;
  }
}
