import { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import type { Audience, CampaignStatusView, OutboxState } from '../../../shared/domain/campaigns';
import { parseCampaignSheet } from '../import/campaign-sheet';
import { ImportError } from '../import/errors';
import { openTable } from '../import/table';
import { saveRecipientList } from '../repos/recipient-lists';
import { accountByName } from './accounts';
import { CliError, common, printJson, withCore, type CommonOptions } from './context';
import type { Io } from './output';

interface CreateOptions extends CommonOptions {
  name: string;
  account: string;
  all?: boolean;
  group?: string;
  sheet?: string;
  text: string;
  subject?: string;
  at?: string;
  cron?: string;
  tz?: string;
  grace?: string;
  owner?: string;
  service?: boolean;
  quietHours?: string;
  html?: string;
  picture: string[];
  template?: string;
  language?: string;
  var: string[];
}

const collect = (v: string, prev: string[]) => [...prev, v];

function statusLine(s: CampaignStatusView): string {
  const counts = Object.entries(s.counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const schedule = s.repeat
    ? ` [${s.repeat.cron} ${s.repeat.timeZone}; run ${s.run}${s.nextRunAt ? `, next ${s.nextRunAt}` : ''}]`
    : '';
  return `#${s.id} ${s.name}: ${s.state}${schedule}${s.reason ? ` (${s.reason})` : ''}${counts ? ` — ${counts}` : ''}`;
}

/** `vestnik campaign …`: a whole campaign headless, as the Рассылка screen does it. */
export function campaignCommand(io: Io): Command {
  const cmd = new Command('campaign').description(
    'campaigns (рассылки): create, launch, pause, resume, cancel, skip, resend, status',
  );
  common(cmd.command('create'))
    .description('create a campaign (a draft until launched)')
    .requiredOption('--name <name>', 'campaign name')
    .requiredOption('--account <name>', 'the account to send with')
    .option('--all', 'every contact')
    .option('--group <name>', 'the contacts of a group')
    .option('--sheet <file>', 'a campaign sheet: number; send time; var1; var2…')
    .requiredOption('--text <text>', 'the message, with variables such as {first_name|клиент}')
    .option('--subject <subject>', 'e-mail subject')
    .option('--at <iso>', 'launch at this time, e.g. 2026-12-01T10:00:00+03:00')
    .option('--cron <expr>', 'run on this schedule instead, e.g. "0 10 * * 1" (Mondays at 10:00)')
    .option('--tz <zone>', "the schedule's time zone (default: this computer's), e.g. Europe/Moscow")
    .option('--grace <minutes>', 'a run missed while the computer was off still goes out this late (default 60)')
    .option('--owner <name>', 'who is responsible')
    .option('--service', 'a service message, not marketing: quiet hours (09:00–21:00 local) do not hold it')
    .option(
      '--quiet-hours <from-to>',
      "marketing SMS go out only between these hours of the recipient's clock, e.g. 10:00-20:00",
    )
    .option(
      '--html <file>',
      "e-mail: the letter's HTML (a template with the text's variables; --text is its plain text)",
    )
    .option(
      '--picture <file>',
      'e-mail: a picture the HTML shows as cid:NAME (PNG, JPEG, GIF, WebP); repeat for more',
      collect,
      [],
    )
    .option('--template <name>', 'WhatsApp: the approved template to send')
    .option('--language <code>', "WhatsApp: the template's language (default: the account's, else ru)")
    .option(
      '--var <text>',
      'WhatsApp: {{1}}, {{2}}… in order, each a text with variables, e.g. "{first_name|друг}"',
      collect,
      [],
    )
    .action(async (o: CreateOptions) => {
      if ([o.all, o.group, o.sheet].filter(Boolean).length !== 1)
        throw new CliError('Give one of --all, --group or --sheet');
      if (o.at !== undefined && Number.isNaN(Date.parse(o.at)))
        throw new CliError(`--at is not a date and time: ${o.at}`);
      if (o.at !== undefined && o.cron !== undefined) throw new CliError('Give --at or --cron, not both');
      if (o.tz !== undefined && o.cron === undefined) throw new CliError('--tz goes with --cron');
      const grace = o.grace === undefined ? undefined : Number(o.grace);
      if (grace !== undefined && !(Number.isInteger(grace) && grace >= 0))
        throw new CliError(`--grace is a number of minutes: ${o.grace}`);
      if ((o.html !== undefined || o.picture.length > 0) && o.template !== undefined)
        throw new CliError('--html and --picture are for e-mail, --template for WhatsApp');
      if (o.picture.length > 0 && o.html === undefined) throw new CliError('--picture goes with --html');
      if ((o.var.length > 0 || o.language !== undefined) && o.template === undefined)
        throw new CliError('--var and --language go with --template');
      const quiet = o.quietHours === undefined ? undefined : /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(o.quietHours);
      if (quiet === null) throw new CliError(`--quiet-hours is FROM-TO, e.g. 10:00-20:00: ${o.quietHours}`);
      if (quiet && o.service) throw new CliError('--quiet-hours is for marketing messages, not with --service');
      const html = o.html === undefined ? undefined : readText(o.html, '--html');
      await withCore(o, async (call, core) => {
        const account = await accountByName(call, o.account);
        // Pictures go the way the app's own do: a file registered by the shell, checked by its bytes.
        const pictures: number[] = [];
        const taken: string[] = [];
        for (const file of o.picture) {
          if (!fs.existsSync(file)) throw new CliError(`No such file: ${file}`);
          const ref = core.files.register(path.resolve(file));
          const p = await call('campaigns:picture-add', { handle: ref.handle, taken });
          pictures.push(p.id);
          taken.push(p.cid);
          if (!o.json) io.err(`picture ${file}: cid:${p.cid} (${p.contentType}, ${p.size} bytes)`);
        }
        let audience: Audience;
        if (o.all) audience = { kind: 'all' };
        else if (o.group) {
          const group = (await call('groups:list', {})).find((g) => g.name.toLowerCase() === o.group!.toLowerCase());
          if (!group) throw new CliError(`No group named "${o.group}"`);
          audience = { kind: 'group', groupId: group.id };
        } else {
          let sheet;
          try {
            sheet = await parseCampaignSheet((await openTable(path.resolve(o.sheet!), { delimiter: ';' })).rows(), {
              ignoreDuplicates: true,
            });
          } catch (err) {
            if (err instanceof ImportError) throw new CliError(err.message);
            throw err;
          }
          for (const r of sheet.rejected.slice(0, 20)) io.err(`sheet row ${r.row}: ${r.reason}`);
          const listId = saveRecipientList(
            core.db,
            o.name,
            `sheet:${path.basename(o.sheet!)}`,
            sheet.recipients,
            new Date().toISOString(),
          );
          audience = { kind: 'sheet', listId };
        }
        const s = await call('campaigns:create', {
          name: o.name,
          owner: o.owner,
          spec: {
            channels: [{ channel: account.channel, accountId: account.id }],
            mode: 'priority',
            audience,
            text: o.text,
            marketing: o.service !== true,
            quietHours: quiet ? { from: quiet[1]!, to: quiet[2]! } : undefined,
            subject: o.subject,
            html,
            whatsappTemplate:
              o.template === undefined
                ? undefined
                : {
                    name: o.template,
                    language: o.language ?? account.settings.language ?? 'ru',
                    variables: o.var,
                  },
          },
          pictures: pictures.length > 0 ? pictures : undefined,
          sendAt: o.at === undefined ? undefined : new Date(o.at).toISOString(),
          repeat:
            o.cron === undefined
              ? undefined
              : { cron: o.cron, timeZone: o.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone },
          graceMinutes: grace,
        });
        if (o.json) printJson(io, s);
        else io.out(`Created campaign ${s.id} "${s.name}" (draft): vestnik campaign launch ${s.id}`);
      });
    });
  const verbs = {
    launch: 'launch a campaign (now, at its time, or on its schedule)',
    pause: 'pause a campaign',
    resume: 'resume a paused campaign, or send a missed one now',
    cancel: 'cancel a campaign (a recurring one: its whole schedule)',
    skip: "let a recurring campaign's missed run go; it waits for the next",
  } as const;
  for (const [verb, description] of Object.entries(verbs) as [keyof typeof verbs, string][]) {
    common(cmd.command(verb))
      .description(description)
      .argument('<id>', 'campaign id')
      .action(async (id: string, o: CommonOptions) => {
        await withCore(o, async (call) => {
          const s = await call(`campaigns:${verb}`, { id: Number(id) });
          if (o.json) printJson(io, s);
          else io.out(statusLine(s));
        });
      });
  }
  common(cmd.command('resend'))
    .description('queue the failed (default) or the unknown messages again — your explicit decision')
    .argument('<id>', 'campaign id')
    .option('--unknown', 'resend the messages whose fate is unknown (they may arrive twice)')
    .action(async (id: string, o: CommonOptions & { unknown?: boolean }) => {
      await withCore(o, async (call) => {
        const s = await call('campaigns:resend', { id: Number(id), which: o.unknown ? 'unknown' : 'failed' });
        if (o.json) printJson(io, s);
        else io.out(`${s.requeued} queued again. ${statusLine(s)}`);
      });
    });
  common(cmd.command('status'))
    .description('state and counts by status')
    .argument('<id>', 'campaign id')
    .action(async (id: string, o: CommonOptions) => {
      await withCore(o, async (call) => {
        const s = await call('campaigns:get', { id: Number(id) });
        if (o.json) printJson(io, s);
        else io.out(statusLine(s));
      });
    });
  common(cmd.command('messages'))
    .description('the per-recipient record: each message with its state and the provider words')
    .argument('<id>', 'campaign id')
    .option(
      '--state <state>',
      'only this state (queued, sending, sent, delivered, failed, unknown, suppressed, skipped)',
    )
    .option('--search <text>', 'part of the number or address')
    .option('--limit <n>', 'at most this many (default 100, up to 500)', '100')
    .option('--offset <n>', 'from this position', '0')
    .action(
      async (id: string, o: CommonOptions & { state?: string; search?: string; limit: string; offset: string }) => {
        await withCore(o, async (call) => {
          const res = await call('campaigns:messages', {
            id: Number(id),
            state: o.state as OutboxState | undefined,
            search: o.search,
            offset: Number(o.offset),
            limit: Number(o.limit),
          });
          if (o.json) return printJson(io, res);
          for (const m of res.rows) {
            const words = [m.providerCode, m.providerText].filter(Boolean).join(' ');
            io.out(`${m.address}\t${m.state}${words ? `\t${words}` : ''}${m.name ? `\t${m.name}` : ''}`);
          }
          io.out(`${res.rows.length} of ${res.total}`);
        });
      },
    );
  common(cmd.command('list'))
    .description('every campaign')
    .action(async (o: CommonOptions) => {
      await withCore(o, async (call) => {
        const list = await call('campaigns:list', {});
        if (o.json) printJson(io, list);
        else for (const s of list) io.out(statusLine(s));
      });
    });
  return cmd;
}

function readText(file: string, flag: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`${flag}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}
