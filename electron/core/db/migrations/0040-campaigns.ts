import type { Migration } from './types';

/**
 * Campaigns and their outbox — the delivery contract (../shared/ARCHITECTURE.md):
 * - `campaigns` holds what to send, to whom and when; `state` moves draft → scheduled → expanding → running ⇄
 *   paused → finished | cancelled. A paused campaign keeps the reason (no credits, provider down) in words.
 * - `outbox` has one row per recipient and channel (UNIQUE, so expanding twice adds nothing). A row is
 *   `queued` until claimed; claiming commits `sending` BEFORE the network call; a crash leaves `sending`,
 *   which the next start turns into `unknown` — resent only when the user says so. `suppressed` (opted out)
 *   and `skipped` (no usable address) rows say why a recipient got nothing.
 * - `dispatch_lease` lets one process send at a time (a heartbeat renews it; an expired lease can be taken over).
 */
export const campaigns: Migration = {
  version: 40,
  name: 'campaigns',
  up: (db) => {
    db.exec(`
      CREATE TABLE campaigns (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        owner TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL DEFAULT 'draft'
          CHECK (state IN ('draft', 'scheduled', 'expanding', 'running', 'paused', 'finished', 'cancelled', 'missed')),
        state_reason TEXT,
        spec TEXT NOT NULL CHECK (json_valid(spec)),
        send_at TEXT,
        cron TEXT,
        time_zone TEXT,
        grace_ms INTEGER NOT NULL DEFAULT 3600000,
        next_run_at TEXT,
        run INTEGER NOT NULL DEFAULT 0,
        expanded_through INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        launched_at TEXT,
        finished_at TEXT
      );
      CREATE INDEX campaigns_due ON campaigns(next_run_at) WHERE next_run_at IS NOT NULL;

      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        run INTEGER NOT NULL DEFAULT 1,
        contact_id INTEGER,
        channel TEXT NOT NULL CHECK (channel IN ('sms', 'email', 'telegram', 'whatsapp')),
        account_id INTEGER,
        address TEXT NOT NULL,
        body TEXT NOT NULL,
        subject TEXT,
        vars TEXT,
        time_zone TEXT,
        state TEXT NOT NULL
          CHECK (state IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'unknown', 'suppressed', 'skipped')),
        not_before TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        provider_ids TEXT,
        provider_code TEXT,
        provider_text TEXT,
        error_class TEXT,
        parts INTEGER,
        cost REAL,
        sent_at TEXT,
        updated_at TEXT NOT NULL,
        UNIQUE (campaign_id, run, channel, address)
      );
      CREATE INDEX outbox_queue ON outbox(campaign_id, state, not_before);
      CREATE INDEX outbox_sent ON outbox(state, account_id) WHERE state = 'sent';

      CREATE TABLE dispatch_lease (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        owner TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
    `);
  },
};
