import type { Command } from 'commander';
import path from 'node:path';
import type { ChannelName, InputOf, OutputOf } from '../../../shared/ipc/contract';
import { createDispatcher } from '../../../shared/ipc/dispatch';
import { createCore, type Core } from '../core';
import { defaultDbPath } from '../paths';
import type { Io } from './output';

export interface CommonOptions {
  db?: string;
  json?: boolean;
}

/** An error the CLI prints as one line and turns into a non-zero exit. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code = 1,
  ) {
    super(message);
  }
}

/** Adds the options every command takes. */
export function common(cmd: Command): Command {
  return cmd
    .option('--db <path>', 'database file (default: the app data directory)')
    .option('--json', 'print machine-readable JSON');
}

export function dbPathOf(opts: CommonOptions): string {
  return opts.db ? path.resolve(opts.db) : defaultDbPath();
}

/**
 * Runs a command against the core. Calls go through the same dispatcher as the UI, so the CLI gets exactly
 * the contract's validation and error codes.
 */
export async function withCore<T>(
  opts: CommonOptions,
  fn: (call: Caller, core: Core) => Promise<T> | T,
  use: { secrets?: Io } = {},
): Promise<T> {
  // Commands that touch account secrets unlock the vault: VESTNIK_PASSPHRASE, or a prompt on a terminal.
  let passphrase = process.env.VESTNIK_PASSPHRASE || undefined;
  if (use.secrets && !passphrase && use.secrets.askSecret) {
    passphrase = (await use.secrets.askSecret('Passphrase of the Vestnik secret vault: ')) || undefined;
  }
  const core = createCore({ dbPath: dbPathOf(opts), shell: 'cli', passphrase });
  const dispatch = createDispatcher<null>(core.handlers, () => true);
  const call: Caller = async (channel, input) => {
    const res = await dispatch(channel, null, input);
    if (!res.ok) throw new CliError(res.error.message);
    return res.value as never;
  };
  try {
    return await fn(call, core);
  } finally {
    core.close();
  }
}

export type Caller = <C extends ChannelName>(channel: C, input: InputOf<C>) => Promise<OutputOf<C>>;

export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}
