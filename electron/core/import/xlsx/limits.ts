/**
 * Bounds on what an untrusted workbook may make us do. Every check happens before the work it bounds:
 * the zip figures are checked against the central directory before a byte is inflated.
 */
export interface XlsxLimits {
  /** Zip entries (parts). Real workbooks have tens; thousands only with many sheets or images. */
  maxEntries: number;
  /** Declared uncompressed size of any one entry. */
  maxEntryBytes: number;
  /** Sum of declared uncompressed sizes of all entries. */
  maxTotalBytes: number;
  /** Uncompressed/compressed ratio of one entry (zip bombs), for entries big enough to matter. */
  maxRatio: number;
  /** Entries in xl/sharedStrings.xml; each one is held in memory for the whole read. */
  maxSharedStrings: number;
  /** Highest column (1-based count) a row may hold a value in; beyond it the read fails. */
  maxColumns: number;
}

/**
 * Sized for a 1,000,000-row contact export with generous headroom, and not much more:
 * - 10,000 entries: a workbook needs ~10 parts plus one per sheet, image or comment block.
 * - 1.5 GB per entry: a 1M-row × 30-column sheet is ~1 GB of XML; Excel's own files stay well under this.
 * - 2 GB in total: the sheet plus shared strings plus embedded images.
 * - ratio 200: sheet XML deflates 5–30× (up to ~100× for runs of empty styled cells); deflate's ceiling is
 *   ~1032×, which is what bombs use. Only applied to entries over 1 MiB (see zip.ts).
 * - 5,000,000 shared strings: a 1M-row export with five unique text columns. Each costs ~100 bytes of heap
 *   (measured: 2M name/e-mail strings hold ~210 MB), so the ceiling is ~500 MB.
 * - 1,000 columns: contact lists have tens; a value beyond that is a malformed or hostile file.
 */
export const DEFAULT_XLSX_LIMITS: XlsxLimits = Object.freeze({
  maxEntries: 10_000,
  maxEntryBytes: 1_500 * 1024 * 1024,
  maxTotalBytes: 2_048 * 1024 * 1024,
  maxRatio: 200,
  maxSharedStrings: 5_000_000,
  maxColumns: 1_000,
});
