/**
 * Keys that must never become object properties from untrusted input (prototype pollution).
 * Used by every schema that accepts a user-chosen key (custom attributes, spreadsheet headers).
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isSafeKey(key: string): boolean {
  return !FORBIDDEN_KEYS.has(key);
}
