import { Icon, type IconName } from '../../components/Icon';
import type { MessageKey } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useUi } from '../../stores/ui';
import { GroupList } from '../groups/GroupList';

/** Screens that are planned; shown disabled so people see where the app is going. */
const LATER: Array<{ key: MessageKey; icon: IconName }> = [
  { key: 'nav.test', icon: 'send' },
  { key: 'nav.campaigns', icon: 'list' },
  { key: 'nav.statuses', icon: 'chart' },
  { key: 'nav.settings', icon: 'settings' },
];

export function Sidebar() {
  const t = useT();
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          {t('app.name').slice(0, 1)}
        </span>
        <span className="brand-text">
          <span className="brand-name" data-testid="app-name">
            {t('app.name')}
          </span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </span>
      </div>

      <nav className="nav" aria-label={t('app.name')}>
        <button type="button" className="nav-item is-current" aria-current="page" data-testid="nav-base">
          <Icon name="book" />
          <span>{t('nav.base')}</span>
        </button>
        {LATER.map((item) => (
          <button key={item.key} type="button" className="nav-item" disabled aria-disabled="true">
            <Icon name={item.icon} />
            <span>{t(item.key)}</span>
            <span className="nav-soon">{t('nav.soon')}</span>
          </button>
        ))}
      </nav>

      <GroupList />

      <LanguageSwitch />
    </aside>
  );
}

function LanguageSwitch() {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const setLocale = useUi((s) => s.setLocale);
  return (
    <div className="lang" role="group" aria-label={t('sidebar.language')} data-testid="lang-switch">
      {(['ru', 'en'] as const).map((l) => (
        <button
          key={l}
          type="button"
          className={l === locale ? 'lang-option is-current' : 'lang-option'}
          aria-pressed={l === locale}
          data-testid={`lang-${l}`}
          lang={l}
          onClick={() => setLocale(l)}
        >
          {l === 'ru' ? 'Русский' : 'English'}
        </button>
      ))}
    </div>
  );
}
