import { formatCount } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useContacts } from '../../stores/contacts';
import { groupName, useGroups } from '../../stores/groups';
import { useUi } from '../../stores/ui';
import { ContactCard } from './ContactCard';
import { ContactTable } from './ContactTable';
import { Toolbar } from './Toolbar';

/** "База абонентов": title and counter, toolbar, the virtualised table and the card panel. */
export function BaseScreen() {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const view = useUi((s) => s.view);
  const cardId = useUi((s) => s.cardId);
  const searchEpoch = useUi((s) => s.searchEpoch);
  const total = useContacts((s) => s.total);
  const exact = useContacts((s) => s.exact);
  const groups = useGroups((s) => s.groups);
  const segments = useGroups((s) => s.segments);

  const title =
    view.kind === 'group'
      ? (groupName(groups, view.id) ?? t('sidebar.groups'))
      : view.kind === 'segment'
        ? (segments.find((s) => s.id === view.id)?.name ?? t('sidebar.segments'))
        : t('sidebar.allContacts');

  return (
    <main className="main">
      <header className="main-header">
        <div className="main-title">
          <span className="eyebrow">{t('nav.base')}</span>
          <h1 data-testid="view-title">{title}</h1>
        </div>
        <span className="counter" data-testid="contact-count">
          {t('table.count', { count: total === null ? '…' : formatCount(locale, total, exact) })}
        </span>
      </header>
      <Toolbar key={searchEpoch} />
      <div className="content">
        <ContactTable />
        {cardId !== null && <ContactCard id={cardId} />}
      </div>
    </main>
  );
}
