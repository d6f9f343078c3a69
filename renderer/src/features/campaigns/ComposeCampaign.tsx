import { useRef, useState } from 'react';
import { BUILTIN_VARIABLES, VARIABLE_LABELS, type BuiltinVariable } from '../../../../shared/domain/template';
import { formatInZone } from '../../../../shared/domain/schedule';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { FormError } from '../../components/Modal';
import { Switch } from '../../components/Switch';
import { useSubmit } from '../../components/use-submit';
import { formatNumber } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useCampaigns } from '../../stores/campaigns';
import { accountsOf, useChannels } from '../../stores/channels';
import { useGroups } from '../../stores/groups';
import { useUi } from '../../stores/ui';
import type { FieldError } from '../channels/account-form';
import { SmsCounter } from '../channels/Composer';
import { localIso, suggestedLater, zoneLabel } from '../channels/send-form';
import {
  MAX_CHANNELS,
  addableChannels,
  channelRow,
  emptyCampaignForm,
  insertAt,
  issueText,
  moveRow,
  validateCampaign,
  variableToken,
  type AudienceChoice,
  type CampaignField,
  type CampaignFormValues,
} from './compose-form';

/** Variables whose empty value reads badly without a fallback ("Здравствуйте, !"): inserted with one. */
const WITH_FALLBACK: ReadonlySet<BuiltinVariable> = new Set(['first_name', 'full_name', 'middle_name']);

/**
 * "Новая рассылка": name and owner; channels with their accounts in priority order and the mode; the
 * audience; the text with a variable picker, live errors and the SMS counter; marketing quiet hours; a
 * budget; when. Save creates a draft — nothing is sent before the preview and an explicit launch.
 */
