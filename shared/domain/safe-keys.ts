/**
 * Keys that must never become object properties from untrusted input (prototype pollution).
 * Used by every schema that accepts a user-chosen key (custom attributes, spreadsheet headers).
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isSafeKey(key: string): boolean {
  return !FORBIDDEN_KEYS.has(key);
}

/**
 * Finds a forbidden own key anywhere in a parsed payload (`JSON.parse('{"__proto__":…}')` makes an own
 * property of that name). Returns its path, or null. Depth-limited: contract payloads are shallow.
 */
export function findForbiddenKey(value: unknown, path = '', depth = 0): string | null {
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  for (const key of Object.keys(value)) {
    const here = path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) return here;
    const found = findForbiddenKey((value as Record<string, unknown>)[key], here, depth + 1);
    if (found) return found;
  }
  return null;
}
