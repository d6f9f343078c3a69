import type { ImportSummary } from '../../../../shared/domain/import';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { formatNumber, type MessageKey } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { groupName, useGroups } from '../../stores/groups';
import { useImport, type Run } from '../../stores/import';
import { useUi, type View } from '../../stores/ui';
import { FileName } from './FileStep';
import { ImportErrorAlert } from './ErrorAlert';
import { formatBytes, formatDuration, secondsLeft } from './messages';
import { RejectedList } from './RejectedList';

/** Step 3: the dry run's progress and verdict, then the import's progress and result. */
export function RunStep() {
  const run = useImport((s) => s.run);
  const check = useImport((s) => s.check);
  const result = useImport((s) => s.result);
  if (run) return <RunProgress run={run} />;
  if (result) return <Done summary={result} />;
  if (check) return <Checked summary={check} />;
  return null;
}

function RunProgress({ run }: { run: Run }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const cancel = useImport((s) => s.cancel);
  const p = run.progress;
  const fraction = p?.fraction ?? null;
  const left = secondsLeft(fraction, run.elapsedMs);
  const facts = [t('import.progress.rows', { count: formatNumber(locale, p?.rows ?? 0) })];
  if (p && p.rowsPerSecond > 0) facts.push(t('import.progress.rate', { rate: formatNumber(locale, p.rowsPerSecond) }));
  if (left !== null) facts.push(t('import.progress.eta', { time: formatDuration(t, left) }));

  return (
    <section
      className="run-card"
      data-testid="import-run"
      data-state="running"
      data-dry-run={run.dryRun ? 'true' : 'false'}
      aria-busy="true"
    >
      <RunHead title={run.dryRun ? t('import.progress.check') : t('import.progress.import')} />
      <div
        className={fraction === null ? 'progress is-indeterminate' : 'progress'}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
        data-testid="import-progress"
      >
        <span className="progress-bar" style={fraction === null ? undefined : { width: `${fraction * 100}%` }} />
      </div>
      <p className="run-facts" data-testid="import-progress-rows" data-rows={p?.rows ?? 0}>
        {facts.join(' · ')}
      </p>
      <div className="run-actions">
        <p className="run-safe">{t('import.progress.safe')}</p>
        <button
          type="button"
          className="button"
          aria-disabled={run.cancelling}
          data-testid="import-cancel"
          onClick={cancel}
        >
          {run.cancelling ? t('import.cancelling') : t('common.cancel')}
        </button>
      </div>
    </section>
  );
}

interface Stat {
  key: MessageKey;
  value: number;
  tone: 'add' | 'update' | 'skip' | 'reject';
}

function Stats({ stats }: { stats: Stat[] }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  return (
    <div className="stats">
      {stats.map((s) => (
        <div
          key={s.tone}
          className={`stat stat-${s.tone}${s.value === 0 ? ' is-zero' : ''}`}
          data-testid={`import-stat-${s.tone}`}
          data-value={s.value}
        >
          <span className="stat-value">{formatNumber(locale, s.value)}</span>
          <span className="stat-label">{t(s.key)}</span>
        </div>
      ))}
    </div>
  );
}

function RowsLine({ summary, extra }: { summary: ImportSummary; extra?: string }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const rows = formatNumber(locale, summary.rows);
  const line =
    summary.blank > 0
      ? t('import.stat.rowsBlank', { rows, blank: formatNumber(locale, summary.blank) })
      : t('import.stat.rows', { rows });
  return (
    <p className="run-rows" data-testid="import-rows-line">
      {extra ? `${line} ${extra}` : line}
    </p>
  );
}

/** The card's title with the file it is about. */
function RunHead({ title, mark }: { title: string; mark?: boolean }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const file = useImport((s) => s.file);
  return (
    <div className="run-head">
      {mark && (
        <span className="done-mark" aria-hidden="true">
          <Icon name="check" size={22} />
        </span>
      )}
      <h2 className="run-title">{title}</h2>
      {file && <FileName name={file.name} size={formatBytes(t, locale, file.size)} />}
    </div>
  );
}

/** Where the contacts will go, as chosen in step 2 (a sentence, or undefined when nowhere in particular). */
function useDestination(): string | undefined {
  const t = useT();
  const group = useImport((s) => s.options.group);
  const groups = useGroups((s) => s.groups);
  if (group.kind === 'new') return t('import.checked.newGroup', { name: group.name.trim() });
  if (group.kind === 'existing' && group.id !== null) {
    const name = groupName(groups, group.id);
    return name === undefined ? undefined : t('import.checked.group', { name });
  }
  return undefined;
}

