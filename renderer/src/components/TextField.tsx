interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  maxLength: number;
  testId: string;
  /** Shown under the field in red (and the field turns red); takes the place of the hint. */
  error?: string | null;
  errorTestId?: string;
  hint?: string;
  placeholder?: string;
  type?: 'text' | 'tel' | 'email';
  /** Focus the field when it appears: with its dialog, or later (e.g. once "new group" is picked). */
  autoFocus?: boolean;
  /** Names, numbers and addresses: no autofill suggestions and no spell-check squiggles. */
  plain?: boolean;
  onBlur?: () => void;
}

/** A labelled text input with its error or hint line, as every form in the app lays them out. */
export function TextField(p: TextFieldProps) {
  return (
    <label className="field">
      <span className="field-label">{p.label}</span>
      <input
        className={p.error ? 'input has-error' : 'input'}
        type={p.type ?? 'text'}
        value={p.value}
        maxLength={p.maxLength}
        placeholder={p.placeholder}
        autoComplete={p.plain ? 'off' : undefined}
        spellCheck={p.plain ? false : undefined}
        aria-invalid={p.error ? true : undefined}
        data-testid={p.testId}
        data-autofocus={p.autoFocus ? true : undefined}
        autoFocus={p.autoFocus}
        onChange={(e) => p.onChange(e.target.value)}
        onBlur={p.onBlur}
      />
      {p.error ? (
        <span className="field-error" role="alert" data-testid={p.errorTestId}>
          {p.error}
        </span>
      ) : (
        p.hint && <span className="field-hint">{p.hint}</span>
      )}
    </label>
  );
}
