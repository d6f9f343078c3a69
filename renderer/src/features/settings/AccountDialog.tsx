import { useState, type ReactNode } from 'react';
import { CHANNELS } from '../../../../shared/domain/channels';
import {
  PROVIDERS,
  providerSpec,
  type Account,
  type CheckResult,
  type FieldSpec,
  type ProviderId,
} from '../../../../shared/domain/providers';
import { api } from '../../api';
import { ConfirmAction } from '../../components/ConfirmAction';
import { FormButtons, FormError, Modal } from '../../components/Modal';
import { useSubmit } from '../../components/use-submit';
import type { MessageKey, Translate } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { secretsOpen, useChannels } from '../../stores/channels';
import { useUi } from '../../stores/ui';
import {
  NAME_MAX,
  accountFormFrom,
  newAccountForm,
  secretState,
  validateAccountForm,
  type AccountFormValues,
  type FieldError,
} from '../channels/account-form';
import { CheckNote } from '../channels/CheckNote';

interface AccountDialogProps {
  accountId: number | null;
  provider?: ProviderId;
}

/**
 * Adding or changing a provider account: choose the provider (the sandbox first), then a form generated from
 * its field descriptors. Save stores the account and checks it live; a failed check keeps the dialog open on
 * the saved account with the provider's words, so the fix is one more Save away.
 */
export function AccountDialog({ accountId, provider }: AccountDialogProps) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const close = useUi((s) => s.closeDialog);
  const accounts = useChannels((s) => s.accounts);
  const locked = useChannels((s) => !secretsOpen(s.secrets));
  // Once saved, the dialog works on that account: a second Save changes it rather than adding another.
  const [savedId, setSavedId] = useState<number | null>(accountId);
  // What the save answered, until the list catches up with it (it knows which secrets are now stored).
  const [saved, setSaved] = useState<Account | null>(null);
  const account = savedId === null ? null : (accounts.find((a) => a.id === savedId) ?? saved);
  const [choice, setChoice] = useState<ProviderId>(provider ?? 'sandbox');
  const [values, setValues] = useState<AccountFormValues | null>(() => {
    if (accountId !== null) {
      const a = useChannels.getState().accounts.find((x) => x.id === accountId);
      return a ? accountFormFrom(a) : null;
    }
    const names = useChannels.getState().accounts.map((a) => a.name);
    return provider ? newAccountForm(provider, locale, names) : null;
  });
  const [check, setCheck] = useState<CheckResult | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const { busy, error, run } = useSubmit();

  const secretsSet = account?.secretsSet ?? [];
  const validation = values ? validateAccountForm(values, secretsSet) : null;
  const errors = showErrors && validation ? validation.errors : {};

  const startForm = () => {
    setValues(
      newAccountForm(
        choice,
        locale,
        accounts.map((a) => a.name),
      ),
    );
    setShowErrors(false);
  };

  const save = () => {
    if (!values || !validation) return;
    if (!validation.input) {
      setShowErrors(true);
      return;
    }
    const input = validation.input;
    run(
      () => api.accounts.save({ id: savedId ?? undefined, account: input }),
      (res) => {
        const channels = useChannels.getState();
        channels.setNote(res.account.id, { kind: 'check', check: res.check, saved: true });
        void channels.loadAccounts();
        if (res.check.ok) {
          useUi.getState().showToast(t('check.savedOk'));
          close();
          return;
        }
        // Saved, but the provider said no: stay on the saved account; typed secrets are stored and leave the page.
        setSavedId(res.account.id);
        setSaved(res.account);
        setCheck(res.check);
        setValues({ ...values, secrets: {} });
      },
    );
  };

  if (accountId !== null && (!values || (!account && !busy))) {
    return (
      <Modal title={t('account.titlePlain')} size="sm" onClose={close} testId="account-dialog">
        <p className="form-error" role="alert">
          {t('error.not_found')}
        </p>
      </Modal>
    );
  }

  if (!values) {
    return (
      <Modal
        title={t('account.newTitle')}
        size="md"
        testId="account-dialog"
        onClose={close}
        onSubmit={startForm}
        footer={<FormButtons submitLabel={t('account.next')} onCancel={close} testId="account-next" />}
      >
        <ProviderChoice value={choice} onChange={setChoice} onPick={startForm} />
      </Modal>
    );
  }

  const spec = providerSpec(values.provider);
  const hasSecrets = spec.fields.some((f) => f.kind === 'secret');
  const set = (patch: Partial<AccountFormValues>) => setValues({ ...values, ...patch });

  return (
    <Modal
      title={savedId === null ? t('account.newTitle') : t('account.editTitle', { name: account?.name ?? values.name })}
      size="lg"
      testId="account-dialog"
      onClose={close}
      onSubmit={() => {
        if (!busy) save();
      }}
      footer={
        <FormButtons
          submitLabel={busy ? t('account.saving') : t('account.save')}
          cancelLabel={check ? t('common.close') : undefined}
          onCancel={close}
          busy={busy}
          testId="account-save"
        />
      }
    >
      <div className="account-form" data-testid="account-form" data-provider={values.provider}>
        <div className="account-form-provider">
          <span className="account-form-provider-name">
            <span className="muted">{t('account.provider')}</span>
            <strong>{spec.label[locale]}</strong>
            {values.provider === 'sandbox' && <span className="badge badge-sandbox">{t('provider.sandboxBadge')}</span>}
          </span>
          {savedId === null && !provider && (
            <button
              type="button"
              className="button-link"
              data-testid="account-change-provider"
              onClick={() => setValues(null)}
            >
              {t('account.otherProvider')}
            </button>
          )}
        </div>
        {hasSecrets && locked && (
          <p className="import-notice" data-testid="account-form-locked">
            {t('account.form.locked')}
          </p>
        )}
        <label className="field">
          <span className="field-label">{t('account.name')}</span>
          <input
            className={errors.name ? 'input has-error' : 'input'}
            value={values.name}
            maxLength={NAME_MAX}
            autoComplete="off"
            data-testid="account-name-input"
            onChange={(e) => set({ name: e.target.value })}
          />
          <FieldFoot t={t} error={errors.name} hint={t('account.nameHint')} />
        </label>
        <div className="account-fields">
          {spec.fields.map((f) => (
            <ProviderField
              key={f.key}
              field={f}
              values={values}
              secretsSet={secretsSet}
              error={errors[f.key]}
              onChange={setValues}
            />
          ))}
        </div>
        {check && <CheckNote check={check} saved testId="account-dialog-check" />}
        <FormError error={error} testId="account-dialog-error" />
      </div>
    </Modal>
  );
}

