import fs from 'node:fs';
import { CsvParser, detectDelimiter, type CsvLimits, type CsvRecord, type Delimiter } from './csv';
import { ImportError } from './errors';
import { createDecoder, detectEncoding, type TextEncodingName } from './text-decode';

export interface TextTableInfo {
  encoding: TextEncodingName;
  delimiter: Delimiter;
}

const SAMPLE_BYTES = 256 * 1024;

function readSample(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(SAMPLE_BYTES);
    const n = fs.readSync(fd, buf, 0, SAMPLE_BYTES, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** Encoding and delimiter of a CSV/TXT file, from its first 256 KB. */
export function inspectTextTable(file: string, delimiter?: Delimiter): TextTableInfo {
  const sample = readSample(file);
  const { encoding, bomLength } = detectEncoding(sample);
  const text = createDecoder(encoding).decode(sample.subarray(bomLength), { stream: true });
  return { encoding, delimiter: delimiter ?? detectDelimiter(text) };
}

/**
 * Streams the records of a text table in batches (those of each 256 KB read), decoding as it reads, so a
 * 200 MB CSV never sits in memory whole and the progress fraction stays close to the rows parsed. Stops
 * between chunks when the signal aborts; the file is always closed.
 */
export async function* readTextBatches(
  file: string,
  info: TextTableInfo,
  limits: CsvLimits,
  signal?: AbortSignal,
  onRead?: (bytes: number) => void,
): AsyncGenerator<CsvRecord[]> {
  const decoder = createDecoder(info.encoding);
  const parser = new CsvParser(info.delimiter, limits);
  const stream = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  let first = true;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted) throw new ImportError('cancelled', 'Import cancelled');
      onRead?.(chunk.length);
      let bytes = chunk;
      if (first) {
        first = false;
        // The BOM, if any, was accounted for by detection; TextDecoder is told to keep it, so drop it here.
        const bom = detectEncoding(chunk.subarray(0, 4)).bomLength;
        bytes = chunk.subarray(bom);
      }
      const records = parser.push(decoder.decode(bytes, { stream: true }));
      if (records.length > 0) yield records;
    }
    const rest = parser.push(decoder.decode());
    parser.end(rest);
    if (rest.length > 0) yield rest;
  } finally {
    stream.destroy();
  }
}
