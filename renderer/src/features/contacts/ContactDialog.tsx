import { useEffect, useState } from 'react';
import { LIMITS } from '../../../../shared/domain/contact';
import type { ResultError } from '../../../../shared/ipc/result';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { IconButton } from '../../components/IconButton';
import { FormButtons, FormError, Modal } from '../../components/Modal';
import { TextField } from '../../components/TextField';
import { errorText, fieldName, type MessageKey } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useGroups } from '../../stores/groups';
import { useUi } from '../../stores/ui';
import {
  emptyForm,
  formFromContact,
  newAttributeRow,
  validateContactForm,
  type AttributeRow,
  type ContactFormValues,
  type FieldError,
  type TextField as FormField,
} from './contact-form';

type Touched = Partial<Record<FormField, boolean>>;

/** The two inputs of a custom-field row; a row's error is about its name, so only that input turns red. */
const ATTRIBUTE_PARTS: ReadonlyArray<{ field: 'key' | 'value'; label: MessageKey; max: number }> = [
  { field: 'key', label: 'form.attributeKey', max: LIMITS.attributeKey },
  { field: 'value', label: 'form.attributeValue', max: LIMITS.attributeValue },
];

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

  const shown = (field: FormField): FieldError | undefined =>
    touched[field] || submitted ? validation?.errors.fields[field] : undefined;

  const serverError = (field: FormField): string | undefined =>
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
    field: FormField,
    label: string,
    opts: { placeholder?: string; hint?: string; max: number; type?: 'tel' | 'email' },
  ) => {
    const local = shown(field);
    return (
      <TextField
        label={label}
        value={values?.[field] ?? ''}
        maxLength={opts.max}
        placeholder={opts.placeholder}
        hint={opts.hint}
        type={opts.type}
        error={local ? t(local.key, local.params) : serverError(field)}
        testId={`field-${field}`}
        errorTestId={`error-${field}`}
        autoFocus={field === 'lastName'}
        plain
        onChange={(value) => update({ [field]: value })}
        onBlur={() => setTouched((s) => ({ ...s, [field]: true }))}
      />
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
        <FormButtons
          submitLabel={busy ? t('form.saving') : t('form.save')}
          onCancel={close}
          busy={busy}
          disabled={!values}
          testId="contact-save"
        />
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
              const edit = (patch: Partial<AttributeRow>) =>
                update({ attributes: values.attributes.map((r) => (r.rowId === row.rowId ? { ...r, ...patch } : r)) });
              return (
                <div key={row.rowId} className="attr-row">
                  {ATTRIBUTE_PARTS.map((part) => (
                    <input
                      key={part.field}
                      className={err && part.field === 'key' ? 'input has-error' : 'input'}
                      value={row[part.field]}
                      placeholder={t(part.label)}
                      aria-label={t(part.label)}
                      maxLength={part.max}
                      data-testid={`attr-${part.field}`}
                      onChange={(e) => edit({ [part.field]: e.target.value })}
                    />
                  ))}
                  <IconButton
                    icon="close"
                    label={t('form.removeAttribute')}
                    onClick={() => update({ attributes: values.attributes.filter((r) => r.rowId !== row.rowId) })}
                  />
                  {err && (
                    <span className="field-error attr-error" role="alert">
                      {t(err.key, err.params)}
                    </span>
                  )}
                </div>
              );
            })}
            <Button
              icon="plus"
              tone="ghost"
              small
              className="button-flush"
              testId="attr-add"
              onClick={() => update({ attributes: [...values.attributes, newAttributeRow()] })}
            >
              {t('form.addAttribute')}
            </Button>
          </fieldset>

          <FormError error={generalError} testId="form-error" />
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