/** The provider list: the sandbox first and set apart, then the real providers by channel. */
function ProviderChoice({
  value,
  onChange,
  onPick,
}: {
  value: ProviderId;
  onChange: (p: ProviderId) => void;
  onPick: () => void;
}) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const item = (id: ProviderId, extra?: ReactNode) => (
    <label key={id} className={value === id ? 'choice provider-choice is-checked' : 'choice provider-choice'}>
      <input
        type="radio"
        name="provider"
        checked={value === id}
        data-testid={`provider-${id}`}
        onChange={() => onChange(id)}
        onDoubleClick={onPick}
      />
      <span className="choice-text">
        <span className="choice-name">
          {providerSpec(id).label[locale]}
          {extra}
        </span>
        <span className="choice-hint">{t(PROVIDER_HINTS[id])}</span>
      </span>
    </label>
  );
  return (
    <div className="provider-list" data-testid="provider-list">
      <p className="dialog-lead">{t('account.chooseProvider')}</p>
      {item('sandbox', <span className="badge badge-sandbox">{t('provider.sandboxBadge')}</span>)}
      {CHANNELS.map((ch) => {
        const ids = PROVIDERS.filter((p) => p.channel === ch).map((p) => p.id);
        return (
          <div key={ch} className="provider-group" role="group" aria-label={t(`channel.${ch}`)}>
            <h3 className="provider-group-title">{t(`channel.${ch}`)}</h3>
            {ids.map((id) => item(id))}
          </div>
        );
      })}
    </div>
  );
}

const PROVIDER_HINTS = {
  sandbox: 'provider.hint.sandbox',
  devino: 'provider.hint.devino',
  smsru: 'provider.hint.smsru',
  smsc: 'provider.hint.smsc',
  kannel: 'provider.hint.kannel',
  http: 'provider.hint.http',
  smtp: 'provider.hint.smtp',
  telegram: 'provider.hint.telegram',
  whatsapp: 'provider.hint.whatsapp',
} as const satisfies Record<ProviderId, MessageKey>;

/** Words for select options that are codes; the rest (GET, POST, MIME types) are shown as they are. */
export function optionLabel(t: Translate, field: FieldSpec, option: string): string {
  if (
    field.key === 'channel' &&
    (option === 'sms' || option === 'email' || option === 'telegram' || option === 'whatsapp')
  ) {
    return t(`channel.${option}`);
  }
  if (field.key === 'security' && (option === 'none' || option === 'starttls' || option === 'tls')) {
    return t(`account.security.${option}`);
  }
  return option;
}

