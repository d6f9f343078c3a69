import { describe, expect, it } from 'vitest';
import { usableKeychain, type ElectronSafeStorage } from '../../../electron/main/keychain';

const storage = (available: boolean, backend?: string): ElectronSafeStorage => ({
  isEncryptionAvailable: () => available,
  getSelectedStorageBackend: backend ? () => backend : undefined,
  encryptString: (s) => Buffer.from(s),
  decryptString: (b) => b.toString(),
});

describe('Electron shell: which secret storage', () => {
  it('uses the OS keychain where it protects secrets', () => {
    expect(usableKeychain(storage(true), 'darwin')).toBeDefined();
    expect(usableKeychain(storage(true), 'win32')).toBeDefined();
    expect(usableKeychain(storage(true, 'gnome_libsecret'), 'linux')).toBeDefined();
    expect(usableKeychain(storage(true, 'kwallet5'), 'linux')).toBeDefined();
  });

  it("falls back to the passphrase vault without a keychain, or with Linux's fixed-key fallback", () => {
    expect(usableKeychain(storage(false), 'darwin')).toBeUndefined();
    expect(usableKeychain(storage(true, 'basic_text'), 'linux')).toBeUndefined();
  });
});
