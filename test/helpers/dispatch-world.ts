// A dispatcher on a fake clock against a gateway in the process: the scaffolding of the scheduler tests
// (dispatch-schedule, dispatch-recurring). Each test file closes what it opened with \`closeAll\` after each test.
import path from 'node:path';
import { Dispatcher } from '../../electron/core/campaigns/dispatcher';
import type { OutMessage, Provider, SendResult } from '../../electron/core/channels/types';
import { createCore, type Core } from '../../electron/core/core';
import { openDatabase } from '../../electron/core/db/open';
import { insertContactsBulk } from '../../electron/core/repos/contacts-bulk';
import type { Repeat } from '../../shared/domain/campaigns';
import { fakeClock } from './core';
import { tempDir } from './temp';

const closers: (() => unknown)[] = [];
export async function closeAll(): Promise<void> {
  for (const c of closers.splice(0).reverse()) await c();
}

export const MIN = 60_000;
export const HOUR = 60 * MIN;

export type Clock = ReturnType<typeof fakeClock>;

/** A gateway in the process: remembers who got a message, and when by the (fake) clock. */
export class Gateway implements Provider {
  readonly id = 'http' as const;
  readonly channel = 'sms' as const;
  readonly accepted: { to: string; at: string }[] = [];
  constructor(private readonly clock: Clock) {}
  check() {
    return Promise.resolve({ message: 'ok' });
  }
  balance() {
    return Promise.resolve(null);
  }
  cost() {
    return Promise.resolve(null);
  }
  status() {
    return Promise.resolve({ status: 'unknown' as const });
  }
  send(m: OutMessage): Promise<SendResult> {
    this.accepted.push({ to: m.to, at: this.clock.now().toISOString() });
    return Promise.resolve({ providerIds: [`gw-${this.accepted.length}`], update: { status: 'sent' } });
  }
  to(): string[] {
    return this.accepted.map((a) => a.to);
  }
}

export interface World {
  dbPath: string;
  clock: Clock;
  core: Core;
  accountId: number;
  gw: Gateway;
}

export async function world(start: string, phones: readonly string[]): Promise<World> {
  const clock = fakeClock(start);
  const dbPath = path.join(tempDir(), 'v.db');
  const core = createCore({ dbPath, shell: 'test', clock });
  closers.push(() => core.close());
  insertContactsBulk(
    core.db,
    phones.map((phone) => ({
      phone,
      email: null,
      lastName: '',
      firstName: 'Анна',
      middleName: '',
      telegramChatId: null,
      attributes: {},
    })),
    clock.now().toISOString(),
    'test',
  );
  const { account } = await core.handlers['accounts:save']({
    account: { name: 'Шлюз', provider: 'http', settings: { url: 'http://127.0.0.1:9/send?to={to}&text={text}' } },
  });
  return { dbPath, clock, core, accountId: account.id, gw: new Gateway(clock) };
}

export function campaign(
  w: World,
  o: { sendAt?: string; marketing?: boolean; name?: string; repeat?: Repeat; graceMinutes?: number } = {},
): number {
  const c = w.core.handlers['campaigns:create']({
    name: o.name ?? 'Акция',
    sendAt: o.sendAt,
    repeat: o.repeat,
    graceMinutes: o.graceMinutes,
    spec: {
      channels: [{ channel: 'sms', accountId: w.accountId }],
      mode: 'priority',
      audience: { kind: 'all' },
      text: 'Скидка 20% для вас, {first_name|клиент}!',
      marketing: o.marketing ?? false,
      quietHours: { from: '09:00', to: '21:00' },
    },
  });
  w.core.handlers['campaigns:launch']({ id: c.id });
  return c.id;
}

/** A worker process: its own connection, the scripted gateway. */
export function worker(w: World): Dispatcher {
  const db = openDatabase(w.dbPath);
  closers.push(() => db.open && db.close());
  return new Dispatcher({ db, clock: w.clock, provider: () => w.gw, batch: 16 });
}

/**
 * Rounds of a worker. With `until`: time moves on (by `stepMs` whenever a round finds nothing to do) up to that
 * instant of the fake clock. Without: rounds until nothing is left to do at the current instant.
 */
export async function run(d: Dispatcher, w: World, until?: string, stepMs = MIN): Promise<void> {
  const end = until === undefined ? undefined : Date.parse(until);
  for (let i = 0; i < 100_000; i++) {
    const r = await d.round();
    if (r.busy) continue;
    const now = w.clock.now().getTime();
    if (end === undefined) {
      if (d.pending()) throw new Error('work is left that needs time to pass');
      return;
    }
    if (now >= end) return;
    w.clock.advance(Math.min(stepMs, end - now));
  }
  throw new Error('did not settle');
}

export const status = (w: World, id: number) => w.core.handlers['campaigns:get']({ id });
export const phones = (n: number) => Array.from({ length: n }, (_, i) => `+7916${String(i).padStart(7, '0')}`);
