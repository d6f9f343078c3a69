import { ProviderError } from '../types';

/** Reading providers' JSON replies, shared by the SMS providers. */

/** Idempotent calls may be repeated once when the provider was provably not reached or asked to retry. */
export async function readOnce<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof ProviderError && err.errorClass === 'retryable' && !err.retryAfterMs) return call();
    throw err;
  }
}

/** An E.164 number as the Russian SMS APIs take it: digits only. */
export const digits = (phone: string) => phone.replace(/^\+/, '').replace(/[\s()-]/g, '');

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** A number from a JSON number or a numeric string ("12,5" too). */
export function toNumber(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v.replace(',', '.')) : NaN;
  return Number.isFinite(n) ? n : undefined;
}
