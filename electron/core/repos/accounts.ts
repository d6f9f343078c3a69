import {
  accountChannel,
  providerSpec,
  type Account,
  type AccountInput,
  type ErrorClass,
  type ProviderId,
} from '../../../shared/domain/providers';
import { VestnikError } from '../../../shared/ipc/result';
import type { Db } from '../db/open';
import type { Secrets } from '../secrets/secrets';
import { nameKey } from './groups';

interface AccountRow {
  id: number;
  name: string;
  provider: ProviderId;
  channel: Account['channel'];
  settings: string;
  secrets: string;
  is_default: number;
  last_check_ok: number | null;
  last_check_message: string | null;
  last_check_class: ErrorClass | null;
  last_check_at: string | null;
  created_at: string;
}

/** The associated data a secret is sealed with: it cannot be replayed into another account or field. */
const secretContext = (accountId: number, key: string) => `account:${accountId}:${key}`;

function rowToAccount(r: AccountRow): Account {
  return {
    id: r.id,
    name: r.name,
    provider: r.provider,
    channel: r.channel,
    settings: JSON.parse(r.settings) as Record<string, string>,
    // Which secrets are set — never their values (the contract is write-only for secrets).
    secretsSet: Object.keys(JSON.parse(r.secrets) as Record<string, string>).sort(),
    isDefault: r.is_default === 1,
    lastCheck:
      r.last_check_at === null
        ? null
        : {
            ok: r.last_check_ok === 1,
            message: r.last_check_message ?? '',
            errorClass: r.last_check_class,
            at: r.last_check_at,
          },
    createdAt: r.created_at,
  };
}

export function listAccounts(db: Db): Account[] {
  return (db.prepare('SELECT * FROM accounts ORDER BY channel, name_key').all() as AccountRow[]).map(rowToAccount);
}

export function requireAccount(db: Db, id: number): Account {
  const row = db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
  if (!row) throw new VestnikError('not_found', `Account ${id} not found`);
  return rowToAccount(row);
}

export function findAccountByName(db: Db, name: string): Account | null {
  const row = db.prepare('SELECT * FROM accounts WHERE name_key = ?').get(nameKey(name)) as AccountRow | undefined;
  return row ? rowToAccount(row) : null;
}

/** Only the fields the provider declares, trimmed; secrets never among the plain settings. */
function cleanSettings(input: AccountInput): Record<string, string> {
  const spec = providerSpec(input.provider);
  const out: Record<string, string> = {};
  for (const f of spec.fields) {
    if (f.kind === 'secret') continue;
    const v = input.settings[f.key];
    const value = v === undefined ? f.default : v.trim();
    if (value === undefined || value === '') continue;
    if ((f.key === 'ratePerSecond' || f.key === 'dailyQuota') && !/^\d+(\.\d+)?$/.test(value)) {
      throw new VestnikError('bad_request', `"${f.label.en}" must be a number, got "${value.slice(0, 20)}"`, f.key);
    }
    out[f.key] = value;
  }
  for (const key of Object.keys(input.settings)) {
    if (!spec.fields.some((f) => f.key === key)) {
      throw new VestnikError('bad_request', `The ${spec.id} provider has no setting "${key}"`, key);
    }
  }
  return out;
}

function checkRequired(provider: ProviderId, settings: Record<string, string>, secretKeys: readonly string[]): void {
  for (const f of providerSpec(provider).fields) {
    if (!f.required) continue;
    const present = f.kind === 'secret' ? secretKeys.includes(f.key) : settings[f.key] !== undefined;
    if (!present) throw new VestnikError('bad_request', `"${f.label.en}" is required`, f.key);
  }
}

