import { Icon, type IconName } from './Icon';

interface ButtonProps {
  icon: IconName;
  children: string;
  onClick: () => void;
  /** The look: `primary` for the screen's main action, `danger` for a destructive one, `ghost` for a quiet one. */
  tone?: 'primary' | 'danger' | 'ghost';
  small?: boolean;
  /** Extra classes for placement (e.g. pushing the button to the row's end). */
  className?: string;
  testId?: string;
  /**
   * Its action is running: shown dimmed and announced as busy, but kept focusable (aria-disabled rather than
   * disabled), so keyboard focus is not thrown to <body>. The caller ignores clicks meanwhile.
   */
  busy?: boolean;
}

const TONES = { primary: 'button-primary', danger: 'button-danger-outline', ghost: 'button-ghost' } as const;

/** A button with an icon before its label, in the app's styles. */
export function Button({ icon, children, onClick, tone, small, className, testId, busy }: ButtonProps) {
  const classes = ['button', tone && TONES[tone], small && 'button-sm', className].filter(Boolean).join(' ');
  return (
    <button
      type="button"
      className={classes}
      data-testid={testId}
      aria-disabled={busy || undefined}
      aria-busy={busy || undefined}
      onClick={onClick}
    >
      <Icon name={icon} size={small ? 15 : 16} />
      {children}
    </button>
  );
}
