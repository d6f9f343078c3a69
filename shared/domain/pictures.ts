import { z } from 'zod';

/**
 * Pictures of an e-mail campaign: sent inline with every letter and shown by the HTML as `<img src="cid:…">`.
 * Only the formats every mail client shows — PNG, JPEG, GIF, WebP — told by their first bytes, never by the
 * file's name (a text file renamed .png is refused; a JPEG named .png is sent as the JPEG it is).
 */

export const PICTURE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export type PictureType = (typeof PICTURE_TYPES)[number];

/** Per picture, and all of a campaign's together: the letter is sent to every recipient with them. */
export const PICTURE_MAX_BYTES = 5 * 1024 * 1024;
export const PICTURES_MAX_TOTAL_BYTES = 10 * 1024 * 1024;
export const PICTURES_MAX_COUNT = 20;

const EXTENSIONS: Readonly<Record<PictureType, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) =>
  b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);

/** The picture's type by its magic bytes, or null when it is none of the four. */
export function sniffPicture(b: Uint8Array): PictureType | null {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  // "GIF87a" / "GIF89a"
  if (startsWith(b, [0x47, 0x49, 0x46, 0x38]) && (b[4] === 0x37 || b[4] === 0x39) && b[5] === 0x61) return 'image/gif';
  // "RIFF" size "WEBP"
  if (startsWith(b, [0x52, 0x49, 0x46, 0x46]) && startsWith(b, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}

/**
 * The name the HTML uses for a picture (`cid:logo.png`): the file's name in Latin letters, digits, `.`, `_`, `-`
 * with the extension its content has, else `picture-N`; never one of `taken`.
 */
export function pictureCid(fileName: string, type: PictureType, taken: readonly string[]): string {
  const ext = EXTENSIONS[type];
  const stem = (fileName.split(/[\\/]/).pop() ?? '')
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60);
  const used = new Set(taken.map((t) => t.toLowerCase()));
  const base = stem === '' ? 'picture' : stem;
  for (let n = stem === '' ? 1 : 0; ; n++) {
    const cid = `${n === 0 ? base : `${base}-${n}`}.${ext}`;
    if (!used.has(cid.toLowerCase())) return cid;
  }
}

export type PictureProblem =
  | { code: 'not_a_picture' }
  | { code: 'too_large'; maxBytes: number }
  | { code: 'too_many'; max: number }
  | { code: 'total_too_large'; maxBytes: number }
  | { code: 'empty' };

export const cidSchema = z.string().regex(/^[A-Za-z0-9._-]{1,80}$/, 'not a picture name');

/** A campaign's picture as the UI shows it; `dataUrl` only where the bytes are asked for (previews). */
export const pictureSchema = z.strictObject({
  id: z.int(),
  cid: cidSchema,
  name: z.string(),
  contentType: z.enum(PICTURE_TYPES),
  size: z.int(),
  dataUrl: z.string(),
});
export type Picture = z.infer<typeof pictureSchema>;
