import { Icon, type IconName } from '../../components/Icon';
import type { MessageKey } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useImport } from '../../stores/import';
import { useUi, type Screen } from '../../stores/ui';
import { GroupList } from '../groups/GroupList';

/** Screens that are planned; shown disabled so people see where the app is going. */
const LATER: Array<{ key: MessageKey; icon: IconName }> = [{ key: 'nav.statuses', icon: 'chart' }];

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
        <NavItem screen="base" icon="book" label={t('nav.base')} testId="nav-base" />
        <NavItem screen="import" icon="import" label={t('nav.import')} testId="nav-import" />
        <NavItem screen="test" icon="send" label={t('nav.test')} testId="nav-test" />
        <NavItem screen="campaigns" icon="list" label={t('nav.campaigns')} testId="nav-campaigns" />
        {LATER.map((item) => (
          <button key={item.key} type="button" className="nav-item" disabled aria-disabled="true">
            <Icon name={item.icon} />
            <span>{t(item.key)}</span>
            <span className="nav-soon">{t('nav.soon')}</span>
          </button>
        ))}
        <NavItem screen="settings" icon="settings" label={t('nav.settings')} testId="nav-settings" />
      </nav>

      <GroupList />

      <LanguageSwitch />
    </aside>
  );
}

interface NavItemProps {
  screen: Screen;
  icon: IconName;
  label: string;
  testId: string;
}

function NavItem({ screen, icon, label, testId }: NavItemProps) {
  const t = useT();
  const current = useUi((s) => s.screen === screen);
  const setScreen = useUi((s) => s.setScreen);
  // While an import runs and another screen is shown, its entry says so (how far it is, when that is known).
  const running = useImport((s) =>
    screen === 'import' && !current && s.run ? (s.run.progress?.fraction ?? -1) : null,
  );
  return (
    <button
      type="button"
      className={current ? 'nav-item is-current' : 'nav-item'}
      aria-current={current ? 'page' : undefined}
      data-testid={testId}
      onClick={() => setScreen(screen)}
    >
      <Icon name={icon} />
      <span>{label}</span>
      {running !== null && (
        <span className="nav-badge" data-testid="nav-import-running">
          {running >= 0 ? `${Math.floor(running * 100)}%` : t('nav.importRunning')}
        </span>
      )}
    </button>
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
