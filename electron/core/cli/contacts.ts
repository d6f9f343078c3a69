import { Command } from 'commander';
import type { Group } from '../../../shared/domain/contact';
import { CliError, common, printJson, withCore, type Caller, type CommonOptions } from './context';
import { contactJson, contactLine, type Io } from './output';

const collect = (value: string, prev: string[] = []) => [...prev, value];

/** Finds groups by name, creating missing ones when asked to (`contacts add --group NEW`). */
async function groupIds(call: Caller, names: readonly string[], create: boolean): Promise<number[]> {
  if (names.length === 0) return [];
  const existing = await call('groups:list', {});
  const ids: number[] = [];
  for (const name of names) {
    let g: Group | undefined = existing.find((x) => x.name.toLowerCase() === name.trim().toLowerCase());
    if (!g) {
      if (!create) throw new CliError(`No group named "${name}"`);
      g = await call('groups:create', { name });
    }
    ids.push(g.id);
  }
  return ids;
}

function parseAttrs(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) throw new CliError(`--attr takes key=value, got "${p}"`);
    out[p.slice(0, i).trim()] = p.slice(i + 1);
  }
  return out;
}

interface AddOptions extends CommonOptions {
  phone?: string;
  email?: string;
  lastName?: string;
  firstName?: string;
  middleName?: string;
  telegram?: string;
  group?: string[];
  attr?: string[];
}

interface ListOptions extends CommonOptions {
  search?: string;
  group?: string;
  limit?: string;
}

const PAGE = 500;

export function contactsCommand(io: Io): Command {
  const cmd = new Command('contacts').description('the subscriber base (база абонентов)');

  common(cmd.command('add'))
    .description('add a contact; the phone is stored in E.164 (+79207460022)')
    .option('--phone <phone>', 'phone, e.g. "8 920 746-00-22" or +79207460022')
    .option('--email <email>', 'e-mail address')
    .option('--last-name <name>', 'last name (фамилия)')
    .option('--first-name <name>', 'first name (имя)')
    .option('--middle-name <name>', 'middle name (отчество)')
    .option('--telegram <chatId>', 'Telegram chat id')
    .option('--group <name>', 'add to this group (created if missing); repeatable', collect)
    .option('--attr <key=value>', 'custom attribute; repeatable', collect)
    .action(async (o: AddOptions) => {
      await withCore(o, async (call) => {
        const contact = await call('contacts:create', {
          phone: o.phone,
          email: o.email,
          lastName: o.lastName,
          firstName: o.firstName,
          middleName: o.middleName,
          telegramChatId: o.telegram,
          attributes: parseAttrs(o.attr ?? []),
          groupIds: await groupIds(call, o.group ?? [], true),
        });
        if (o.json) printJson(io, contactJson(contact));
        else io.out(`Added contact ${contact.id}: ${contactLine(contact).trim()}`);
      });
    });

  common(cmd.command('list'))
    .description('list contacts, optionally searching or within a group')
    .option('--search <query>', 'search names, phone and e-mail (prefixes: "иван", "7920")')
    .option('--group <name>', 'only this group')
    .option('--limit <n>', 'print at most n contacts')
    .action(async (o: ListOptions) => {
      const limit = o.limit === undefined ? Infinity : Number(o.limit);
      if (!(limit >= 0)) throw new CliError('--limit takes a number');
      await withCore(o, async (call) => {
        const [groupId] = await groupIds(call, o.group ? [o.group] : [], false);
        // Page through so a million contacts print without holding them all in memory.
        let printed = 0;
        if (o.json) io.out('[');
        for (let offset = 0; printed < limit; offset += PAGE) {
          const page = await call('contacts:list', {
            query: o.search,
            groupId,
            offset,
            limit: Math.min(PAGE, limit - printed),
          });
          for (const c of page.rows) {
            io.out(o.json ? `${printed > 0 ? ',' : ''}${JSON.stringify(contactJson(c))}` : contactLine(c));
            printed += 1;
          }
          if (page.rows.length < PAGE) break;
        }
        if (o.json) io.out(']');
        else if (printed === 0) io.out('No contacts.');
      });
    });

  common(cmd.command('remove'))
    .description('remove contacts by id')
    .argument('<ids...>', 'contact ids')
    .action(async (ids: string[], o: CommonOptions) => {
      const nums = ids.map(Number);
      const bad = ids.filter((_, i) => !Number.isInteger(nums[i]) || (nums[i] ?? 0) <= 0);
      if (bad.length > 0) throw new CliError(`Not a contact id: ${bad.join(', ')}`);
      await withCore(o, async (call) => {
        const { removed } = await call('contacts:remove', { target: { ids: nums } });
        if (o.json) printJson(io, { removed });
        else io.out(`Removed ${removed} contact(s).`);
        if (removed < nums.length) throw new CliError(`${nums.length - removed} id(s) not found`);
      });
    });
  return cmd;
}
