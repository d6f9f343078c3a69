import type { Channel } from '../../../../shared/domain/channels';
import type { Contact } from '../../../../shared/domain/contact';

/**
 * Whether a contact can be reached on a channel at all. Mirrors the core's `addressesFor`
 * (electron/core/repos/addresses.ts), which the renderer may not import: the core refuses an opt-out for a
 * channel without an address (`no_address`), so the card disables that switch instead of offering an error.
 */
export function hasAddressFor(c: Pick<Contact, 'phone' | 'email' | 'telegramChatId'>, channel: Channel): boolean {
  switch (channel) {
    case 'sms':
    case 'whatsapp':
      return c.phone !== null;
    case 'email':
      return c.email !== null;
    case 'telegram':
      return c.phone !== null || c.telegramChatId !== null;
  }
}
