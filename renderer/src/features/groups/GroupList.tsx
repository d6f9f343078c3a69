import type { ReactNode } from 'react';
import type { SegmentFilter } from '../../../../shared/domain/contact';
import { Icon, type IconName } from '../../components/Icon';
import { IconButton } from '../../components/IconButton';
import { formatCount, formatNumber } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useGroups } from '../../stores/groups';
import { useUi, type Dialog, type View } from '../../stores/ui';

const sameView = (a: View, b: View): boolean =>
  a.kind === b.kind && (a.kind === 'all' || (b.kind !== 'all' && a.id === b.id));

const isEmptyFilter = (f: SegmentFilter): boolean =>
  !f.query?.trim() && (f.groupIds?.length ?? 0) === 0 && f.reachableOn === undefined;

/** The sidebar's list of what the table can show: everyone, one group, or a saved segment. */
export function GroupList() {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const openDialog = useUi((s) => s.openDialog);
  const groups = useGroups((s) => s.groups);
  // A built-in segment with an empty filter is "everyone", which the first entry already is.
  const segments = useGroups((s) => s.segments).filter((s) => !(s.builtIn && isEmptyFilter(s.filter)));
  const allCount = useGroups((s) => s.allCount);

  return (
    <div className="side-groups">
      <ViewButton
        target={{ kind: 'all' }}
        icon="users"
        name={t('sidebar.allContacts')}
        count={allCount ? formatCount(locale, allCount.total, allCount.exact) : undefined}
        testId="view-all"
      />

      <div className="side-section-title">
        <span>{t('sidebar.groups')}</span>
        <IconButton
          icon="plus"
          label={t('sidebar.newGroup')}
          small
          testId="group-create"
          onClick={() => openDialog({ kind: 'group-form', group: null })}
        />
      </div>
      {groups.length === 0 && <p className="side-empty">{t('sidebar.noGroups')}</p>}
      <ul className="side-list">
        {groups.map((g) => (
          <SideRow
            key={g.id}
            target={{ kind: 'group', id: g.id }}
            icon="folder"
            name={g.name}
            count={formatNumber(locale, g.size)}
            testId="group-item"
            actionsLabel={t('sidebar.groupActions', { name: g.name })}
          >
            <RowAction
              icon="edit"
              label={t('sidebar.renameGroup')}
              testId="group-rename"
              dialog={{ kind: 'group-form', group: g }}
            />
            <RowAction
              icon="trash"
              label={t('sidebar.deleteGroup')}
              testId="group-delete"
              dialog={{ kind: 'delete-group', group: g }}
            />
          </SideRow>
        ))}
      </ul>

      {segments.length > 0 && (
        <>
          <div className="side-section-title">
            <span>{t('sidebar.segments')}</span>
          </div>
          <ul className="side-list">
            {segments.map((s) => (
              <SideRow
                key={s.id}
                target={{ kind: 'segment', id: s.id }}
                icon="filter"
                name={s.name}
                testId="segment-item"
              >
                {!s.builtIn && (
                  <RowAction
                    icon="trash"
                    label={t('segment.delete')}
                    testId="segment-delete"
                    dialog={{ kind: 'delete-segment', segment: s }}
                  />
                )}
              </SideRow>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

interface ViewButtonProps {
  target: View;
  icon: IconName;
  name: string;
  count?: string;
  testId: string;
}

/** Shows one slice of the base in the table; marked as current while it is the one shown. */
function ViewButton({ target, icon, name, count, testId }: ViewButtonProps) {
  const current = useUi((s) => sameView(s.view, target));
  const setView = useUi((s) => s.setView);
  const id = target.kind === 'all' ? undefined : target.id;
  return (
    <button
      type="button"
      className={current ? 'side-item is-current' : 'side-item'}
      aria-current={current ? 'true' : undefined}
      data-testid={testId}
      data-id={id}
      onClick={() => setView(target)}
    >
      <Icon name={icon} />
      <span className="side-item-name" title={id === undefined ? undefined : name}>
        {name}
      </span>
      {count !== undefined && <span className="side-count">{count}</span>}
    </button>
  );
}

/** A small button on a sidebar row that opens a dialog about that row (rename, delete). */
function RowAction({ icon, label, testId, dialog }: { icon: IconName; label: string; testId: string; dialog: Dialog }) {
  const openDialog = useUi((s) => s.openDialog);
  return (
    <IconButton icon={icon} label={label} small iconSize={14} testId={testId} onClick={() => openDialog(dialog)} />
  );
}

interface SideRowProps extends ViewButtonProps {
  /** Names the row's action buttons for screen readers. */
  actionsLabel?: string;
  /** The row's own actions (rename, delete), shown on hover and focus. */
  children?: ReactNode;
}

function SideRow({ actionsLabel, children, ...item }: SideRowProps) {
  return (
    <li className="side-row">
      <ViewButton {...item} />
      {children && (
        <span className="side-actions" role={actionsLabel ? 'group' : undefined} aria-label={actionsLabel}>
          {children}
        </span>
      )}
    </li>
  );
}
