const LABEL = '[a-z0-9\\u00a0-\\uffff](?:[a-z0-9\\u00a0-\\uffff-]*[a-z0-9\\u00a0-\\uffff])?';
// Control characters (\u0000-\u001f) are exactly what the local part refuses: no header injection.
const EMAIL = new RegExp(`^([^\\s@<>()[\\]\\\\,;:"\\u0000-\\u001f]+)@(${LABEL}(?:\\.${LABEL})+)$`, 'u');

/**
 * A deliberately plain e-mail check: one "@", a dotted domain, no spaces or control characters, and the
 * RFC 5321 length limits. Returns the lower-cased address or null.
 */
export function normalizeEmail(input: string): string | null {
  const value = input.trim().toLowerCase();
  if (value.length < 3 || value.length > 254) return null;
  const match = EMAIL.exec(value);
  if (!match) return null;
  const local = match[1] ?? '';
  if (local.length > 64 || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return null;
  return value;
}
