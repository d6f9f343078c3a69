import { useState } from 'react';
import type { Channel } from '../../../../shared/domain/channels';
import { LIMITS } from '../../../../shared/domain/contact';
import { api } from '../../api';
import { ConfirmAction } from '../../components/ConfirmAction';
import { FormError, Modal, FormButtons } from '../../components/Modal';
import { TextField } from '../../components/TextField';
import { useSubmit } from '../../components/use-submit';
import { formatCount, formatNumber, type MessageKey } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useContacts } from '../../stores/contacts';
import { useUi, type Bulk } from '../../stores/ui';
import { fullName } from './contact-form';
import { withoutIds } from './selection';

/**
 * Deletes the ticked rows, one contact from its card, or "all N" of the list. The confirmation names whom it
 * deletes (the contact, or how many), and for "all" says that rows never scrolled to go too.
 */
export function DeleteContactsDialog({ bulk, name }: { bulk: Bulk; name: string | null }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const close = useUi((s) => s.closeDialog);
  const { target } = bulk;
  const single = 'ids' in target && target.ids.length === 1 ? target.ids[0] : undefined;
  const displayName = name ?? (single === undefined ? null : loadedName(single));
  const count = formatCount(locale, bulk.count.count, bulk.count.exact);

  return (
    <ConfirmAction
      title={t('delete.title')}
      body={
        displayName
          ? t('delete.bodyOne', { name: displayName })
          : t('ids' in target ? 'delete.bodyMany' : 'delete.bodyAll', { count })
      }
      confirmLabel={t('delete.confirm')}
      call={() => api.contacts.remove({ target })}
      onDone={({ removed }) => {
        const ui = useUi.getState();
        if ('ids' in target) {
          const gone = new Set(target.ids);
          if (ui.cardId !== null && gone.has(ui.cardId)) ui.openCard(null);
          ui.setSelection(withoutIds(ui.selection, gone));
        } else {
          // Whom "all" deleted is known only to the core; the card may show one of them, and its refetch will
          // say "not found" if so.
          ui.clearSelection();
        }
        ui.showToast(t('toast.removed', { count: formatNumber(locale, removed) }));
        close();
      }}
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
  const { busy, error, run } = useSubmit();
  const channelName = t(`channel.${channel}`);

  const submit = () =>
    run(() => api.contacts.setOptOut({ id: contactId, channel, optedOut, reason: reason.trim() }), close);

  return (
    <Modal
      title={optedOut ? t('optout.onTitle', { channel: channelName }) : t('optout.offTitle', { channel: channelName })}
      size="sm"
      testId="optout-dialog"
      onClose={close}
      onSubmit={submit}
      footer={
        <FormButtons
          submitLabel={optedOut ? t('optout.confirmOn') : t('optout.confirmOff')}
          onCancel={close}
          busy={busy}
          danger={optedOut}
          testId="confirm"
        />
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
      <TextField
        label={t('optout.reason')}
        value={reason}
        maxLength={LIMITS.reason}
        placeholder={t('optout.reasonPlaceholder')}
        testId="optout-reason"
        autoFocus
        onChange={setReason}
      />
      <FormError error={error} />
    </Modal>
  );
}
