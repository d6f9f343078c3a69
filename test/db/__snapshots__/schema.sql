-- index accounts_one_default
CREATE UNIQUE INDEX accounts_one_default ON accounts(channel) WHERE is_default = 1;

-- index campaign_pictures_pending
CREATE INDEX campaign_pictures_pending ON campaign_pictures(created_at) WHERE campaign_id IS NULL;

-- index campaigns_due
CREATE INDEX campaigns_due ON campaigns(next_run_at) WHERE next_run_at IS NOT NULL;

-- index consents_address
CREATE INDEX consents_address ON consents(channel, address);

-- index contact_groups_contact
CREATE INDEX contact_groups_contact ON contact_groups(contact_id, group_id);

-- index contacts_email
CREATE UNIQUE INDEX contacts_email ON contacts(email) WHERE email IS NOT NULL;

-- index contacts_email_domain
CREATE INDEX contacts_email_domain ON contacts(substr(email, instr(email, '@') + 1)) WHERE email IS NOT NULL;

-- index contacts_phone
CREATE UNIQUE INDEX contacts_phone ON contacts(phone) WHERE phone IS NOT NULL;

-- index contacts_telegram
CREATE INDEX contacts_telegram ON contacts(telegram_chat_id) WHERE telegram_chat_id IS NOT NULL;

-- index messages_created
CREATE INDEX messages_created ON messages(created_at);

-- index messages_due
CREATE INDEX messages_due ON messages(send_at) WHERE status = 'scheduled';

-- index opt_out_events_address
CREATE INDEX opt_out_events_address ON opt_out_events(channel, address);

-- index outbox_queue
CREATE INDEX outbox_queue ON outbox(campaign_id, state, not_before);

-- index outbox_sent
CREATE INDEX outbox_sent ON outbox(state, account_id) WHERE state = 'sent';

-- table accounts
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

-- table campaign_pictures
CREATE TABLE campaign_pictures (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER REFERENCES campaigns(id) ON DELETE CASCADE,
        cid TEXT NOT NULL,
        name TEXT NOT NULL,
        content_type TEXT NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
        size INTEGER NOT NULL CHECK (size > 0 AND size <= 5242880 AND size = length(data)),
        data BLOB NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (campaign_id, cid)
      );

-- table campaigns
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

-- table consents
CREATE TABLE consents (
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL CHECK (channel IN ('sms', 'email', 'telegram', 'whatsapp')),
        address TEXT NOT NULL,
        contact_id INTEGER,
        source TEXT NOT NULL,
        evidence TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL
      );

-- table contact_groups
CREATE TABLE contact_groups (
        group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        PRIMARY KEY (group_id, contact_id)
      ) WITHOUT ROWID;

-- table contacts
CREATE TABLE contacts (
        id INTEGER PRIMARY KEY,
        phone TEXT,
        email TEXT,
        last_name TEXT NOT NULL DEFAULT '',
        first_name TEXT NOT NULL DEFAULT '',
        middle_name TEXT NOT NULL DEFAULT '',
        telegram_chat_id TEXT,
        attributes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
        source TEXT NOT NULL DEFAULT 'manual',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (phone IS NULL OR phone GLOB '+[1-9]*'),
        CHECK (phone IS NOT NULL OR email IS NOT NULL OR telegram_chat_id IS NOT NULL)
      );

-- table contacts_fts
CREATE VIRTUAL TABLE contacts_fts USING fts5(
        names,
        content = '', columnsize = 0, detail = none,
        prefix = '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16',
        tokenize = "unicode61 remove_diacritics 2"
      );

-- table contacts_fts_config
CREATE TABLE 'contacts_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;

-- table contacts_fts_data
CREATE TABLE 'contacts_fts_data'(id INTEGER PRIMARY KEY, block BLOB);

-- table contacts_fts_idx
CREATE TABLE 'contacts_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

-- table dispatch_lease
CREATE TABLE dispatch_lease (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        owner TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );

-- table groups
CREATE TABLE groups (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
      );

-- table messages
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

-- table opt_out_events
CREATE TABLE opt_out_events (
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL CHECK (channel IN ('sms', 'email', 'telegram', 'whatsapp')),
        address TEXT NOT NULL,
        opted_out INTEGER NOT NULL CHECK (opted_out IN (0, 1)),
        reason TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL,
        contact_id INTEGER,
        at TEXT NOT NULL
      );

-- table opt_outs
CREATE TABLE opt_outs (
        channel TEXT NOT NULL CHECK (channel IN ('sms', 'email', 'telegram', 'whatsapp')),
        address TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (channel, address)
      ) WITHOUT ROWID;

-- table outbox
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

-- table recipient_list_rows
CREATE TABLE recipient_list_rows (
        list_id INTEGER NOT NULL REFERENCES recipient_lists(id) ON DELETE CASCADE,
        row INTEGER NOT NULL,
        phone TEXT NOT NULL,
        send_at TEXT,
        send_at_local TEXT,
        vars TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(vars)),
        PRIMARY KEY (list_id, row)
      ) WITHOUT ROWID;

-- table recipient_lists
CREATE TABLE recipient_lists (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        source TEXT NOT NULL,
        created_at TEXT NOT NULL
      );

-- table segments
CREATE TABLE segments (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        filter TEXT NOT NULL CHECK (json_valid(filter)),
        built_in INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );

-- table settings
CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value))
      ) WITHOUT ROWID;

-- trigger contacts_fts_ad
CREATE TRIGGER contacts_fts_ad AFTER DELETE ON contacts BEGIN
        INSERT INTO contacts_fts (contacts_fts, rowid, names) VALUES ('delete', old.id, replace(replace(old.last_name || ' ' || old.first_name || ' ' || old.middle_name, 'ё', 'е'), 'Ё', 'Е'));
      END;

-- trigger contacts_fts_ai
CREATE TRIGGER contacts_fts_ai AFTER INSERT ON contacts BEGIN
        INSERT INTO contacts_fts (rowid, names) VALUES (new.id, replace(replace(new.last_name || ' ' || new.first_name || ' ' || new.middle_name, 'ё', 'е'), 'Ё', 'Е'));
      END;

-- trigger contacts_fts_au
CREATE TRIGGER contacts_fts_au AFTER UPDATE OF last_name, first_name, middle_name ON contacts BEGIN
        INSERT INTO contacts_fts (contacts_fts, rowid, names) VALUES ('delete', old.id, replace(replace(old.last_name || ' ' || old.first_name || ' ' || old.middle_name, 'ё', 'е'), 'Ё', 'Е'));
        INSERT INTO contacts_fts (rowid, names) VALUES (new.id, replace(replace(new.last_name || ' ' || new.first_name || ' ' || new.middle_name, 'ё', 'е'), 'Ё', 'Е'));
      END;
