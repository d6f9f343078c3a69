import type { ReactNode } from 'react';

interface CardSectionProps {
  title: string;
  /** When set, the section shows this muted line instead of its content. */
  emptyText?: string | false;
  children?: ReactNode;
  /** Shown after the content or the empty line alike (e.g. a form that adds to the list). */
  footer?: ReactNode;
}

/** One titled block of the contact card, with the "nothing here yet" line every list in it needs. */
export function CardSection({ title, emptyText, children, footer }: CardSectionProps) {
  return (
    <section className="card-section">
      <h3>{title}</h3>
      {emptyText ? <p className="muted small">{emptyText}</p> : children}
      {footer}
    </section>
  );
}
