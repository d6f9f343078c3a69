import type { SegmentFilter } from '../../../../shared/domain/contact';
import { Icon } from '../../components/Icon';
import { formatCount, formatNumber } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useGroups } from '../../stores/groups';
import { useUi, type View } from '../../stores/ui';

const sameView = (a: View, b: View): boolean =>
  a.kind === b.kind && (a.kind === 'all' || (b.kind !== 'all' && a.id === b.id));

const isEmptyFilter = (f: SegmentFilter): boolean =>
  !f.query?.trim() && (f.groupIds?.length ?? 0) === 0 && f.reachableOn === undefined;

/** The sidebar's list of what the table can show: everyone, one group, or a saved segment. */
export function GroupList() {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const view = useUi((s) => s.view);
  const setView = useUi((s) => s.setView);
  const openDialog = useUi((s) => s.openDialog);
  const groups = useGroups((s) => s.groups);
  // A built-in segment with an empty filter is "everyone", which the first entry already is.
  const segments = useGroups((s) => s.segments).filter((s) => !(s.builtIn && isEmptyFilter(s.filter)));
  const allCount = useGroups((s) => s.allCount);

  const item = (target: View) => ({
    className: sameView(view, target) ? 'side-item is-current' : 'side-item',
    'aria-current': sameView(view, target) ? ('true' as const) : undefined,
    onClick: () => setView(target),
  });

  return (
    <div className="side-groups">
      <button type="button" {...item({ kind: 'all' })} data-testid="view-all">
        <Icon name="users" />
        <span className="side-item-name">{t('sidebar.allContacts')}</span>
        {allCount && <span className="side-count">{formatCount(locale, allCount.total, allCount.exact)}</span>}
      </button>

      <div className="side-section-title">
        <span>{t('sidebar.groups')}</span>
        <button
          type="button"
          className="icon-button icon-button-sm"
          title={t('sidebar.newGroup')}
          aria-label={t('sidebar.newGroup')}
          data-testid="group-create"
          onClick={() => openDialog({ kind: 'group-form', group: null })}
        >
          <Icon name="plus" />
        </button>
      </div>
      {groups.length === 0 && <p className="side-empty">{t('sidebar.noGroups')}</p>}
      <ul className="side-list">
        {groups.map((g) => (
          <li key={g.id} className="side-row">
            <button type="button" {...item({ kind: 'group', id: g.id })} data-testid="group-item" data-id={g.id}>
              <Icon name="folder" />
              <span className="side-item-name" title={g.name}>
                {g.name}
              </span>
              <span className="side-count">{formatNumber(locale, g.size)}</span>
            </button>
            <span className="side-actions" role="group" aria-label={t('sidebar.groupActions', { name: g.name })}>
              <button
                type="button"
                className="icon-button icon-button-sm"
                title={t('sidebar.renameGroup')}
                aria-label={t('sidebar.renameGroup')}
                data-testid="group-rename"
                onClick={() => openDialog({ kind: 'group-form', group: g })}
              >
                <Icon name="edit" size={14} />
              </button>
              <button
                type="button"
                className="icon-button icon-button-sm"
                title={t('sidebar.deleteGroup')}
                aria-label={t('sidebar.deleteGroup')}
                data-testid="group-delete"
                onClick={() => openDialog({ kind: 'delete-group', group: g })}
              >
                <Icon name="trash" size={14} />
              </button>
            </span>
          </li>
        ))}
      </ul>

      {segments.length > 0 && (
        <>
          <div className="side-section-title">
            <span>{t('sidebar.segments')}</span>
          </div>
          <ul className="side-list">
            {segments.map((s) => (
              <li key={s.id} className="side-row">
                <button
                  type="button"
                  {...item({ kind: 'segment', id: s.id })}
                  data-testid="segment-item"
                  data-id={s.id}
                >
                  <Icon name="filter" />
                  <span className="side-item-name" title={s.name}>
                    {s.name}
                  </span>
                </button>
                {!s.builtIn && (
                  <span className="side-actions">
                    <button
                      type="button"
                      className="icon-button icon-button-sm"
                      title={t('segment.delete')}
                      aria-label={t('segment.delete')}
                      data-testid="segment-delete"
                      onClick={() => openDialog({ kind: 'delete-segment', segment: s })}
                    >
                      <Icon name="trash" size={14} />
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
