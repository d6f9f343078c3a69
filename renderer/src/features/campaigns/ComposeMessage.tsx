import { useRef } from 'react';
import type { TemplateIssue } from '../../../../shared/domain/template';
import { useT } from '../../i18n/use-t';
import { useUi } from '../../stores/ui';
import { SmsCounter } from '../channels/Composer';
import { insertAt, issueText, variableToken } from './compose-form';
import { Foot, type ComposeSectionProps } from './compose-shared';
import { VariableChips } from './VariableChips';

/**
 * The message: the subject (when e-mail is among the channels), the variable picker, the text with its
 * variables' errors and warnings live, and the SMS counter (when SMS is). The letter's HTML and WhatsApp's
 * template have sections of their own (ComposeLetter, ComposeWhatsApp).
 */
export function ComposeMessage({ v, set, err, issues }: ComposeSectionProps & { issues: readonly TemplateIssue[] }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const hasSms = v.channels.some((r) => r.channel === 'sms');
  const hasEmail = v.channels.some((r) => r.channel === 'email');
  const hasWhatsApp = v.channels.some((r) => r.channel === 'whatsapp');

  const insertVariable = (token: string) => {
    const el = textRef.current;
    const start = el?.selectionStart ?? v.text.length;
    const end = el?.selectionEnd ?? v.text.length;
    const next = insertAt(v.text, start, end, token);
    set({ text: next.text });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(next.caret, next.caret);
    });
  };

  return (
    <section className="panel compose-section" data-testid="compose-message">
      <h2 className="panel-title">{t('campaigns.compose.message')}</h2>
      {hasEmail && (
        <label className="field">
          <span className="field-label">{t('send.subject')}</span>
          <input
            className={err('subject') ? 'input has-error' : 'input'}
            value={v.subject}
            maxLength={500}
            data-testid="compose-subject"
            onChange={(e) => set({ subject: e.target.value })}
          />
          <Foot error={err('subject')} />
        </label>
      )}
      <div className="variable-picker" role="group" aria-label={t('campaigns.variables')}>
        <span className="field-label">{t('campaigns.variables')}</span>
        <VariableChips onInsert={insertVariable} sheetVariables={v.audience === 'sheet' ? v.sheetVariables : 0} />
        <span className="field-hint">
          {t('campaigns.variablesHint', {
            example: locale === 'ru' ? '{Город}' : '{City}',
            fallback: variableToken('first_name', t('campaigns.fallback.name')),
          })}
        </span>
      </div>
      <label className="field">
        <span className="field-label">
          {t(
            hasEmail
              ? 'campaigns.field.textEmail'
              : hasWhatsApp
                ? 'campaigns.field.textWhatsApp'
                : 'campaigns.field.text',
          )}
        </span>
        <textarea
          ref={textRef}
          className={
            err('text') || issues.some((i) => i.code !== 'escaped_variable')
              ? 'input textarea has-error'
              : 'input textarea'
          }
          value={v.text}
          rows={5}
          maxLength={10_000}
          data-testid="compose-text"
          onChange={(e) => set({ text: e.target.value })}
        />
        <Foot error={err('text')} />
      </label>
      {issues.length > 0 && (
        <ul className="template-issues" data-testid="compose-issues" aria-live="polite">
          {issues.map((issue) => (
            <li
              key={`${issue.code}-${issue.start}`}
              className={issue.code === 'escaped_variable' ? 'is-warning' : 'is-error'}
              data-testid="compose-issue"
            >
              {issueText(t, issue)}
            </li>
          ))}
        </ul>
      )}
      {hasSms && (
        <>
          <SmsCounter text={v.text} />
          <span className="field-hint">{t('campaigns.counterHint')}</span>
        </>
      )}
    </section>
  );
}
