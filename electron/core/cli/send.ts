import { Command } from 'commander';
import type { Message } from '../../../shared/domain/messages';
import { accountByName } from './accounts';
import { CliError, common, printJson, withCore, type CommonOptions } from './context';
import type { Io } from './output';

interface SendOptions extends CommonOptions {
  account: string;
  to: string;
  text: string;
  subject?: string;
  at?: string;
}

function messageLine(m: Message): string {
  const parts = m.parts ? `, ${m.parts} part(s)` : '';
  const cost = m.cost ? `, ${m.cost.amount} ${m.cost.currency}` : '';
  const words = m.providerText ? ` — ${m.providerText}` : '';
  return `${m.id}  ${m.status}${parts}${cost}${words}`;
}

/** `vestnik send`: one message, as the test send does (exit 2 when the provider refused it). */
export function sendCommand(io: Io): Command {
  return common(new Command('send'))
    .description('send one message (a test send)')
    .requiredOption('--account <name>', 'account name')
    .requiredOption('--to <address>', 'phone, e-mail address or Telegram chat id')
    .requiredOption('--text <text>', 'the message')
    .option('--subject <subject>', 'e-mail subject')
    .option('--at <iso>', 'send at this time instead of now, e.g. 2026-12-01T10:00:00+03:00')
    .action(async (o: SendOptions) => {
      if (o.at !== undefined && Number.isNaN(Date.parse(o.at)))
        throw new CliError(`--at is not a date and time: ${o.at}`);
      await withCore(
        o,
        async (call) => {
          const account = await accountByName(call, o.account);
          const m = await call('messages:send', {
            accountId: account.id,
            to: o.to,
            text: o.text,
            subject: o.subject,
            sendAt: o.at === undefined ? undefined : new Date(o.at).toISOString(),
          });
          if (o.json) printJson(io, m);
          else io.out(messageLine(m));
          if (m.status === 'failed') throw new CliError(m.providerText ?? 'the provider refused the message', 2);
        },
        { secrets: io },
      );
    });
}

/** `vestnik status ID`: asks the provider where a message is now. */
export function statusCommand(io: Io): Command {
  return common(new Command('status'))
    .description('the status of a sent message, asked from the provider')
    .argument('<id>', 'message id (from vestnik send)')
    .action(async (id: string, o: CommonOptions) => {
      await withCore(
        o,
        async (call) => {
          const m = await call('messages:status', { id });
          if (o.json) printJson(io, m);
          else io.out(messageLine(m));
        },
        { secrets: io },
      );
    });
}