/** Creates (no id) or updates an account; secrets given are sealed, secrets not given are kept. */
export function saveAccount(db: Db, secrets: Secrets, input: AccountInput, now: string, id?: number): Account {
  const settings = cleanSettings(input);
  const spec = providerSpec(input.provider);
  for (const key of Object.keys(input.secrets ?? {})) {
    if (!spec.fields.some((f) => f.kind === 'secret' && f.key === key)) {
      throw new VestnikError('bad_request', `The ${spec.id} provider has no secret "${key}"`, key);
    }
  }
  return db.transaction(() => {
    let accountId = id;
    let sealed: Record<string, string> = {};
    let movedFrom: Account['channel'] | null = null;
    const channel = accountChannel(input.provider, settings);
    if (accountId === undefined) {
      try {
        accountId = Number(
          db
            .prepare(
              `INSERT INTO accounts (name, name_key, provider, channel, settings, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
            )
            .run(input.name, nameKey(input.name), input.provider, accountChannel(input.provider, settings), '{}', now)
            .lastInsertRowid,
        );
      } catch (err) {
        rethrowName(err, input.name);
      }
    } else {
      const before = requireAccount(db, accountId);
      if (before.channel !== channel && before.isDefault) movedFrom = before.channel;
      // Another provider's secrets mean nothing to this one.
      if (before.provider === input.provider) {
        sealed = JSON.parse(
          (db.prepare('SELECT secrets FROM accounts WHERE id = ?').pluck().get(accountId) as string) ?? '{}',
        ) as Record<string, string>;
      }
    }
    for (const [key, value] of Object.entries(input.secrets ?? {})) {
      sealed[key] = secrets.seal(value, secretContext(accountId, key));
    }
    checkRequired(input.provider, settings, Object.keys(sealed));
    try {
      db.prepare(
        `UPDATE accounts SET name = ?, name_key = ?, provider = ?, channel = ?, settings = ?, secrets = ?,
           is_default = CASE WHEN channel = ? THEN is_default ELSE 0 END,
           last_check_ok = NULL, last_check_message = NULL, last_check_class = NULL, last_check_at = NULL WHERE id = ?`,
      ).run(
        input.name,
        nameKey(input.name),
        input.provider,
        channel,
        JSON.stringify(settings),
        JSON.stringify(sealed),
        channel,
        accountId,
      );
    } catch (err) {
      rethrowName(err, input.name);
    }
    // The first account of a channel becomes its default; a channel an account moved away from gets another.
    if (movedFrom) promoteDefault(db, movedFrom);
    promoteDefault(db, channel);
    return requireAccount(db, accountId);
  })();
}

function rethrowName(err: unknown, name: string): never {
  if (err instanceof Error && 'code' in err && err.code === 'SQLITE_CONSTRAINT_UNIQUE') {
    throw new VestnikError('duplicate', `An account named "${name}" already exists`, 'name');
  }
  throw err;
}

/** The account's secrets, opened: only for building a provider, never for the contract. */
export function accountSecrets(db: Db, secrets: Secrets, id: number): Record<string, string> {
  const raw = db.prepare('SELECT secrets FROM accounts WHERE id = ?').pluck().get(id) as string | undefined;
  if (raw === undefined) throw new VestnikError('not_found', `Account ${id} not found`);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(JSON.parse(raw) as Record<string, string>)) {
    out[key] = secrets.open(value, secretContext(id, key));
  }
  return out;
}

export function removeAccount(db: Db, id: number): boolean {
  return db.transaction(() => {
    const acc = requireAccount(db, id);
    db.prepare('DELETE FROM accounts WHERE id = ?').run(id);
    if (acc.isDefault) promoteDefault(db, acc.channel);
    return true;
  })();
}

/** Makes the oldest account of a channel its default when the channel has none. */
function promoteDefault(db: Db, channel: Account['channel']): void {
  db.prepare(
    `UPDATE accounts SET is_default = 1
       WHERE id = (SELECT id FROM accounts WHERE channel = ? ORDER BY id LIMIT 1)
         AND NOT EXISTS (SELECT 1 FROM accounts WHERE channel = ? AND is_default = 1)`,
  ).run(channel, channel);
}

export function setDefaultAccount(db: Db, id: number): Account {
  return db.transaction(() => {
    const acc = requireAccount(db, id);
    db.prepare('UPDATE accounts SET is_default = 0 WHERE channel = ?').run(acc.channel);
    db.prepare('UPDATE accounts SET is_default = 1 WHERE id = ?').run(id);
    return requireAccount(db, id);
  })();
}

export function recordCheck(
  db: Db,
  id: number,
  check: { ok: boolean; message: string; errorClass: ErrorClass | null },
  at: string,
): void {
  db.prepare(
    'UPDATE accounts SET last_check_ok = ?, last_check_message = ?, last_check_class = ?, last_check_at = ? WHERE id = ?',
  ).run(check.ok ? 1 : 0, check.message.slice(0, 1000), check.errorClass, at, id);
}
