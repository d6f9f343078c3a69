/** Why a whole file cannot be imported (a single bad row is a rejection, not an error). */
export type ImportErrorCode =
  'unreadable' | 'empty' | 'too_large' | 'wrong_type' | 'bad_file' | 'too_many_columns' | 'no_sheet' | 'cancelled';

export class ImportError extends Error {
  constructor(
    readonly code: ImportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}
