import type { Clock } from '../clock';
import { openDatabase, type Db } from '../db/open';
import type { Provider } from '../channels/types';
import { Dispatcher } from './dispatcher';
import { pollStatuses } from './poller';

/**
 * The dispatcher as the app runs it in the background (Electron, browser mode, `vestnik worker`): rounds back
 * to back while there is work, a short sleep when there is none. On its own SQLite connection, so the
 * outbox's synchronous=FULL commits do not slow the UI's reads. Stopping lets the round in flight record its
 * results before the connection closes: what went out is never left unrecorded by a clean stop.
 */
export class DispatchLoop {
  private readonly db: Db;
  private readonly dispatcher: Dispatcher;
  private stopped = false;
  private inRound: Promise<unknown> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(o: {
    dbPath: string;
    nativeBinding?: string;
    clock: Clock;
    provider: (accountId: number) => Provider;
    onChange?: () => void;
    idleMs?: number;
  }) {
    this.db = openDatabase(o.dbPath, { nativeBinding: o.nativeBinding });
    this.dispatcher = new Dispatcher({ db: this.db, clock: o.clock, provider: o.provider, onChange: o.onChange });
    this.idleMs = o.idleMs ?? 1000;
    this.clock = o.clock;
    this.provider = o.provider;
    this.onChange = o.onChange;
  }

  private readonly idleMs: number;
  private readonly clock: Clock;
  private readonly provider: (accountId: number) => Provider;
  private readonly onChange?: () => void;
  private polledAt = 0;

  start(): void {
    this.schedule(0);
  }

  /** Runs one round now (tests; or after a launch, so it starts at once). */
  kick(): void {
    if (this.inRound || this.stopped) return;
    this.schedule(0);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const close = () => {
      try {
        this.dispatcher.release();
      } finally {
        this.db.close();
      }
    };
    if (this.inRound) void this.inRound.finally(close);
    else close();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), ms);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    if (this.stopped || this.inRound) return;
    let busy = false;
    const round = this.dispatcher
      .round({ flowMs: 5000 })
      .then(
        (r) => (busy = r.busy),
        () => (busy = false),
      )
      .then(async () => {
        // Statuses of what was sent, from the providers that can be asked (at most every 30 s).
        const now = this.clock.now().getTime();
        if (now - this.polledAt < 30_000) return;
        this.polledAt = now;
        if ((await pollStatuses(this.db, this.clock, this.provider).catch(() => 0)) > 0) this.onChange?.();
      });
    this.inRound = round;
    await round;
    this.inRound = null;
    this.schedule(busy ? 0 : this.idleMs);
  }
}
