import { describe, expect, it } from 'vitest';
import { pictureCid, sniffPicture } from '../../../shared/domain/pictures';
import { GIF_BYTES, JPEG_BYTES, WEBP_BYTES, pngPicture } from '../../fixtures/pictures';

describe('pictures by their bytes', () => {
  it('knows PNG, JPEG, GIF and WebP by their magic bytes', () => {
    expect(sniffPicture(pngPicture(2, 2, [255, 0, 0]))).toBe('image/png');
    expect(sniffPicture(JPEG_BYTES)).toBe('image/jpeg');
    expect(sniffPicture(GIF_BYTES)).toBe('image/gif');
    expect(sniffPicture(Buffer.concat([Buffer.from('GIF87a', 'latin1'), Buffer.alloc(8)]))).toBe('image/gif');
    expect(sniffPicture(WEBP_BYTES)).toBe('image/webp');
  });

  it('refuses anything else, whatever its name would say', () => {
    expect(sniffPicture(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffPicture(Buffer.from('just text renamed to .png'))).toBeNull();
    expect(sniffPicture(Buffer.from('BM6\0\0\0'))).toBeNull(); // BMP
    expect(
      sniffPicture(Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.alloc(4), Buffer.from('WAVE')])),
    ).toBeNull();
    expect(sniffPicture(Buffer.from([0x89, 0x50, 0x4e]))).toBeNull(); // cut short
    expect(sniffPicture(new Uint8Array())).toBeNull();
  });

  it('names a picture for cid: from its file, with the extension its content has, never twice', () => {
    expect(pictureCid('logo.png', 'image/png', [])).toBe('logo.png');
    // A JPEG someone named .png is a JPEG.
    expect(pictureCid('photo.png', 'image/jpeg', [])).toBe('photo.jpg');
    expect(pictureCid('Логотип магазина.png', 'image/png', [])).toBe('picture-1.png');
    expect(pictureCid('C:\\Users\\olga\\Летняя акция 2026.webp', 'image/webp', [])).toBe('2026.webp');
    expect(pictureCid('logo.png', 'image/png', ['logo.png', 'LOGO-1.png'])).toBe('logo-2.png');
    expect(pictureCid('', 'image/gif', ['picture-1.gif'])).toBe('picture-2.gif');
  });
});
