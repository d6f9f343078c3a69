import {
  providerSpec,
  type Account,
  type AccountInput,
  type FieldSpec,
  type ProviderId,
} from '../../../../shared/domain/providers';
import type { Locale } from '../../../../shared/ipc/contract';
import type { MessageKey, Params } from '../../i18n/translate';

/**
 * The provider account form as plain data, generated from the provider's field descriptors (shared/domain/
 * providers.ts), so a new provider needs no new form code. Kept free of React so it is unit-tested.
 *
 * Secrets are write-only: the form never holds a stored secret, only what is typed now. An empty secret field
 * keeps the stored value; a typed one replaces it.
 */

export const NAME_MAX = 80;
const VALUE_MAX = 4000;

export interface AccountFormValues {
  provider: ProviderId;
  name: string;
  /** Plain settings by field key, as shown in the inputs (booleans as 'true' / 'false'). */
  settings: Record<string, string>;
  /** Secrets typed in this session, by field key; '' keeps the stored one. */
  secrets: Record<string, string>;
}

export type FieldError = { key: MessageKey; params?: Params };

export interface AccountFormValidation {
  /** By field key; the account name is 'name'. */
  errors: Record<string, FieldError>;
  /** What to send as accounts:save's `account`; null while the form has errors. */
  input: AccountInput | null;
}

const isBoolean = (f: FieldSpec) => f.kind === 'boolean';

/** The value a field starts with when nothing is stored: its default, the first option, or empty. */
function initialValue(f: FieldSpec): string {
  if (f.default !== undefined) return f.default;
  if (isBoolean(f)) return 'false';
  if (f.kind === 'select' && f.options?.[0] !== undefined) return f.options[0];
  return '';
}

/** A new account of this provider: defaults filled in, a name nobody uses yet ("… 2" after the first). */
export function newAccountForm(provider: ProviderId, locale: Locale, takenNames: readonly string[]): AccountFormValues {
  const spec = providerSpec(provider);
  const settings: Record<string, string> = {};
  for (const f of spec.fields) if (f.kind !== 'secret') settings[f.key] = initialValue(f);
  return { provider, name: freeName(spec.label[locale], takenNames), settings, secrets: {} };
}

/**
 * An existing account's form. A key missing from the stored settings was emptied by the user (the core
 * stores defaults for keys it was not sent), so it starts empty — except booleans and selects, which always
 * have a value.
 */
export function accountFormFrom(account: Account): AccountFormValues {
  const spec = providerSpec(account.provider);
  const settings: Record<string, string> = {};
  for (const f of spec.fields) {
    if (f.kind === 'secret') continue;
    const stored = account.settings[f.key];
    settings[f.key] = stored ?? (isBoolean(f) || f.kind === 'select' ? initialValue(f) : '');
  }
  return { provider: account.provider, name: account.name, settings, secrets: {} };
}

/** "Песочница (без отправки)", or "… 2", "… 3" when taken (names are unique regardless of case). */
export function freeName(base: string, taken: readonly string[]): string {
  const used = new Set(taken.map((n) => n.trim().toLocaleLowerCase()));
  const fit = (s: string) => s.slice(0, NAME_MAX);
  if (!used.has(fit(base).toLocaleLowerCase())) return fit(base);
  for (let i = 2; ; i++) {
    const candidate = `${base.slice(0, NAME_MAX - String(i).length - 1)} ${i}`;
    if (!used.has(candidate.toLocaleLowerCase())) return candidate;
  }
}

/** What a secret field shows: stored and kept, stored and being replaced, or not set. */
export function secretState(key: string, secretsSet: readonly string[], typed: string): 'kept' | 'replacing' | 'unset' {
  const stored = secretsSet.includes(key);
  if (typed.trim() !== '') return stored ? 'replacing' : 'unset';
  return stored ? 'kept' : 'unset';
}

/** Russian users write "3,5": numbers are sent with a dot. */
const normalizeNumber = (v: string) => v.trim().replace(',', '.');

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Checks the form against the provider's descriptors and builds the input for accounts:save. `secretsSet`
 * is what the stored account already has (empty for a new one): a required secret already set may be left empty.
 */
export function validateAccountForm(values: AccountFormValues, secretsSet: readonly string[]): AccountFormValidation {
  const spec = providerSpec(values.provider);
  const errors: Record<string, FieldError> = {};
  const name = values.name.trim();
  if (name === '') errors.name = { key: 'account.error.nameRequired' };
  else if (name.length > NAME_MAX) errors.name = { key: 'account.error.tooLong' };

  const settings: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const f of spec.fields) {
    if (f.kind === 'secret') {
      // Pasted keys often bring a space or a line break along; no provider's key ends in one.
      const typed = (values.secrets[f.key] ?? '').trim();
      if (typed !== '') {
        if (typed.length > VALUE_MAX) errors[f.key] = { key: 'account.error.tooLong' };
        secrets[f.key] = typed;
      } else if (f.required && !secretsSet.includes(f.key)) {
        errors[f.key] = { key: 'account.error.secretRequired' };
      }
      continue;
    }
    const raw = values.settings[f.key] ?? initialValue(f);
    let value = f.kind === 'textarea' ? raw : raw.trim();
    if (isBoolean(f)) value = value === 'true' ? 'true' : 'false';
    if (f.kind === 'number' && value !== '') {
      value = normalizeNumber(value);
      if (!Number.isFinite(Number(value)) || Number(value) < 0) errors[f.key] = { key: 'account.error.number' };
    }
    if (f.kind === 'url' && value !== '' && !isHttpUrl(value)) errors[f.key] = { key: 'account.error.url' };
    if (f.kind === 'select' && value !== '' && f.options && !f.options.includes(value)) {
      errors[f.key] = { key: 'account.error.option' };
    }
    if (value.length > VALUE_MAX) errors[f.key] = { key: 'account.error.tooLong' };
    if (f.required && value.trim() === '') errors[f.key] = { key: 'account.error.required' };
    settings[f.key] = value;
  }

  if (Object.keys(errors).length > 0) return { errors, input: null };
  const input: AccountInput = { name, provider: values.provider, settings };
  if (Object.keys(secrets).length > 0) input.secrets = secrets;
  return { errors, input };
}

/** True when the account needs the secret storage to work (it has, or will have, a secret). */
export function needsSecrets(provider: ProviderId, secretsSet: readonly string[]): boolean {
  return secretsSet.length > 0 || providerSpec(provider).fields.some((f) => f.kind === 'secret' && f.required);
}
