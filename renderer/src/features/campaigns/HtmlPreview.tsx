import { useEffect, useState } from 'react';
import type { Picture } from '../../../../shared/domain/pictures';
import { api } from '../../api';
import { useT } from '../../i18n/use-t';

/**
 * A personalised letter shown as mail programs show it, its own CSS included: the core keeps the letter and
 * the shell serves it at a path of our origin under a policy of its own (electron/core/files/letter-views.ts:
 * sandboxed, no scripts, no network, inline CSS and data: pictures only — the letter's cid: pictures put in
 * from their bytes). The frame is sandboxed here too, and the page's frame-src keeps it on our origin.
 * Nothing of the letter is parsed in the page: whatever it holds stays inert in its own document.
 */
type View =
  { state: 'loading' } | { state: 'ready'; path: string; remote: number } | { state: 'error'; message: string };

export function HtmlPreview({
  html,
  pictures,
  title,
  testId,
}: {
  html: string;
  pictures: readonly Picture[];
  title: string;
  testId: string;
}) {
  const t = useT();
  const [view, setView] = useState<View>({ state: 'loading' });
  const ids = pictures.map((p) => p.id).join(',');
  useEffect(() => {
    let live = true;
    // A short pause while the letter is being typed: one view per pause, not one per key.
    const timer = setTimeout(() => {
      void api.campaigns.letterView({ html, pictures: ids === '' ? [] : ids.split(',').map(Number) }).then((res) => {
        if (!live) return;
        setView(
          res.ok
            ? { state: 'ready', path: res.value.path, remote: res.value.remote }
            : { state: 'error', message: res.error.message },
        );
      });
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [html, ids]);
  return (
    <div className="html-preview" data-testid={testId} data-state={view.state}>
      {view.state === 'ready' && (
        // A new frame for each letter (its path changes with it) rather than the same frame navigated again.
        <iframe
          key={view.path}
          className="html-preview-frame"
          sandbox=""
          referrerPolicy="no-referrer"
          title={title}
          src={view.path}
          data-testid={`${testId}-frame`}
        />
      )}
      {view.state === 'loading' && <div className="html-preview-frame" aria-busy="true" />}
      {view.state === 'error' && (
        <p className="small field-error" data-testid={`${testId}-error`}>
          {view.message}
        </p>
      )}
      {view.state === 'ready' && view.remote > 0 && (
        <p className="small muted" data-testid={`${testId}-note`}>
          {t('campaigns.html.previewNoRemote', { count: view.remote })}
        </p>
      )}
    </div>
  );
}
