import type { SafeStorageLike } from '../core/secrets/secrets';

export interface ElectronSafeStorage extends SafeStorageLike {
  getSelectedStorageBackend?(): string;
}

/**
 * Electron's safeStorage when it really protects secrets: the macOS Keychain, Windows DPAPI, or a Linux
 * secret service. On Linux without one Electron falls back to a fixed key ("basic_text"), which protects
 * nothing — then the passphrase vault is used instead.
 */
export function usableKeychain(storage: ElectronSafeStorage, platform: NodeJS.Platform): SafeStorageLike | undefined {
  if (!storage.isEncryptionAvailable()) return undefined;
  if (platform === 'linux' && storage.getSelectedStorageBackend?.() === 'basic_text') return undefined;
  return storage;
}