export function ComposeCampaign() {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const accounts = useChannels((s) => s.accounts);
  const groups = useGroups((s) => s.groups);
  const segments = useGroups((s) => s.segments);
  const setScreen = useUi((s) => s.setScreen);
  const [v, setV] = useState<CampaignFormValues>(() => {
    const sel = useUi.getState().selection;
    return emptyCampaignForm(accounts, sel.mode === 'ids' ? [...sel.ids] : []);
  });
  const [showErrors, setShowErrors] = useState(false);
  const { busy, error, run } = useSubmit();
  const textRef = useRef<HTMLTextAreaElement>(null);
  const set = (patch: Partial<CampaignFormValues>) => setV((prev) => ({ ...prev, ...patch }));
  const check = validateCampaign(v, { now: new Date() });
  const errors: Partial<Record<CampaignField, FieldError>> = showErrors ? check.errors : {};
  const err = (f: CampaignField) => errors[f];
  const addable = addableChannels(accounts, v.channels);
  const hasSms = v.channels.some((r) => r.channel === 'sms');
  const hasEmail = v.channels.some((r) => r.channel === 'email');

  if (accounts.length === 0) {
    return (
      <div className="page-empty" data-testid="compose-no-accounts">
        <p className="page-empty-title">{t('test.noAccounts.title')}</p>
        <p className="muted">{t('campaigns.compose.noAccounts')}</p>
        <Button icon="settings" onClick={() => setScreen('settings')}>
          {t('test.noAccounts.open')}
        </Button>
      </div>
    );
  }

  const insertVariable = (name: BuiltinVariable) => {
    const el = textRef.current;
    const token = variableToken(name, WITH_FALLBACK.has(name) ? t('campaigns.fallback.name') : undefined);
    const start = el?.selectionStart ?? v.text.length;
    const end = el?.selectionEnd ?? v.text.length;
    const next = insertAt(v.text, start, end, token);
    set({ text: next.text });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(next.caret, next.caret);
    });
  };

  const save = () => {
    const res = validateCampaign(v, { now: new Date() });
    if (!res.input) {
      setShowErrors(true);
      return;
    }
    const input = res.input;
    run(
      () => api.campaigns.create(input),
      (c) => {
        useCampaigns.getState().upsert(c);
        useCampaigns.getState().setView({ kind: 'campaign', id: c.id });
      },
    );
  };

  const laterIso = v.when === 'later' ? localIso(v.date, v.time) : null;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  return (
    <form
      className="form compose"
      data-testid="compose-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) save();
      }}
    >
      <section className="panel compose-section">
        <h2 className="panel-title">{t('campaigns.compose.about')}</h2>
        <div className="form-row form-row-2">
          <label className="field">
            <span className="field-label">{t('campaigns.field.name')}</span>
            <input
              className={err('name') ? 'input has-error' : 'input'}
              value={v.name}
              maxLength={200}
              placeholder={t('campaigns.field.namePlaceholder')}
              data-testid="compose-name"
              onChange={(e) => set({ name: e.target.value })}
            />
            <Foot error={err('name')} />
          </label>
          <label className="field">
            <span className="field-label">{t('campaigns.field.owner')}</span>
            <input
              className="input"
              value={v.owner}
              maxLength={200}
              placeholder={t('campaigns.field.ownerPlaceholder')}
              data-testid="compose-owner"
              onChange={(e) => set({ owner: e.target.value })}
            />
          </label>
        </div>
      </section>

      <section className="panel compose-section" data-testid="compose-channels">
        <h2 className="panel-title">{t('campaigns.compose.channels')}</h2>
        <ol className="channel-rows">
          {v.channels.map((row, i) => {
            const of = accountsOf(accounts, row.channel);
            const hasSender = row.channel === 'sms' || row.channel === 'email';
            return (
              <li key={row.channel} className="channel-row" data-testid="compose-channel" data-channel={row.channel}>
                <span className="channel-order" aria-label={t('campaigns.channel.order', { n: i + 1 })}>
                  {i + 1}
                </span>
                <span className="channel-name">{t(`channel.${row.channel}`)}</span>
                <label className="field">
                  <span className="field-label">{t('test.account')}</span>
                  <select
                    className={err(`account${i}`) ? 'input has-error' : 'input'}
                    value={row.accountId ?? ''}
                    data-testid="compose-account"
                    onChange={(e) => {
                      const channels = [...v.channels];
                      channels[i] = { ...row, accountId: Number(e.target.value) };
                      set({ channels });
                    }}
                  >
                    {of.map((a) => (
                      <option key={a.id} value={a.id}>
                        {a.isDefault ? t('test.accountDefault', { name: a.name }) : a.name}
                      </option>
                    ))}
                  </select>
                </label>
                {hasSender ? (
                  <label className="field">
                    <span className="field-label">
                      {t(row.channel === 'email' ? 'test.senderName' : 'test.sender')}
                    </span>
                    <input
                      className={err(`sender${i}`) ? 'input has-error' : 'input'}
                      value={row.sender}
                      maxLength={64}
                      placeholder={t('campaigns.channel.senderDefault')}
                      data-testid="compose-sender"
                      onChange={(e) => {
                        const channels = [...v.channels];
                        channels[i] = { ...row, sender: e.target.value };
                        set({ channels });
                      }}
                    />
                  </label>
                ) : (
                  <span className="field-hint channel-no-sender">{t('campaigns.channel.noSender')}</span>
                )}
                {v.channels.length > 1 && (
                  <span className="channel-row-actions">
                    <button
                      type="button"
                      className="icon-button"
                      disabled={i === 0}
                      aria-label={t('campaigns.channel.up')}
                      title={t('campaigns.channel.up')}
                      onClick={() => set({ channels: moveRow(v.channels, i, -1) })}
                    >
                      <span aria-hidden="true">↑</span>
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      disabled={i === v.channels.length - 1}
                      aria-label={t('campaigns.channel.down')}
                      title={t('campaigns.channel.down')}
                      onClick={() => set({ channels: moveRow(v.channels, i, 1) })}
                    >
                      <span aria-hidden="true">↓</span>
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={t('campaigns.channel.remove')}
                      title={t('campaigns.channel.remove')}
                      data-testid="compose-channel-remove"
                      onClick={() => set({ channels: v.channels.filter((_, j) => j !== i) })}
                    >
                      <Icon name="close" size={15} />
                    </button>
                  </span>
                )}
              </li>
            );
          })}
        </ol>
        <Foot error={err('channels')} />
        {addable.length > 0 && v.channels.length < MAX_CHANNELS && (
          <div className="inline-row channel-add">
            <span className="muted small">{t('campaigns.channel.add')}</span>
            {addable.map((ch) => (
              <button
                key={ch}
                type="button"
                className="button button-sm"
                data-testid={`compose-add-${ch}`}
                onClick={() => set({ channels: [...v.channels, channelRow(accounts, ch)] })}
              >
                <Icon name="plus" size={14} />
                {t(`channel.${ch}`)}
              </button>
            ))}
          </div>
        )}
        {v.channels.length > 1 && (
          <div className="field compose-mode">
            <span className="field-label" id="compose-mode-label">
              {t('campaigns.mode')}
            </span>
            <div className="segmented" role="radiogroup" aria-labelledby="compose-mode-label">
              {(['priority', 'all'] as const).map((m) => (
                <button
                  key={m}
                  type="button"
                  role="radio"
                  aria-checked={v.mode === m}
                  className={v.mode === m ? 'segment is-on' : 'segment'}
                  data-testid={`compose-mode-${m}`}
                  onClick={() => set({ mode: m })}
                >
                  {t(m === 'all' ? 'campaigns.mode.all' : 'campaigns.mode.priority')}
                </button>
              ))}
            </div>
            <span className="field-hint">
              {t(v.mode === 'all' ? 'campaigns.mode.allHint' : 'campaigns.mode.priorityHint')}
            </span>
          </div>
        )}
      </section>

      <section className="panel compose-section" data-testid="compose-audience">
        <h2 className="panel-title">{t('campaigns.compose.audience')}</h2>
        <div className="segmented" role="radiogroup" aria-label={t('campaigns.compose.audience')}>
          {(['all', 'group', 'segment', 'contacts'] as const satisfies readonly AudienceChoice[]).map((a) => {
            const disabled =
              (a === 'group' && groups.length === 0) ||
              (a === 'segment' && segments.length === 0) ||
              (a === 'contacts' && v.contactIds.length === 0);
            return (
              <button
                key={a}
                type="button"
                role="radio"
                aria-checked={v.audience === a}
                className={v.audience === a ? 'segment is-on' : 'segment'}
                disabled={disabled}
                title={disabled ? t(`campaigns.audience.${a}None`) : undefined}
                data-testid={`compose-audience-${a}`}
                onClick={() => set({ audience: a })}
              >
                {a === 'contacts'
                  ? t('campaigns.audience.contactsCount', { count: formatNumber(locale, v.contactIds.length) })
                  : t(`campaigns.audience.${a}`)}
              </button>
            );
          })}
        </div>
        {v.audience === 'group' && (
          <select
            className={err('audience') ? 'input has-error audience-select' : 'input audience-select'}
            value={v.groupId ?? ''}
            aria-label={t('campaigns.audience.group')}
            data-testid="compose-group"
            onChange={(e) => set({ groupId: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">{t('campaigns.audience.pickGroup')}</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {`${g.name} (${formatNumber(locale, g.size)})`}
              </option>
            ))}
          </select>
        )}
        {v.audience === 'segment' && (
          <select
            className={err('audience') ? 'input has-error audience-select' : 'input audience-select'}
            value={v.segmentId ?? ''}
            aria-label={t('campaigns.audience.segment')}
            data-testid="compose-segment"
            onChange={(e) => set({ segmentId: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">{t('campaigns.audience.pickSegment')}</option>
            {segments.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        )}
        <Foot error={err('audience')} />
        <span className="field-hint">
          {t(v.audience === 'contacts' ? 'campaigns.audience.contactsHint' : 'campaigns.audience.hint')}
        </span>
        <span className="field-hint">{t('campaigns.audience.sheetLater')}</span>
      </section>

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
          <div className="variable-chips">
            {BUILTIN_VARIABLES.map((name) => (
              <button
                key={name}
                type="button"
                className="chip-button"
                title={variableToken(name, WITH_FALLBACK.has(name) ? t('campaigns.fallback.name') : undefined)}
                data-testid={`compose-var-${name}`}
                onClick={() => insertVariable(name)}
              >
                {VARIABLE_LABELS[name][locale]}
              </button>
            ))}
          </div>
          <span className="field-hint">
            {t('campaigns.variablesHint', {
              example: locale === 'ru' ? '{Город}' : '{City}',
              fallback: variableToken('first_name', t('campaigns.fallback.name')),
            })}
          </span>
        </div>
        <label className="field">
          <span className="field-label">{t('campaigns.field.text')}</span>
          <textarea
            ref={textRef}
            className={
              err('text') || check.issues.some((i) => i.code !== 'escaped_variable')
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
        {check.issues.length > 0 && (
          <ul className="template-issues" data-testid="compose-issues" aria-live="polite">
            {check.issues.map((issue) => (
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

      <section className="panel compose-section" data-testid="compose-rules">
        <h2 className="panel-title">{t('campaigns.compose.rules')}</h2>
        <Switch
          checked={v.marketing}
          label={t('campaigns.marketing')}
          hint={t(v.marketing ? 'campaigns.marketingOnHint' : 'campaigns.marketingOffHint')}
          testId="compose-marketing"
          onChange={(marketing) => set({ marketing })}
        />
        {v.marketing && (
          <div className="quiet-hours">
            <span>{t('campaigns.quiet.from')}</span>
            <input
              className={err('quietHours') ? 'input has-error' : 'input'}
              type="time"
              value={v.quietFrom}
              aria-label={t('campaigns.quiet.fromLabel')}
              data-testid="compose-quiet-from"
              onChange={(e) => set({ quietFrom: e.target.value })}
            />
            <span>{t('campaigns.quiet.to')}</span>
            <input
              className={err('quietHours') ? 'input has-error' : 'input'}
              type="time"
              value={v.quietTo}
              aria-label={t('campaigns.quiet.toLabel')}
              data-testid="compose-quiet-to"
              onChange={(e) => set({ quietTo: e.target.value })}
            />
            <span className="muted small">{t('campaigns.quiet.zone')}</span>
          </div>
        )}
        <Foot error={err('quietHours')} />
        <label className="field budget-field">
          <span className="field-label">{t('campaigns.budget')}</span>
          <input
            className={err('budget') ? 'input has-error' : 'input'}
            value={v.budget}
            inputMode="decimal"
            placeholder={t('campaigns.budgetPlaceholder')}
            data-testid="compose-budget"
            onChange={(e) => set({ budget: e.target.value })}
          />
          {err('budget') ? (
            <Foot error={err('budget')} />
          ) : (
            <span className="field-hint">{t('campaigns.budgetHint')}</span>
          )}
        </label>
        <div className="field">
          <span className="field-label" id="compose-when-label">
            {t('campaigns.when')}
          </span>
          <div className="segmented" role="radiogroup" aria-labelledby="compose-when-label">
            {(['now', 'later'] as const).map((w) => (
              <button
                key={w}
                type="button"
                role="radio"
                aria-checked={v.when === w}
                className={v.when === w ? 'segment is-on' : 'segment'}
                data-testid={`compose-when-${w}`}
                onClick={() => set(w === 'later' && !v.date ? { when: w, ...suggestedLater(new Date()) } : { when: w })}
              >
                {t(w === 'now' ? 'campaigns.when.now' : 'campaigns.when.later')}
              </button>
            ))}
          </div>
          {v.when === 'later' && (
            <div className="later-fields">
              <input
                className={err('when') ? 'input has-error' : 'input'}
                type="date"
                value={v.date}
                aria-label={t('test.laterDate')}
                data-testid="compose-date"
                onChange={(e) => set({ date: e.target.value })}
              />
              <input
                className={err('when') ? 'input has-error' : 'input'}
                type="time"
                value={v.time}
                aria-label={t('test.laterTime')}
                data-testid="compose-time"
                onChange={(e) => set({ time: e.target.value })}
              />
              <span className="field-hint" data-testid="compose-when-zone">
                {laterIso
                  ? formatInZone(new Date(laterIso), zone, locale)
                  : t('test.laterZone', { zone: zoneLabel(new Date()) })}
              </span>
            </div>
          )}
          <span className="field-hint">
            {t(v.when === 'now' ? 'campaigns.when.nowHint' : 'campaigns.when.laterHint')}
          </span>
          <Foot error={err('when')} />
        </div>
      </section>

      <div className="compose-actions">
        <FormError error={error} testId="compose-error" />
        {showErrors && !check.input && (
          <p className="form-error" role="alert" data-testid="compose-invalid">
            {t('campaigns.compose.fix')}
          </p>
        )}
        <button type="submit" className="button button-primary" aria-disabled={busy} data-testid="compose-save">
          <Icon name="check" />
          {busy ? t('campaigns.compose.saving') : t('campaigns.compose.save')}
        </button>
        <span className="muted small">{t('campaigns.compose.saveHint')}</span>
      </div>
    </form>
  );
}

function Foot({ error }: { error?: FieldError }) {
  const t = useT();
  if (!error) return null;
  return (
    <span className="field-error" role="alert">
      {t(error.key, error.params)}
    </span>
  );
}
