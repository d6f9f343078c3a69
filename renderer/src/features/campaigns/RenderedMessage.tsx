import type { Picture } from '../../../../shared/domain/pictures';
import { formatInZone } from '../../../../shared/domain/schedule';
import { renderTemplate } from '../channels/send-form';
import { formatNumber } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useUi } from '../../stores/ui';
import { HtmlPreview } from './HtmlPreview';
import { localZone } from './local-zone';
import { renderedSummary, type Rendered } from './preview-format';

/**
 * One recipient's message as campaigns:render gives it: a sheet row's own send time, the subject, the text
 * (the text/plain alternative of a letter), the letter itself in a sandbox with its pictures, and WhatsApp's
 * template with that recipient's variables in it.
 */
export function RenderedMessage({
  rendered,
  pictures,
  name,
  sms,
}: {
  rendered: Rendered;
  pictures: readonly Picture[];
  name: string;
  /** SMS is among the campaign's channels: its parts and encoding are worth telling. */
  sms: boolean;
}) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const wa = rendered.whatsapp;
  return (
    <div className="rendered" data-testid="rendered" data-parts={rendered.parts} data-encoding={rendered.encoding}>
      <span className="field-label">{t('campaigns.render.for', { name })}</span>
      {rendered.sendAt !== null && (
        <p className="small" data-testid="rendered-send-at">
          {t('campaigns.render.sendAt', { time: formatInZone(new Date(rendered.sendAt), localZone(), locale) })}
        </p>
      )}
      {rendered.subject !== null && (
        <p className="rendered-subject" data-testid="rendered-subject">
          {rendered.subject}
        </p>
      )}
      {rendered.html !== null && (
        <HtmlPreview
          html={rendered.html}
          pictures={pictures}
          title={t('campaigns.html.previewTitle')}
          testId="rendered-html"
        />
      )}
      {wa && (
        <div className="template-preview" data-testid="rendered-whatsapp" data-template={wa.name}>
          <span className="field-label">
            {t('campaigns.render.waTemplate', { name: wa.name, language: wa.language })}
          </span>
          {wa.body !== null ? (
            <p data-testid="rendered-whatsapp-body">{renderTemplate(wa.body, wa.variables)}</p>
          ) : (
            <ol className="rendered-wa-vars">
              {wa.variables.map((x, i) => (
                <li key={i}>{`{{${i + 1}}} = ${x}`}</li>
              ))}
            </ol>
          )}
        </div>
      )}
      {rendered.html !== null && <span className="field-label">{t('campaigns.render.plainText')}</span>}
      <p className="rendered-text" data-testid="rendered-text">
        {rendered.text}
      </p>
      <p className="small muted" data-testid="rendered-summary">
        {sms
          ? renderedSummary(t, locale, rendered)
          : t('campaigns.render.characters', { characters: formatNumber(locale, rendered.text.length) })}
      </p>
    </div>
  );
}
