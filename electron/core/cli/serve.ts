import { Command } from 'commander';
import { startWebShell } from '../web/server';
import { CliError, common, dbPathOf, type CommonOptions } from './context';
import type { Io } from './output';

interface ServeOptions extends CommonOptions {
  port?: string;
}

/** `vestnik serve`: browser mode. Prints the URL (with its token) on one line and runs until stopped. */
export function serveCommand(io: Io, onStarted?: (stop: () => Promise<void>) => void): Command {
  return common(new Command('serve'))
    .description('serve the app on 127.0.0.1 for a browser; prints the URL to open')
    .option('--port <n>', 'port (default: a free one)')
    .action(async (o: ServeOptions) => {
      const port = o.port === undefined ? 0 : Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError('--port takes 0–65535');
      // The vault's passphrase from the environment; without it the page asks for it.
      const shell = await startWebShell({ dbPath: dbPathOf(o), port, passphrase: process.env.VESTNIK_PASSPHRASE });
      io.out(o.json ? JSON.stringify({ url: shell.url, port: shell.port }) : shell.url);
      await new Promise<void>((resolve) => {
        const stop = (): Promise<void> => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          return shell.close().then(resolve);
        };
        const onSignal = () => void stop();
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        onStarted?.(stop);
      });
    });
}
