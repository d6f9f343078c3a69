import { normalizePhone } from '../../../shared/domain/phone';
import type { Db } from '../db/open';
import { createContact } from '../repos/contacts';
import type { IncomingContact } from './types';

/**
 * Someone pressed Start in our bot and shared their own phone: their chat id goes onto the contact with that
 * phone, or onto a new contact (source "telegram") when the base has none. Returns whether the base changed.
 * Without a shared phone there is nothing to link by, and nothing is stored.
 */
export function linkTelegramContact(db: Db, c: IncomingContact, now: string): boolean {
  const phone = c.phone ? normalizePhone(c.phone) : null;
  if (!phone || !/^-?\d{1,20}$/.test(c.chatId)) return false;
  return db.transaction(() => {
    const row = db.prepare('SELECT id, telegram_chat_id FROM contacts WHERE phone = ?').get(phone) as
      { id: number; telegram_chat_id: string | null } | undefined;
    if (row) {
      if (row.telegram_chat_id === c.chatId) return false;
      db.prepare('UPDATE contacts SET telegram_chat_id = ?, updated_at = ? WHERE id = ?').run(c.chatId, now, row.id);
      return true;
    }
    createContact(
      db,
      { phone, firstName: c.firstName ?? '', lastName: c.lastName ?? '', telegramChatId: c.chatId },
      now,
      'telegram',
    );
    return true;
  })();
}
