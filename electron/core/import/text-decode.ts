import { TextDecoder } from 'node:util';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1251';

export interface DetectedEncoding {
  encoding: TextEncodingName;
  /** Bytes of byte-order mark to skip. */
  bomLength: number;
}

/**
 * The encoding of a text table, from its first bytes: a BOM if there is one; UTF-16LE without BOM (mostly
 * zero odd bytes); otherwise UTF-8 if the sample is valid UTF-8, else Windows-1251, which is what Russian
 * Excel and 1C save as "CSV".
 */
export function detectEncoding(sample: Uint8Array): DetectedEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  if (sample.length >= 8) {
    let zeroOdd = 0;
    let zeroEven = 0;
    for (let i = 0; i + 1 < sample.length; i += 2) {
      if (sample[i + 1] === 0 || sample[i + 1] === 0x04) zeroOdd += 1;
      if (sample[i] === 0) zeroEven += 1;
    }
    const pairs = Math.floor(sample.length / 2);
    if (zeroOdd > pairs * 0.9 && zeroEven < pairs * 0.1) return { encoding: 'utf-16le', bomLength: 0 };
  }
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return { encoding: 'utf-8', bomLength: 0 };
  } catch {
    return { encoding: 'windows-1251', bomLength: 0 };
  }
}

/** A streaming decoder for the detected encoding (Node's TextDecoder knows all four with full ICU). */
export function createDecoder(encoding: TextEncodingName): TextDecoder {
  return new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
}
