import { useState } from 'react';
import type { Channel } from '../../../../shared/domain/channels';
import { LIMITS } from '../../../../shared/domain/contact';
import { api } from '../../api';
import { ConfirmDialog, Modal } from '../../components/Modal';
import { errorText, formatNumber, type MessageKey } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useContacts } from '../../stores/contacts';
import { useUi } from '../../stores/ui';
import { fullName } from './contact-form';

export function DeleteContactsDialog({ ids, name }: { ids: number[]; name: string | null }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const close = useUi((s) => s.closeDialog);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const displayName = name ?? (ids.length === 1 && ids[0] !== undefined ? loadedName(ids[0]) : null);

  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    const res = await api.contacts.remove({ target: { ids } });
    setBusy(false);
    if (!res.ok) {
      setError(errorText(t, res.error));
      return;
    }
    const ui = useUi.getState();
    const gone = new Set(ids);
    if (ui.cardId !== null && gone.has(ui.cardId)) ui.openCard(null);
    ui.setSelection([...ui.selection].filter((id) => !gone.has(id)));
    ui.showToast(t('toast.removed', { count: formatNumber(locale, res.value.removed) }));
    close();
  };

  return (
    <ConfirmDialog
      title={t('delete.title')}
      body={
        displayName
          ? t('delete.bodyOne', { name: displayName })
          : t('delete.bodyMany', { count: formatNumber(locale, ids.length) })
      }
      confirmLabel={t('delete.confirm')}
      cancelLabel={t('common.cancel')}
      danger
      busy={busy}
      error={error}
      onConfirm={() => void confirm()}
      onClose={close}
    />
  );
}

/** The name of a contact from the rows already on screen, so "delete 1" can say whom it deletes. */
function loadedName(id: number): string | null {
  for (const page of useContacts.getState().pages.values()) {
    const row = page.rows.find((r) => r.id === id);
    if (row) return fullName(row) || null;
  }
  return null;
}

const PRESETS_ON: MessageKey[] = [
  'optout.preset.request',
  'optout.preset.complaint',
  'optout.preset.wrongAddress',
  'optout.preset.unsubscribed',
];
const PRESETS_OFF: MessageKey[] = ['optout.preset.consent', 'optout.preset.request'];

/**
 * Turning a channel off (or back on) for a contact, with a reason kept in the opt-out history. Turning it back
 * on asks too: messaging someone who opted out needs their renewed consent, so it should never be one stray click.
 */
export function OptOutDialog({
  contactId,
  channel,
  optedOut,
}: {
  contactId: number;
  channel: Channel;
  optedOut: boolean;
}) {
  const t = useT();
  const close = useUi((s) => s.closeDialog);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const channelName = t(`channel.${channel}`);

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    const res = await api.contacts.setOptOut({ id: contactId, channel, optedOut, reason: reason.trim() });
    setBusy(false);
    if (!res.ok) {
      setError(errorText(t, res.error));
      return;
    }
    close();
  };

  return (
    <Modal
      title={optedOut ? t('optout.onTitle', { channel: channelName }) : t('optout.offTitle', { channel: channelName })}
      size="sm"
      testId="optout-dialog"
      onClose={close}
      onSubmit={() => void submit()}
      footer={
        <>
          <button type="button" className="button" onClick={close}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className={optedOut ? 'button button-danger' : 'button button-primary'}
            aria-disabled={busy}
            data-testid="confirm"
          >
            {optedOut ? t('optout.confirmOn') : t('optout.confirmOff')}
          </button>
        </>
      }
    >
      <p className="dialog-lead">{optedOut ? t('optout.onBody') : t('optout.offBody')}</p>
      <div className="presets">
        {(optedOut ? PRESETS_ON : PRESETS_OFF).map((key) => {
          const text = t(key);
          return (
            <button
              key={key}
              type="button"
              className={reason === text ? 'chip-toggle is-on' : 'chip-toggle'}
              aria-pressed={reason === text}
              onClick={() => setReason(text)}
            >
              {text}
            </button>
          );
        })}
      </div>
      <label className="field">
        <span className="field-label">{t('optout.reason')}</span>
        <input
          className="input"
          value={reason}
          maxLength={LIMITS.reason}
          placeholder={t('optout.reasonPlaceholder')}
          data-testid="optout-reason"
          data-autofocus
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}
