import type { Channel } from '../../../shared/domain/channels';

export interface AddressFields {
  phone: string | null;
  email: string | null;
  telegramChatId: string | null;
}

/**
 * The addresses under which a contact is reached on a channel; opt-outs and consents are recorded against
 * them. Telegram reaches a person by chat id, which is linked through their phone, so both count.
 */
export function addressesFor(c: AddressFields, channel: Channel): string[] {
  switch (channel) {
    case 'sms':
    case 'whatsapp':
      return c.phone ? [c.phone] : [];
    case 'email':
      return c.email ? [c.email] : [];
    case 'telegram':
      return [c.phone, c.telegramChatId ? `tg:${c.telegramChatId}` : null].filter((a): a is string => a !== null);
  }
}

/** SQL that is true when contact `c` has opted out of a channel (used in lists and segment filters). */
export const OPTED_OUT_SQL: Record<Channel, string> = {
  sms: `EXISTS (SELECT 1 FROM opt_outs o WHERE o.channel = 'sms' AND o.address = c.phone)`,
  email: `EXISTS (SELECT 1 FROM opt_outs o WHERE o.channel = 'email' AND o.address = c.email)`,
  whatsapp: `EXISTS (SELECT 1 FROM opt_outs o WHERE o.channel = 'whatsapp' AND o.address = c.phone)`,
  telegram: `EXISTS (SELECT 1 FROM opt_outs o WHERE o.channel = 'telegram' AND o.address IN (c.phone, 'tg:' || c.telegram_chat_id))`,
};

/** SQL that is true when contact `c` has an address for a channel. */
export const HAS_ADDRESS_SQL: Record<Channel, string> = {
  sms: 'c.phone IS NOT NULL',
  whatsapp: 'c.phone IS NOT NULL',
  email: 'c.email IS NOT NULL',
  telegram: 'c.telegram_chat_id IS NOT NULL',
};
