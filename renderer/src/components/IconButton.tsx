import { Icon, type IconName } from './Icon';

interface IconButtonProps {
  icon: IconName;
  /** Said by screen readers and shown as the tooltip: an icon alone names nothing. */
  label: string;
  onClick: () => void;
  small?: boolean;
  iconSize?: number;
  testId?: string;
}

export function IconButton({ icon, label, onClick, small, iconSize, testId }: IconButtonProps) {
  return (
    <button
      type="button"
      className={small ? 'icon-button icon-button-sm' : 'icon-button'}
      title={label}
      aria-label={label}
      data-testid={testId}
      onClick={onClick}
    >
      <Icon name={icon} size={iconSize} />
    </button>
  );
}
