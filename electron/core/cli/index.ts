import { Command, CommanderError } from 'commander';
import { VERSION } from '../version';
import { contactsCommand } from './contacts';
import { CliError } from './context';
import { groupsCommand } from './groups';
import { importCommand } from './import';
import { importSheetCommand } from './import-sheet';
import { exportCommand } from './export';
import { processIo, type Io } from './output';
import { serveCommand } from './serve';
import { accountsCommand } from './accounts';
import { sendCommand, statusCommand } from './send';
import { campaignCommand } from './campaign';
import { workerCommand } from './worker';

export function buildProgram(io: Io): Command {
  const program = new Command('vestnik')
    .description('Vestnik — bulk messaging (рассылки) from a local base. Every command takes --db PATH and --json.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError();
  program.addCommand(contactsCommand(io));
  program.addCommand(groupsCommand(io));
  program.addCommand(importCommand(io));
  program.addCommand(importSheetCommand(io));
  program.addCommand(exportCommand(io));
  program.addCommand(accountsCommand(io));
  program.addCommand(sendCommand(io));
  program.addCommand(statusCommand(io));
  program.addCommand(campaignCommand(io));
  program.addCommand(workerCommand(io));
  program.addCommand(serveCommand(io));
  for (const cmd of program.commands) {
    cmd.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
    for (const sub of cmd.commands)
      sub.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  }
  return program;
}

/** Runs the CLI and returns the exit code; never calls process.exit, so tests can run it in process. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof CliError) {
      io.err(`vestnik: ${err.message}`);
      return err.code;
    }
    io.err(`vestnik: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