function FieldFoot({ t, error, hint }: { t: Translate; error?: FieldError; hint?: string }) {
  if (error) {
    return (
      <span className="field-error" role="alert">
        {t(error.key, error.params)}
      </span>
    );
  }
  return hint ? <span className="field-hint">{hint}</span> : null;
}

interface ProviderFieldProps {
  field: FieldSpec;
  values: AccountFormValues;
  secretsSet: readonly string[];
  error?: FieldError;
  onChange: (values: AccountFormValues) => void;
}

/** One setting, drawn by its kind: text, address, number, choice, yes/no, long text, or a write-only secret. */
function ProviderField({ field: f, values, secretsSet, error, onChange }: ProviderFieldProps) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const label = f.label[locale] + (f.required ? ' *' : '');
  const hint = f.hint?.[locale];
  const testId = `account-field-${f.key}`;
  const value = values.settings[f.key] ?? '';
  const setValue = (v: string) => onChange({ ...values, settings: { ...values.settings, [f.key]: v } });
  const inputClass = error ? 'input has-error' : 'input';

  switch (f.kind) {
    case 'boolean':
      return (
        <label className="field field-wide checkbox-field">
          <span className="checkbox-row">
            <input
              type="checkbox"
              checked={value === 'true'}
              data-testid={testId}
              onChange={(e) => setValue(e.target.checked ? 'true' : 'false')}
            />
            <span>{f.label[locale]}</span>
          </span>
          <FieldFoot t={t} error={error} hint={hint} />
        </label>
      );
    case 'select':
      return (
        <label className="field">
          <span className="field-label">{label}</span>
          <select className={inputClass} value={value} data-testid={testId} onChange={(e) => setValue(e.target.value)}>
            {!f.required && <option value="">{t('account.notSet')}</option>}
            {(f.options ?? []).map((o) => (
              <option key={o} value={o}>
                {optionLabel(t, f, o)}
              </option>
            ))}
          </select>
          <FieldFoot t={t} error={error} hint={hint} />
        </label>
      );
    case 'textarea':
      return (
        <label className="field field-wide">
          <span className="field-label">{label}</span>
          <textarea
            className={`${inputClass} textarea`}
            value={value}
            rows={3}
            maxLength={4000}
            spellCheck={false}
            data-testid={testId}
            onChange={(e) => setValue(e.target.value)}
          />
          <FieldFoot t={t} error={error} hint={hint} />
        </label>
      );
    case 'secret': {
      const typed = values.secrets[f.key] ?? '';
      const state = secretState(f.key, secretsSet, typed);
      return (
        <label className="field">
          <span className="field-label">
            {label}
            {state !== 'unset' && (
              <span className="badge badge-set" data-testid={`${testId}-set`}>
                {t('account.secretSet')}
              </span>
            )}
          </span>
          <input
            className={inputClass}
            type="password"
            value={typed}
            maxLength={4000}
            autoComplete="new-password"
            spellCheck={false}
            placeholder={state === 'unset' ? undefined : t('account.secretKeep')}
            data-testid={testId}
            onChange={(e) => onChange({ ...values, secrets: { ...values.secrets, [f.key]: e.target.value } })}
          />
          <FieldFoot
            t={t}
            error={error}
            hint={
              state === 'replacing' ? t('account.secretReplace') : state === 'kept' ? t('account.secretKeptHint') : hint
            }
          />
        </label>
      );
    }
    case 'text':
    case 'url':
    case 'number':
      return (
        <label className={f.kind === 'url' ? 'field field-wide' : 'field'}>
          <span className="field-label">{label}</span>
          <input
            className={inputClass}
            type="text"
            inputMode={f.kind === 'number' ? 'decimal' : f.kind === 'url' ? 'url' : undefined}
            value={value}
            maxLength={4000}
            autoComplete="off"
            spellCheck={false}
            placeholder={f.default}
            data-testid={testId}
            onChange={(e) => setValue(e.target.value)}
          />
          <FieldFoot t={t} error={error} hint={hint} />
        </label>
      );
  }
}

/** "Удалить учётную запись?" — messages already sent through it stay in the history. */
export function DeleteAccountDialog({ account }: { account: { id: number; name: string } }) {
  const t = useT();
  const close = useUi((s) => s.closeDialog);
  return (
    <ConfirmAction
      title={t('account.deleteTitle', { name: account.name })}
      body={t('account.deleteBody')}
      confirmLabel={t('common.delete')}
      call={() => api.accounts.remove({ id: account.id })}
      onDone={() => {
        const channels = useChannels.getState();
        channels.setNote(account.id, null);
        void channels.loadAccounts();
        useUi.getState().showToast(t('account.deleted', { name: account.name }));
        close();
      }}
      onClose={close}
    />
  );
}
