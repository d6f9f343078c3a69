import { Command } from 'commander';
import {
  PROVIDER_IDS,
  providerIdSchema,
  providerSpec,
  type Account,
  type CheckResult,
} from '../../../shared/domain/providers';
import { CliError, common, printJson, withCore, type Caller, type CommonOptions } from './context';
import type { Io } from './output';

interface AddOptions extends CommonOptions {
  provider: string;
  name: string;
  set: string[];
  secret: string[];
}

const collect = (value: string, previous: string[]) => [...previous, value];

function pairs(list: readonly string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new CliError(`--${what} takes key=value, not "${item}"`);
    out[item.slice(0, eq).trim()] = item.slice(eq + 1);
  }
  return out;
}

export async function accountByName(call: Caller, name: string): Promise<Account> {
  const found = (await call('accounts:list', {})).find((a) => a.name.toLowerCase() === name.trim().toLowerCase());
  if (!found) throw new CliError(`No account named "${name}" (see: vestnik accounts list)`);
  return found;
}

function checkLine(c: CheckResult): string {
  const balance = c.balance ? `; balance ${c.balance.amount} ${c.balance.currency}` : '';
  return c.ok
    ? `Saved and verified: ${c.message}${balance}`
    : `The check failed (${c.errorClass ?? 'error'}): ${c.message}`;
}

/** `vestnik accounts …`: provider accounts, as on the Settings screen. */
export function accountsCommand(io: Io): Command {
  const cmd = new Command('accounts').description('provider accounts (SMS, e-mail, Telegram, WhatsApp)');
  common(cmd.command('add'))
    .description(`add an account and check it live; providers: ${PROVIDER_IDS.join(', ')}`)
    .requiredOption('--provider <id>', 'provider id')
    .requiredOption('--name <name>', 'account name')
    .option('--set <key=value>', 'a setting (repeatable)', collect, [])
    .option('--secret <key=value>', 'a secret: password, API key, token (repeatable; stored encrypted)', collect, [])
    .addHelpText(
      'after',
      `\nSettings by provider:\n${PROVIDER_IDS.map(
        (id) =>
          `  ${id}: ${providerSpec(id)
            .fields.map((f) => (f.kind === 'secret' ? `${f.key} (secret)` : f.key))
            .join(', ')}`,
      ).join('\n')}`,
    )
    .action(async (o: AddOptions) => {
      const provider = providerIdSchema.safeParse(o.provider);
      if (!provider.success) throw new CliError(`Unknown provider "${o.provider}"; one of ${PROVIDER_IDS.join(', ')}`);
      const secrets = pairs(o.secret, 'secret');
      await withCore(
        o,
        async (call) => {
          const existing = (await call('accounts:list', {})).find((a) => a.name.toLowerCase() === o.name.toLowerCase());
          const r = await call('accounts:save', {
            id: existing?.id,
            account: { name: o.name, provider: provider.data, settings: pairs(o.set, 'set'), secrets },
          });
          if (o.json) printJson(io, r);
          else
            io.out(
              `${existing ? 'Updated' : 'Added'} account ${r.account.id}: ${r.account.name} (${r.account.provider}, ${r.account.channel})\n${checkLine(r.check)}`,
            );
          if (!r.check.ok) throw new CliError(`saved, but the check failed: ${r.check.message}`, 2);
        },
        { secrets: Object.keys(secrets).length > 0 ? io : undefined },
      );
    });
  common(cmd.command('list'))
    .description('list accounts (secrets are never shown, only whether they are set)')
    .action(async (o: CommonOptions) => {
      await withCore(o, async (call) => {
        const list = await call('accounts:list', {});
        if (o.json) printJson(io, list);
        else if (list.length === 0)
          io.out('No accounts. Add one: vestnik accounts add --provider sandbox --name Песочница');
        else
          for (const a of list) {
            const check = a.lastCheck
              ? a.lastCheck.ok
                ? 'verified'
                : `check failed: ${a.lastCheck.message}`
              : 'not checked';
            io.out(
              `${String(a.id).padStart(4)}  ${a.name}  ${a.provider}/${a.channel}${a.isDefault ? ' (default)' : ''}  ${check}`,
            );
          }
      });
    });
  common(cmd.command('check'))
    .description('check availability and credentials with the provider')
    .argument('<name>', 'account name')
    .action(async (name: string, o: CommonOptions) => {
      await withCore(
        o,
        async (call) => {
          const c = await call('accounts:check', { id: (await accountByName(call, name)).id });
          if (o.json) printJson(io, c);
          else io.out(checkLine(c));
          if (!c.ok) throw new CliError(c.message, 2);
        },
        { secrets: io },
      );
    });
  common(cmd.command('balance'))
    .description("the account's balance with the provider")
    .argument('<name>', 'account name')
    .action(async (name: string, o: CommonOptions) => {
      await withCore(
        o,
        async (call) => {
          const b = await call('accounts:balance', { id: (await accountByName(call, name)).id });
          if (o.json) printJson(io, b);
          else io.out(b.balance ? `${b.balance.amount} ${b.balance.currency}` : b.message);
        },
        { secrets: io },
      );
    });
  common(cmd.command('remove'))
    .description('remove an account')
    .argument('<name>', 'account name')
    .action(async (name: string, o: CommonOptions) => {
      await withCore(o, async (call) => {
        const r = await call('accounts:remove', { id: (await accountByName(call, name)).id });
        if (o.json) printJson(io, r);
        else io.out(`Removed account ${name}`);
      });
    });
  return cmd;
}