/** All the rejected rows, not only the first ones the result event carries. */
const rejectedTotal = (summary: ImportSummary): number => summary.rejectedTotal ?? summary.rejected.length;

function Checked({ summary }: { summary: ImportSummary }) {
  const t = useT();
  const notice = useImport((s) => s.notice);
  const runError = useImport((s) => s.runError);
  const jobId = useImport((s) => s.checkJob);
  // A check picked up after a reload ran with settings this page does not have: it cannot be imported from here.
  const canImport = useImport((s) => s.file !== null && s.preview !== null);
  const start = useImport((s) => s.start);
  const back = useImport((s) => s.backToSettings);
  const destination = useDestination();
  return (
    <section className="run-card" data-testid="import-run" data-state="checked">
      {runError && <ImportErrorAlert testId="import-run-error" error={runError} failed />}
      {notice === 'import-cancelled' && (
        <p className="import-notice" role="status" data-testid="import-notice">
          {t('import.cancelled.import')}
        </p>
      )}
      <RunHead title={t('import.checked.title')} />
      <p className="run-lead">{t('import.checked.lead')}</p>
      <Stats
        stats={[
          { key: 'import.stat.toAdd', value: summary.imported, tone: 'add' },
          { key: 'import.stat.toUpdate', value: summary.updated, tone: 'update' },
          { key: 'import.stat.toSkip', value: summary.duplicates, tone: 'skip' },
          { key: 'import.stat.rejected', value: rejectedTotal(summary), tone: 'reject' },
        ]}
      />
      <RowsLine summary={summary} extra={canImport ? destination : undefined} />
      <RejectedList rows={summary.rejected} total={rejectedTotal(summary)} jobId={jobId} />
      {!canImport && (
        <p className="import-notice" data-testid="import-adopted">
          {t('import.adopted.note')}
        </p>
      )}
      <footer className="run-footer">
        {canImport ? (
          <>
            <Button icon="back" tone="ghost" testId="import-back" onClick={back}>
              {t('import.back')}
            </Button>
            <Button icon="import" tone="primary" testId="import-start" onClick={() => start(false)}>
              {t('import.start')}
            </Button>
          </>
        ) : (
          <>
            <span className="toolbar-spacer" />
            <Button icon="sheet" tone="primary" testId="import-back" onClick={back}>
              {t('import.adopted.again')}
            </Button>
          </>
        )}
      </footer>
    </section>
  );
}

function Done({ summary }: { summary: ImportSummary }) {
  const t = useT();
  const groups = useGroups((s) => s.groups);
  const reset = useImport((s) => s.reset);
  const jobId = useImport((s) => s.resultJob);
  const groupId = summary.groupId;
  const name = groupId === null ? undefined : groupName(groups, groupId);
  const leave = (view: View) => {
    useUi.getState().setView(view);
    reset();
  };
  return (
    <section className="run-card" data-testid="import-run" data-state="done">
      <RunHead title={t('import.done.title')} mark />
      <Stats
        stats={[
          { key: 'import.stat.added', value: summary.imported, tone: 'add' },
          { key: 'import.stat.updated', value: summary.updated, tone: 'update' },
          { key: 'import.stat.skipped', value: summary.duplicates, tone: 'skip' },
          { key: 'import.stat.rejected', value: rejectedTotal(summary), tone: 'reject' },
        ]}
      />
      <RowsLine summary={summary} />
      {name !== undefined && (
        <p className="run-done-group" data-testid="import-done-group">
          <Icon name="folder" size={16} />
          {t('import.done.group', { name })}
        </p>
      )}
      <RejectedList rows={summary.rejected} total={rejectedTotal(summary)} jobId={jobId} />
      <footer className="run-footer">
        <Button icon="sheet" tone="ghost" testId="import-another" onClick={reset}>
          {t('import.done.another')}
        </Button>
        <span className="toolbar-spacer" />
        {groupId !== null && (
          <Button icon="folder" testId="import-show-group" onClick={() => leave({ kind: 'group', id: groupId })}>
            {t('import.done.showGroup')}
          </Button>
        )}
        <Button icon="book" tone="primary" testId="import-open-base" onClick={() => leave({ kind: 'all' })}>
          {t('import.done.openBase')}
        </Button>
      </footer>
    </section>
  );
}
