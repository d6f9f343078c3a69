import { useEffect, useRef, useState } from 'react';
import { LIMITS } from '../../../../shared/domain/contact';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { useT } from '../../i18n/use-t';
import { useUi } from '../../stores/ui';
import { ExportMenu } from './ExportMenu';

/** Search is applied this long after the last keystroke: fast enough to feel live, slow enough to skip bursts. */
const SEARCH_DEBOUNCE_MS = 150;

export function Toolbar() {
  const t = useT();
  const setQuery = useUi((s) => s.setQuery);
  const openDialog = useUi((s) => s.openDialog);
  const setScreen = useUi((s) => s.setScreen);
  const query = useUi((s) => s.query).trim();
  const view = useUi((s) => s.view);
  const [text, setText] = useState(() => useUi.getState().query);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(text), SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text, setQuery]);

  // Ctrl+F / Cmd+F focuses the search, as in any desktop list.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f' && !useUi.getState().dialog) {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="toolbar" role="toolbar">
      <label className="search">
        <Icon name="search" />
        <input
          ref={searchRef}
          type="search"
          className="search-input"
          placeholder={t('toolbar.search')}
          aria-label={t('toolbar.search')}
          value={text}
          maxLength={LIMITS.search}
          data-testid="search"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && text !== '') {
              e.stopPropagation();
              setText('');
            }
          }}
        />
      </label>

      {query !== '' && view.kind !== 'segment' && (
        <Button
          icon="filter"
          tone="ghost"
          testId="save-segment"
          onClick={() =>
            openDialog({
              kind: 'save-segment',
              filter: { query, ...(view.kind === 'group' ? { groupIds: [view.id] } : {}) },
            })
          }
        >
          {t('segment.save')}
        </Button>
      )}
      <span className="toolbar-spacer" />
      <Button icon="import" testId="open-import" onClick={() => setScreen('import')}>
        {t('toolbar.import')}
      </Button>
      <ExportMenu />
      <Button
        icon="plus"
        tone="primary"
        testId="add-contact"
        onClick={() => openDialog({ kind: 'contact-form', contactId: null })}
      >
        {t('toolbar.add')}
      </Button>
    </div>
  );
}
