import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Icon, type IconName } from '../../components/Icon';
import { formatCount, pluralForm, type MessageKey, type Translate } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useContacts, type ListFilter } from '../../stores/contacts';
import { useExport, type ExportFormat } from '../../stores/export';
import { groupName, useGroups } from '../../stores/groups';
import { useUi } from '../../stores/ui';

interface Choice {
  id: string;
  format: ExportFormat;
  icon: IconName;
  label: MessageKey;
  hint: MessageKey;
}

const CHOICES: readonly Choice[] = [
  {
    id: 'xlsx',
    format: { format: 'xlsx' },
    icon: 'sheet',
    label: 'export.format.xlsx',
    hint: 'export.format.xlsxHint',
  },
  {
    id: 'csv',
    format: { format: 'csv', encoding: 'utf8' },
    icon: 'list',
    label: 'export.format.csv',
    hint: 'export.format.csvHint',
  },
  {
    id: 'cp1251',
    format: { format: 'csv', encoding: 'cp1251' },
    icon: 'list',
    label: 'export.format.cp1251',
    hint: 'export.format.cp1251Hint',
  },
];

/**
 * "Экспорт ▾": the contacts the table shows (search, group or segment) as XLSX or CSV. A menu button as the
 * ARIA pattern has it: Enter, Space or ↓ open it on the first format, ↑/↓/Home/End move, Escape closes it and
 * gives the focus back to the button, and so does a click anywhere else or Tab.
 */
export function ExportMenu() {
  const t = useT();
  const [open, setOpen] = useState(false);
  const exporting = useExport((s) => s.exporting);
  const exportShown = useExport((s) => s.exportShown);
  const anchorRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    // On the first format; on the menu itself when there is nothing to export (Escape still closes it).
    (enabledItems(menuRef.current)[0] ?? menuRef.current)?.focus();
    const onPointerDown = (e: PointerEvent) => {
      if (e.target instanceof Node && !anchorRef.current?.contains(e.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  const onMenuKeyDown = (e: KeyboardEvent) => {
    const list = enabledItems(menuRef.current);
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    const go = (i: number) => list[(i + list.length) % list.length]?.focus();
    switch (e.key) {
      case 'Escape':
        e.preventDefault();
        e.stopPropagation();
        close();
        return;
      case 'Tab':
        // From the button, the browser's own Tab goes on to the next control as if the menu had not opened.
        close();
        return;
      case 'ArrowDown':
        e.preventDefault();
        go(at + 1);
        return;
      case 'ArrowUp':
        e.preventDefault();
        go(at < 0 ? -1 : at - 1);
        return;
      case 'Home':
        e.preventDefault();
        go(0);
        return;
      case 'End':
        e.preventDefault();
        go(-1);
        return;
    }
  };

  const choose = (choice: Choice) => {
    close();
    void exportShown(choice.format);
  };

  return (
    <div className="menu-anchor" ref={anchorRef}>
      <button
        ref={buttonRef}
        type="button"
        className="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-disabled={exporting || undefined}
        aria-busy={exporting || undefined}
        data-testid="export-button"
        data-busy={exporting ? 'true' : 'false'}
        onClick={() => {
          if (!exporting) setOpen((o) => !o);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !exporting && !open) {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        <Icon name="export" />
        {exporting ? t('toolbar.exporting') : t('toolbar.export')}
        <Icon name="chevronDown" size={14} />
      </button>
      {open && (
        <div
          ref={menuRef}
          id={menuId}
          className="menu"
          role="menu"
          tabIndex={-1}
          aria-label={t('export.menu')}
          data-testid="export-menu"
          onKeyDown={onMenuKeyDown}
        >
          <MenuHead />
          {CHOICES.map((c) => (
            <ExportItem key={c.id} choice={c} onChoose={choose} />
          ))}
        </div>
      )}
    </div>
  );
}

const enabledItems = (menu: HTMLElement | null): HTMLButtonElement[] => [
  ...(menu?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not(:disabled)') ?? []),
];

function ExportItem({ choice, onChoose }: { choice: Choice; onChoose: (c: Choice) => void }) {
  const t = useT();
  const empty = useContacts((s) => s.total === 0);
  return (
    <button
      type="button"
      role="menuitem"
      className="menu-item"
      disabled={empty}
      data-testid={`export-${choice.id}`}
      onClick={() => onChoose(choice)}
    >
      <Icon name={choice.icon} />
      <span className="menu-item-text">
        <span className="menu-item-name">{t(choice.label)}</span>
        <span className="menu-item-hint">{t(choice.hint)}</span>
      </span>
    </button>
  );
}

/** "Экспортировать 12 контактов…" and what they are: the count is the table's, so is the filter. */
function MenuHead() {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const total = useContacts((s) => s.total);
  const exact = useContacts((s) => s.exact);
  const filter = useContacts((s) => s.filter);
  const scope = useScope(t, filter);
  const title =
    total === null
      ? t('export.titleUnknown')
      : t(`export.title.${pluralForm(locale, total)}`, { count: formatCount(locale, total, exact) });
  return (
    <div className="menu-head" data-testid="export-menu-head">
      <p className="menu-title" data-testid="export-count">
        {title}
      </p>
      <p className="menu-scope" data-testid="export-scope">
        {total === 0 ? t('export.empty') : scope}
      </p>
    </div>
  );
}

function useScope(t: Translate, filter: ListFilter): string {
  const groups = useGroups((s) => s.groups);
  const segments = useGroups((s) => s.segments);
  const query = filter.query.trim();
  let scope: string | null = null;
  if (filter.segmentId !== null) {
    const id = filter.segmentId;
    scope = t('export.scope.segment', { name: segments.find((s) => s.id === id)?.name ?? '…' });
  } else if (filter.groupId !== null) {
    scope = t('export.scope.group', { name: groupName(groups, filter.groupId) ?? '…' });
  }
  if (scope === null) return query === '' ? t('export.scope.all') : t('export.scope.search', { query });
  return query === '' ? scope : t('export.scope.withSearch', { scope, query });
}
