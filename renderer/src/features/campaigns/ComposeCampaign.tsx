import { useState } from 'react';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { FormError } from '../../components/Modal';
import { useSubmit } from '../../components/use-submit';
import { useT } from '../../i18n/use-t';
import { useCampaigns } from '../../stores/campaigns';
import { useChannels } from '../../stores/channels';
import { useUi } from '../../stores/ui';
import type { FieldError } from '../channels/account-form';
import { ComposeAudience } from './ComposeAudience';
import { ComposeChannels } from './ComposeChannels';
import { ComposeLetter } from './ComposeLetter';
import { ComposeMessage } from './ComposeMessage';
import { ComposeWhatsApp } from './ComposeWhatsApp';
import { ComposeRules } from './ComposeRules';
import { emptyCampaignForm, validateCampaign, type CampaignField, type CampaignFormValues } from './compose-form';
import { Foot } from './compose-shared';

const waAccount = (v: CampaignFormValues) => v.channels.find((r) => r.channel === 'whatsapp')?.accountId ?? null;

/**
 * "Новая рассылка": name and owner; channels with their accounts in priority order and the mode; the
 * audience; the text with a variable picker, live errors and the SMS counter; marketing quiet hours; a
 * budget; when. Save creates a draft — nothing is sent before the preview and an explicit launch.
 * Each section after the first lives in its own file (ComposeChannels, ComposeAudience, ComposeMessage,
 * ComposeRules with ComposeSchedule); this one holds the values, checks them and saves.
 */
export function ComposeCampaign() {
  const t = useT();
  const accounts = useChannels((s) => s.accounts);
  const setScreen = useUi((s) => s.setScreen);
  const [v, setV] = useState<CampaignFormValues>(() => {
    const sel = useUi.getState().selection;
    return emptyCampaignForm(accounts, sel.mode === 'ids' ? [...sel.ids] : []);
  });
  const [showErrors, setShowErrors] = useState(false);
  const { busy, error, run } = useSubmit();
  const set = (patch: Partial<CampaignFormValues>) =>
    setV((prev) => {
      const next = { ...prev, ...patch };
      // Another WhatsApp account has templates of its own: the one chosen is not its.
      return waAccount(next) === waAccount(prev) ? next : { ...next, waTemplate: null, waVars: [] };
    });
  const check = validateCampaign(v, { now: new Date() });
  const errors: Partial<Record<CampaignField, FieldError>> = showErrors ? check.errors : {};
  const err = (f: CampaignField) => errors[f];
  // A wrong schedule is shown as it is typed (ComposeSchedule), and Save waits until it is right.
  const scheduleBad = v.when === 'repeat' && check.errors.repeat !== undefined;

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

  const save = () => {
    const res = validateCampaign(v, { now: new Date() });
    if (res.errors.repeat) return;
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

      <ComposeChannels v={v} set={set} err={err} />
      <ComposeAudience v={v} set={set} err={err} />
      <ComposeMessage v={v} set={set} err={err} issues={check.issues} />
      {v.channels.some((r) => r.channel === 'email') && (
        <ComposeLetter
          v={v}
          set={set}
          err={err}
          issues={check.content.htmlIssues}
          unused={check.content.unusedPictures}
        />
      )}
      {v.channels.some((r) => r.channel === 'whatsapp') && (
        <ComposeWhatsApp key={waAccount(v) ?? 'none'} v={v} set={set} err={err} problems={check.content.waProblems} />
      )}
      <ComposeRules v={v} set={set} err={err} />

      <div className="compose-actions">
        <FormError error={error} testId="compose-error" />
        {showErrors && !check.input && (
          <p className="form-error" role="alert" data-testid="compose-invalid">
            {t('campaigns.compose.fix')}
          </p>
        )}
        <button
          type="submit"
          className="button button-primary"
          aria-disabled={busy}
          disabled={scheduleBad}
          data-testid="compose-save"
        >
          <Icon name="check" />
          {busy ? t('campaigns.compose.saving') : t('campaigns.compose.save')}
        </button>
        <span className={scheduleBad ? 'small field-error' : 'muted small'} data-testid="compose-save-hint">
          {t(scheduleBad ? 'campaigns.compose.scheduleInvalid' : 'campaigns.compose.saveHint')}
        </span>
      </div>
    </form>
  );
}
