/** What every contract call answers: it never throws across the boundary. */
export type ErrorCode =
  | 'bad_request'
  | 'invalid_phone'
  | 'invalid_email'
  | 'no_address'
  | 'duplicate'
  | 'not_found'
  | 'forbidden'
  | 'unknown_channel'
  | 'schema_too_new'
  // Why a file cannot be imported (electron/core/import/errors.ts):
  | 'unreadable'
  | 'empty'
  | 'too_large'
  | 'wrong_type'
  | 'bad_file'
  | 'too_many_columns'
  | 'no_sheet'
  | 'cancelled'
  | 'vault_locked'
  | 'wrong_passphrase'
  | 'internal';

export interface ResultError {
  code: ErrorCode;
  message: string;
  /** The input field the error is about, when there is one (e.g. "phone"). */
  field?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ResultError };

/** An error the core throws on purpose; the dispatcher turns it into `{ ok: false, error }`. */
export class VestnikError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'VestnikError';
  }
}
