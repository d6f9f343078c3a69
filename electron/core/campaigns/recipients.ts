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
