/** The failure kinds the UI maps to user-facing text; messages here are English detail for logs and support. */
export type SpreadsheetErrorCode =
  | 'not_xlsx'
  | 'zip_bomb'
  | 'too_many_entries'
  | 'too_large'
  | 'bad_xml'
  | 'dtd_refused'
  | 'no_sheet'
  | 'too_many_columns';

export class SpreadsheetError extends Error {
  constructor(
    readonly code: SpreadsheetErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SpreadsheetError';
  }
}

/** An AbortError like fetch() throws, so callers can treat a cancelled import the same way everywhere. */
export function abortError(signal: AbortSignal): Error {
  const err = new Error('Reading the spreadsheet was cancelled', { cause: signal.reason });
  err.name = 'AbortError';
  return err;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}
