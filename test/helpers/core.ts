import { createCore, type Core } from '../../electron/core/core';
import type { Clock } from '../../electron/core/clock';
import { tempDbPath } from './temp';
import { afterEach } from 'vitest';

const open: Core[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

/** A fixed, steppable clock so timestamps in assertions are exact. */
export function fakeClock(start = '2026-01-15T10:00:00.000Z'): Clock & { advance(ms: number): void } {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms) => (t += ms) };
}

export function testCore(dbPath = tempDbPath(), clock: Clock = fakeClock()): Core {
  const core = createCore({ dbPath, shell: 'test', clock });
  open.push(core);
  return core;
}
