import type { RecipientFields } from '../../../shared/domain/template';

/** The columns of a contact a campaign needs, as SQLite returns them. */
export interface ContactRowLite {
  id: number;
  phone: string | null;
  email: string | null;
  last_name: string;
  first_name: string;
  middle_name: string;
  telegram_chat_id: string | null;
  attributes: string;
}

/** A contact row as the template renders it. */
export function recipientFields(c: ContactRowLite): RecipientFields {
  return {
    id: c.id,
    lastName: c.last_name,
    firstName: c.first_name,
    middleName: c.middle_name,
    phone: c.phone ?? undefined,
    email: c.email ?? undefined,
    attributes: JSON.parse(c.attributes) as Record<string, string>,
  };
}

/** A row of a campaign sheet as the templates see it: the contact with that phone, if any, and {var1}, {var2}…. */
export function sheetRecipient(
  contact: ContactRowLite | undefined,
  row: { phone: string; vars: string },
): RecipientFields {
  const vars = JSON.parse(row.vars) as string[];
  const attributes: Record<string, string> = contact ? (JSON.parse(contact.attributes) as Record<string, string>) : {};
  vars.forEach((v, i) => (attributes[`var${i + 1}`] = v));
  return { ...(contact ? recipientFields(contact) : {}), phone: row.phone, attributes };
}
