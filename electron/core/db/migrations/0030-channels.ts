import type { Migration } from './types';

/**
 * Provider accounts and single messages (test sends, sends from a contact card).
 * - `accounts.settings` holds only what is not secret; `accounts.secrets` holds each secret sealed by the
 *   secret box (electron/core/secrets): AES-GCM under the passphrase vault's key, or the OS keychain through
 *   Electron's safeStorage. Never a plaintext secret in this file.
 * - `messages` is one row per single message. Its state is committed as `sending` before the network call,
 *   so a crash mid-send leaves `sending`, which start-up turns into `unknown` — never silently resent.
 */
export const channels: Migration = {
  version: 30,
  name: 'channels',
  up: (db) => {
    db.exec(`
      CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        provider TEXT NOT NULL,
        channel TEXT NOT NULL CHECK (channel IN ('sms', 'email', 'telegram', 'whatsapp')),
        settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),
        secrets TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(secrets)),
        is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
        last_check_ok INTEGER,
        last_check_message TEXT,
        last_check_class TEXT,
        last_check_at TEXT,
        created_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX accounts_one_default ON accounts(channel) WHERE is_default = 1;

      CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
        account_name TEXT NOT NULL,
        channel TEXT NOT NULL CHECK (channel IN ('sms', 'email', 'telegram', 'whatsapp')),
        recipient TEXT NOT NULL,
        contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
        sender TEXT,
        subject TEXT,
        body TEXT NOT NULL,
        html TEXT,
        status TEXT NOT NULL CHECK (status IN ('scheduled', 'queued', 'sending', 'sent', 'delivered', 'failed', 'unknown')),
        provider_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(provider_ids)),
        provider_code TEXT,
        provider_text TEXT,
        error_class TEXT,
        parts INTEGER,
        cost REAL,
        currency TEXT,
        created_at TEXT NOT NULL,
        send_at TEXT,
        sent_at TEXT,
        status_at TEXT
      );
      CREATE INDEX messages_created ON messages(created_at);
      CREATE INDEX messages_due ON messages(send_at) WHERE status = 'scheduled';
    `);
  },
};
