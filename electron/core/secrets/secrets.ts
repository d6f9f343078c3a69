import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { VestnikError } from '../../../shared/ipc/result';
import type { Db } from '../db/open';
import { getSetting, setSetting } from '../repos/settings';

/**
 * Secrets (passwords, API keys, tokens) at rest. Two boxes:
 * - the OS keychain through Electron's safeStorage, when the desktop app has one (the shell passes it in);
 * - otherwise — and always in the web shell and the CLI — a passphrase vault: a key derived with scrypt from
 *   the user's passphrase and a random salt, each secret sealed with AES-256-GCM under a fresh IV, with the
 *   account and field as associated data (a sealed value cannot be moved to another field or account).
 * The passphrase and the key live only in memory. What is stored says which box sealed it ("k1:" or "v1:").
 */

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

export interface SecretBox {
  seal(plain: string, context: string): string;
  open(sealed: string, context: string): string;
}

export type SecretsState = { kind: 'os-keychain' | 'passphrase'; state: 'unlocked' | 'locked' | 'new' };

interface VaultRecord {
  v: 1;
  salt: string;
  n: number;
  r: number;
  p: number;
  /** A known text sealed under the key: proves a passphrase right without storing anything derived from it. */
  check: string;
}

const SCRYPT = { n: 1 << 15, r: 8, p: 1 };
const CHECK_TEXT = 'vestnik-vault';
const CHECK_CONTEXT = 'vault:check';

class KeyBox implements SecretBox {
  constructor(private readonly key: Buffer) {}

  seal(plain: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  open(sealed: string, context: string): string {
    if (!sealed.startsWith('v1:')) throw wrongBox();
    const raw = Buffer.from(sealed.slice(3), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}

class KeychainBox implements SecretBox {
  constructor(private readonly storage: SafeStorageLike) {}

  seal(plain: string, context: string): string {
    return `k1:${this.storage.encryptString(`${context}\n${plain}`).toString('base64')}`;
  }

  open(sealed: string, context: string): string {
    if (!sealed.startsWith('k1:')) throw wrongBox();
    const text = this.storage.decryptString(Buffer.from(sealed.slice(3), 'base64'));
    const nl = text.indexOf('\n');
    if (nl < 0 || text.slice(0, nl) !== context) {
      throw new VestnikError('forbidden', 'A stored secret does not belong to this field');
    }
    return text.slice(nl + 1);
  }
}

const wrongBox = () =>
  new VestnikError(
    'vault_locked',
    'This secret was saved by the other kind of secret storage (OS keychain vs. passphrase vault): enter it again.',
  );

function derive(passphrase: string, salt: Buffer, rec: Pick<VaultRecord, 'n' | 'r' | 'p'>): Buffer {
  return scryptSync(passphrase.normalize('NFC'), salt, 32, { N: rec.n, r: rec.r, p: rec.p, maxmem: 256 * 1024 * 1024 });
}

export class Secrets {
  private box: SecretBox | null = null;
  private readonly kind: SecretsState['kind'];

  constructor(
    private readonly db: Db,
    opts: { keychain?: SafeStorageLike; passphrase?: string } = {},
  ) {
    if (opts.keychain?.isEncryptionAvailable()) {
      this.kind = 'os-keychain';
      this.box = new KeychainBox(opts.keychain);
    } else {
      this.kind = 'passphrase';
      if (opts.passphrase) this.unlock(opts.passphrase);
    }
  }

  status(): SecretsState {
    if (this.box) return { kind: this.kind, state: 'unlocked' };
    return { kind: this.kind, state: this.record() ? 'locked' : 'new' };
  }

  /** Opens the vault with the passphrase, creating it on first use. A wrong passphrase is refused. */
  unlock(passphrase: string): SecretsState {
    if (this.kind === 'os-keychain') return this.status();
    if (passphrase.length < 8) throw new VestnikError('bad_request', 'The passphrase needs at least 8 characters');
    const rec = this.record();
    if (!rec) {
      const salt = randomBytes(16);
      const box = new KeyBox(derive(passphrase, salt, SCRYPT));
      setSetting(this.db, 'vault', {
        v: 1,
        salt: salt.toString('base64'),
        ...SCRYPT,
        check: box.seal(CHECK_TEXT, CHECK_CONTEXT),
      } satisfies VaultRecord);
      this.box = box;
      return this.status();
    }
    const box = new KeyBox(derive(passphrase, Buffer.from(rec.salt, 'base64'), rec));
    try {
      if (box.open(rec.check, CHECK_CONTEXT) !== CHECK_TEXT) throw new Error('check');
    } catch {
      throw new VestnikError('wrong_passphrase', 'Wrong passphrase: the secrets were not unlocked');
    }
    this.box = box;
    return this.status();
  }

  seal(plain: string, context: string): string {
    return this.require().seal(plain, context);
  }

  open(sealed: string, context: string): string {
    try {
      return this.require().open(sealed, context);
    } catch (err) {
      if (err instanceof VestnikError) throw err;
      throw new VestnikError('forbidden', 'A stored secret could not be decrypted (it was altered or moved)');
    }
  }

  private require(): SecretBox {
    if (!this.box) {
      throw new VestnikError(
        'vault_locked',
        'Secrets are locked: enter the passphrase (in the CLI and browser mode, VESTNIK_PASSPHRASE)',
      );
    }
    return this.box;
  }

  private record(): VaultRecord | null {
    return getSetting<VaultRecord | null>(this.db, 'vault', null);
  }
}
