/** Injected time, so schedulers, backoff and timestamps are testable with a fake clock. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
