import type { Channel } from './channels';

export interface AddressFields {
  phone: string | null;
  email: string | null;
  telegramChatId: string | null;
}

/**
 * The addresses under which a contact is reached on a channel; opt-outs and consents are recorded against
 * them (the core refuses an opt-out for a channel without one, and the contact card disables that switch).
 * Telegram reaches a person by chat id, which is linked through their phone, so both count.
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

export const hasAddressFor = (c: AddressFields, channel: Channel): boolean => addressesFor(c, channel).length > 0;
