import { useEffect, useState } from 'react';
import { LIMITS } from '../../../../shared/domain/contact';
import type { ResultError } from '../../../../shared/ipc/result';
import { api } from '../../api';
import { Icon } from '../../components/Icon';
import { Modal } from '../../components/Modal';
import { errorText, fieldName } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useGroups } from '../../stores/groups';
import { useUi } from '../../stores/ui';
import {
  emptyForm,
  formFromContact,
  newAttributeRow,
  validateContactForm,
  type ContactFormValues,
  type FieldError,
  type TextField,
} from './contact-form';

type Touched = Partial<Record<TextField, boolean>>;

/** Add or edit a contact. Errors show once a field was left (or on save) and then update as the user types. */
export function ContactDialog({ contactId }: { contactId: number | null }) {
  const t = useT();
  const close = useUi((s) => s.closeDialog);
  const groups = useGroups((s) => s.groups);
  const [values, setValues] = useState<ContactFormValues | null>(() => {
    if (contactId !== null) return null;
    const view = useUi.getState().view;
    return emptyForm(view.kind === 'group' ? [view.id] : []);
  });
  const [loadError, setLoadError] = useState<ResultError | null>(null);
  const [touched, setTouched] = useState<Touched>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [server, setServer] = useState<{ field: string | null; text: string } | null>(null);

  useEffect(() => {
    if (contactId === null) return;
    let live = true;
    void api.contacts.get({ id: contactId }).then((res) => {
      if (!live) return;
      if (res.ok) setValues(formFromContact(res.value.contact));
      else setLoadError(res.error);
    });
    return () => {
      live = false;
    };
  }, [contactId]);

  const validation = values ? validateContactForm(values) : null;

  const update = (patch: Partial<ContactFormValues>) => {
    setValues((v) => (v ? { ...v, ...patch } : v));
    setServer(null);
  };

  const shown = (field: TextField): FieldError | undefined =>
    touched[field] || submitted ? validation?.errors.fields[field] : undefined;

  const serverError = (field: TextField): string | undefined =>
    server && server.field === field ? server.text : undefined;

  const submit = async () => {
    setSubmitted(true);
    if (!validation?.input || busy) return;
    setBusy(true);
    const res =
      contactId === null
        ? await api.contacts.create(validation.input)
        : await api.contacts.update({ id: contactId, patch: validation.input });
    setBusy(false);
    if (!res.ok) {
      setServer(toServerError(res.error, t));
      return;
    }
    useUi.getState().showToast(contactId === null ? t('toast.created') : t('toast.updated'));
    close();
  };

  const textField = (
    field: TextField,
    label: string,
    opts: { placeholder?: string; hint?: string; max: number; type?: string },
  ) => {
    const local = shown(field);
    const message = local ? t(local.key, local.params) : serverError(field);
    return (
      <label className="field">
        <span className="field-label">{label}</span>
        <input
          className={message ? 'input has-error' : 'input'}
          type={opts.type ?? 'text'}
          value={values?.[field] ?? ''}
          maxLength={opts.max}
          placeholder={opts.placeholder}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={message ? true : undefined}
          data-testid={`field-${field}`}
          data-autofocus={field === 'lastName' ? true : undefined}
          onChange={(e) => update({ [field]: e.target.value })}
          onBlur={() => setTouched((s) => ({ ...s, [field]: true }))}
        />
        {message ? (
          <span className="field-error" role="alert" data-testid={`error-${field}`}>
            {message}
          </span>
        ) : (
          opts.hint && <span className="field-hint">{opts.hint}</span>
        )}
      </label>
    );
  };

  const phoneHint =
    validation?.phoneE164 && values && values.phone.trim() !== validation.phoneE164
      ? t('form.phoneWillBe', { phone: validation.phoneE164 })
      : undefined;
  const addressError = submitted ? validation?.errors.fields.address : undefined;
  const generalError = server && server.field === null ? server.text : addressError ? t(addressError.key) : null;

  return (
    <Modal
      title={contactId === null ? t('form.addTitle') : t('form.editTitle')}
      size="lg"
      testId="contact-dialog"
      onClose={close}
      onSubmit={() => void submit()}
      footer={
        <>
          <button type="button" className="button" onClick={close}>
            {t('form.cancel')}
          </button>
          <button
            type="submit"
            className="button button-primary"
            aria-disabled={busy}
            disabled={!values}
            data-testid="contact-save"
          >
            {busy ? t('form.saving') : t('form.save')}
          </button>
        </>
      }
    >
      {!values ? (
        <p className={loadError ? 'form-error' : 'muted'} role={loadError ? 'alert' : undefined}>
          {loadError ? errorText(t, loadError) : t('card.loading')}
        </p>
      ) : (
        <div className="form">
          <div className="form-row form-row-3">
            {textField('lastName', t('form.lastName'), { max: LIMITS.name })}
            {textField('firstName', t('form.firstName'), { max: LIMITS.name })}
            {textField('middleName', t('form.middleName'), { max: LIMITS.name })}
          </div>
          <div className="form-row form-row-2">
            {textField('phone', t('form.phone'), {
              max: LIMITS.phoneInput,
              placeholder: t('form.phonePlaceholder'),
              hint: phoneHint,
              type: 'tel',
            })}
            {textField('email', t('form.email'), { max: LIMITS.email, placeholder: 'name@example.ru', type: 'email' })}
          </div>
          <div className="form-row form-row-2">
            {textField('telegramChatId', t('form.telegram'), { max: 21, hint: t('form.telegramHint') })}
          </div>

          <fieldset className="fieldset">
            <legend className="field-label">{t('form.groups')}</legend>
            {groups.length === 0 ? (
              <p className="muted small">{t('form.noGroups')}</p>
            ) : (
              <div className="chip-toggles">
                {groups.map((g) => {
                  const on = values.groupIds.includes(g.id);
                  return (
                    <label key={g.id} className={on ? 'chip-toggle is-on' : 'chip-toggle'}>
                      <input
                        type="checkbox"
                        checked={on}
                        data-testid="field-group"
                        onChange={() =>
                          update({
                            groupIds: on ? values.groupIds.filter((id) => id !== g.id) : [...values.groupIds, g.id],
                          })
                        }
                      />
                      {g.name}
                    </label>
                  );
                })}
              </div>
            )}
          </fieldset>

          <fieldset className="fieldset">
            <legend className="field-label">{t('form.attributes')}</legend>
            {values.attributes.map((row) => {
              const err = validation?.errors.attributes[row.rowId];
              return (
                <div key={row.rowId} className="attr-row">
                  <input
                    className={err ? 'input has-error' : 'input'}
                    value={row.key}
                    placeholder={t('form.attributeKey')}
                    aria-label={t('form.attributeKey')}
                    maxLength={LIMITS.attributeKey}
                    data-testid="attr-key"
                    onChange={(e) =>
                      update({
                        attributes: values.attributes.map((r) =>
                          r.rowId === row.rowId ? { ...r, key: e.target.value } : r,
                        ),
                      })
                    }
                  />
                  <input
                    className="input"
                    value={row.value}
                    placeholder={t('form.attributeValue')}
                    aria-label={t('form.attributeValue')}
                    maxLength={LIMITS.attributeValue}
                    data-testid="attr-value"
                    onChange={(e) =>
                      update({
                        attributes: values.attributes.map((r) =>
                          r.rowId === row.rowId ? { ...r, value: e.target.value } : r,
                        ),
                      })
                    }
                  />
                  <button
                    type="button"
                    className="icon-button"
                    title={t('form.removeAttribute')}
                    aria-label={t('form.removeAttribute')}
                    onClick={() => update({ attributes: values.attributes.filter((r) => r.rowId !== row.rowId) })}
                  >
                    <Icon name="close" />
                  </button>
                  {err && (
                    <span className="field-error attr-error" role="alert">
                      {t(err.key, err.params)}
                    </span>
                  )}
                </div>
              );
            })}
            <button
              type="button"
              className="button button-ghost button-sm"
              data-testid="attr-add"
              onClick={() => update({ attributes: [...values.attributes, newAttributeRow()] })}
            >
              <Icon name="plus" />
              {t('form.addAttribute')}
            </button>
          </fieldset>

          {generalError && (
            <p className="form-error" role="alert" data-testid="form-error">
              {generalError}
            </p>
          )}
        </div>
      )}
    </Modal>
  );
}

const FORM_FIELDS: readonly string[] = ['lastName', 'firstName', 'middleName', 'phone', 'email', 'telegramChatId'];

/** Puts a core error under the field it is about, or at the bottom of the form when it is about no one field. */
function toServerError(error: ResultError, t: Parameters<typeof errorText>[0]): { field: string | null; text: string } {
  const field = error.field ? fieldName(error.field) : null;
  const text = errorText(t, error);
  if (field && FORM_FIELDS.includes(field)) return { field, text };
  if (error.code === 'invalid_phone') return { field: 'phone', text };
  if (error.code === 'invalid_email') return { field: 'email', text };
  return { field: null, text };
}
