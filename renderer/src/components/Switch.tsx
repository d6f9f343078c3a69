interface SwitchProps {
  checked: boolean;
  label: string;
  /** A short second line, e.g. why the switch is disabled. */
  hint?: string;
  onChange: (next: boolean) => void;
  disabled?: boolean;
  testId?: string;
}

/** A labelled on/off switch (role="switch"), the whole row is clickable. */
export function Switch({ checked, label, hint, onChange, disabled, testId }: SwitchProps) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      className={checked ? 'switch is-on' : 'switch'}
      disabled={disabled}
      data-testid={testId}
      onClick={() => onChange(!checked)}
    >
      <span className="switch-text">
        <span className="switch-label">{label}</span>
        {hint && <span className="switch-hint">{hint}</span>}
      </span>
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
    </button>
  );
}
