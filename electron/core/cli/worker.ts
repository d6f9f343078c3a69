import { Command } from 'commander';
import { Dispatcher } from '../campaigns/dispatcher';
import { pollStatuses } from '../campaigns/poller';
import { systemClock } from '../clock';
import { openDatabase } from '../db/open';
import { describeWaiting, waitingWork, type WaitingCampaign } from '../campaigns/idle';
import { common, dbPathOf, printJson, withCore, type CommonOptions } from './context';
import type { Io } from './output';

interface WorkerOptions extends CommonOptions {
  untilIdle?: boolean;
  batch?: string;
}

/**
 * `vestnik worker`: what the desktop app runs in its background — starting scheduled campaigns, expanding them
 * and sending the outbox — headless. With --until-idle it exits once nothing is due or in flight.
 */
export function workerCommand(io: Io): Command {
  return common(new Command('worker'))
    .description('send campaigns in the foreground (the scheduler and dispatcher of the app)')
    .option('--until-idle', 'exit once nothing is due or in flight')
    .option('--batch <n>', 'messages sent at once', '32')
    .action(async (o: WorkerOptions) => {
      await withCore(
        o,
        async (_call, core) => {
          // Its own connection: the outbox's transitions are committed with synchronous=FULL.
          const db = openDatabase(dbPathOf(o));
          const dispatcher = new Dispatcher({
            db,
            clock: systemClock,
            provider: (accountId) => core.channels.providerFor(accountId),
            batch: Math.max(1, Math.min(1000, Number(o.batch) || 32)),
          });
          // Delivery reports (Kannel) reach this process while it sends.
          await core.channels.startCallbacks();
          let stop = false;
          let waiting: WaitingCampaign[] = [];
          const onSignal = () => void (stop = true);
          process.on('SIGINT', onSignal);
          process.on('SIGTERM', onSignal);
          try {
            if (o.untilIdle) {
              await dispatcher.untilIdle(() => stop);
              waiting = waitingWork(db);
            } else
              for (let polled = 0; !stop;) {
                // Pipelined: up to --batch messages in flight, results and new claims committed together.
                const r = await dispatcher.round({ flowMs: 5000 });
                if (Date.now() - polled > 30_000) {
                  polled = Date.now();
                  await pollStatuses(db, systemClock, (id) => core.channels.providerFor(id));
                }
                if (!r.busy) await new Promise((res) => setTimeout(res, 500));
              }
          } finally {
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
            dispatcher.release();
            db.close();
          }
          if (o.json) {
            if (o.untilIdle) printJson(io, { stopped: stop, waiting });
          } else {
            io.out(stop ? 'Worker stopped.' : 'Worker idle: nothing due or in flight.');
            // What waits for a later time (quiet hours, a sheet's send times, a daily quota, a schedule).
            if (waiting.length > 0) io.out(`Waiting:\n${waiting.map((w) => `  ${describeWaiting(w)}`).join('\n')}`);
          }
        },
        { secrets: io },
      );
    });
}
