import { memo, type MouseEvent } from 'react';
import { CHANNELS } from '../../../../shared/domain/channels';
import type { Contact } from '../../../../shared/domain/contact';
import { formatPhone } from '../../../../shared/domain/phone';
import type { Translate } from '../../i18n/translate';
import { fullName } from './contact-form';

export const ROW_HEIGHT = 40;

interface RowProps {
  index: number;
  top: number;
  contact: Contact | undefined;
  /** Ticked; for a row still loading, whether it will be ticked once it arrives ("all N" is selected). */
  selected: boolean;
  active: boolean;
  t: Translate;
  onRowClick: (e: MouseEvent, index: number, contact: Contact) => void;
  onCheckClick: (e: MouseEvent, index: number, contact: Contact) => void;
}

/** One chip and "+N": two chips in a column this narrow would both be cut to a few letters. */
const MAX_GROUP_CHIPS = 1;

/** One table row; memoised so scrolling re-renders only rows whose data or state changed. */
export const ContactRow = memo(function ContactRow({
  index,
  top,
  contact,
  selected,
  active,
  t,
  onRowClick,
  onCheckClick,
}: RowProps) {
  const position = { transform: `translateY(${top}px)` };
  if (!contact) {
    return (
      <div
        className={selected ? 'grid-row row is-placeholder is-selected' : 'grid-row row is-placeholder'}
        role="row"
        aria-rowindex={index + 2}
        style={position}
        data-testid="contact-row-placeholder"
      >
        <span className="cell cell-check" role="gridcell" />
        {[62, 44, 56, 30, 18].map((w, i) => (
          <span key={i} className="cell" role="gridcell">
            <span className="skeleton" style={{ width: `${w + ((index * 7 + i * 13) % 25)}%` }} />
          </span>
        ))}
      </div>
    );
  }
  const name = fullName(contact);
  const groups = contact.groups;
  const optedOut = CHANNELS.filter((c) => contact.optOut[c]);
  const className = ['grid-row', 'row', selected && 'is-selected', active && 'is-active'].filter(Boolean).join(' ');
  return (
    <div
      className={className}
      role="row"
      id={`row-${index}`}
      aria-rowindex={index + 2}
      aria-selected={selected}
      style={position}
      data-testid="contact-row"
      data-id={contact.id}
      data-index={index}
      onClick={(e) => onRowClick(e, index, contact)}
    >
      <span className="cell cell-check" role="gridcell">
        <input
          type="checkbox"
          checked={selected}
          aria-label={t('table.selectRow')}
          data-testid="row-check"
          tabIndex={-1}
          onChange={noop}
          onClick={(e) => onCheckClick(e, index, contact)}
        />
      </span>
      <span className="cell cell-name" role="gridcell" title={name}>
        {name === '' ? <span className="muted">{t('table.noName')}</span> : name}
      </span>
      <span className="cell cell-phone" role="gridcell">
        {contact.phone ? formatPhone(contact.phone) : ''}
      </span>
      <span className="cell cell-email" role="gridcell" title={contact.email ?? undefined}>
        {contact.email ?? ''}
      </span>
      <span className="cell cell-groups" role="gridcell" title={groups.map((g) => g.name).join(', ')}>
        {groups.slice(0, MAX_GROUP_CHIPS).map((g) => (
          <span key={g.id} className="chip">
            {g.name}
          </span>
        ))}
        {groups.length > MAX_GROUP_CHIPS && <span className="chip chip-more">+{groups.length - MAX_GROUP_CHIPS}</span>}
      </span>
      <span className="cell cell-optout" role="gridcell">
        {optedOut.map((c) => (
          <span
            key={c}
            className={`optout-badge optout-${c}`}
            title={t('table.optedOut', { channel: t(`channel.${c}`) })}
            aria-label={t('table.optedOut', { channel: t(`channel.${c}`) })}
            data-testid={`optout-badge-${c}`}
          >
            {t(`channel.short.${c}`)}
          </span>
        ))}
      </span>
    </div>
  );
});

function noop(): void {
  // The checkbox is controlled by the selection store; clicks are handled in onClick (it carries shiftKey).
}
