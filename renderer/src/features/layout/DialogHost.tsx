import { ContactDialog } from '../contacts/ContactDialog';
import { DeleteContactsDialog, OptOutDialog } from '../contacts/ContactDialogs';
import { AddToGroupDialog, DeleteGroupDialog, GroupFormDialog } from '../groups/GroupDialogs';
import { DeleteSegmentDialog, SaveSegmentDialog } from '../groups/SegmentDialogs';
import { SendMessageDialog } from '../contacts/SendMessageDialog';
import { AccountDialog, DeleteAccountDialog } from '../settings/AccountDialog';
import { useUi } from '../../stores/ui';

/** Renders the one open modal; dialogs are opened from anywhere through the ui store. */
export function DialogHost() {
  const dialog = useUi((s) => s.dialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'contact-form':
      return <ContactDialog key={dialog.contactId ?? 'new'} contactId={dialog.contactId} />;
    case 'delete-contacts':
      return <DeleteContactsDialog bulk={dialog.bulk} name={dialog.name} />;
    case 'add-to-group':
      return <AddToGroupDialog bulk={dialog.bulk} />;
    case 'group-form':
      return <GroupFormDialog group={dialog.group} />;
    case 'delete-group':
      return <DeleteGroupDialog group={dialog.group} />;
    case 'save-segment':
      return <SaveSegmentDialog filter={dialog.filter} />;
    case 'delete-segment':
      return <DeleteSegmentDialog segment={dialog.segment} />;
    case 'opt-out':
      return <OptOutDialog contactId={dialog.contactId} channel={dialog.channel} optedOut={dialog.optedOut} />;
    case 'account-form':
      return <AccountDialog key={dialog.accountId ?? 'new'} accountId={dialog.accountId} provider={dialog.provider} />;
    case 'delete-account':
      return <DeleteAccountDialog account={dialog.account} />;
    case 'send-message':
      return <SendMessageDialog contactId={dialog.contactId} />;
  }
}
