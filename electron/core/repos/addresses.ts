import type { Channel } from '../../../shared/domain/channels';

// Which addresses count for a channel is shared with the UI: see shared/domain/addresses.ts.

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
