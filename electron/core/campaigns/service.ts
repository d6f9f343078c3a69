import {
  campaignSpecSchema,
  type CampaignSpec,
  type CampaignState,
  type CampaignStatusView,
  type Repeat,
} from '../../../shared/domain/campaigns';
import { nextCronOccurrence, validateCron } from '../../../shared/domain/schedule';
import { compileTemplate } from '../../../shared/domain/template';
import { VestnikError } from '../../../shared/ipc/result';
import type { Clock } from '../clock';
import type { Db } from '../db/open';
import { requireAccount } from '../repos/accounts';
import type { Provider } from '../channels/types';
import { listExcluded, listMessages, type MessagesQuery } from './listing';
import { previewCampaignCost, type CampaignCostPreview, type Exclusion } from './preview';
import { renderMessage } from './render';
import type { Picture } from '../../../shared/domain/pictures';
import {
  addPendingPicture,
  attachPictures,
  campaignPictures,
  pendingPictures,
  pictureView,
  type PictureRow,
} from '../repos/campaign-pictures';
import { cidReferences, compileHtmlTemplate } from '../../../shared/domain/html-template';
import {
  createCampaign,
  listCampaigns,
  outboxCounts,
  requeue,
  requireCampaign,
  setCampaignState,
  setNextRun,
  startNextRun,
  type CampaignRow,
} from '../repos/campaigns';

export type CampaignStatus = CampaignStatusView;

/** Campaigns as the user handles them: create, launch (now or at a time), pause, resume, cancel, resend. */
export class CampaignService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly changed: () => void,
    /** The campaign's time zone for {today} (the computer's). */
    private readonly timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone,
  ) {}

  create(input: {
    name: string;
    owner?: string;
    spec: CampaignSpec;
    sendAt?: string;
    repeat?: Repeat;
    graceMinutes?: number;
    pictures?: number[];
  }): CampaignStatus {
    const spec = campaignSpecSchema.parse(input.spec);
    if (input.repeat) checkRepeat(input.repeat, spec, input.sendAt);
    const compiled = compileTemplate(spec.text);
    if (!compiled.ok) {
      const e = compiled.errors[0]!;
      throw new VestnikError('bad_request', `The text has an error at ${e.line}:${e.column}: ${e.message}`, 'text');
    }
    checkContent(spec, pendingPictures(this.db, input.pictures ?? []), input.pictures ?? []);
    for (const ch of spec.channels) {
      const account = requireAccount(this.db, ch.accountId);
      if (account.channel !== ch.channel) {
        throw new VestnikError(
          'bad_request',
          `Account "${account.name}" sends ${account.channel}, not ${ch.channel}`,
          'channels',
        );
      }
    }
    const sendAt = input.sendAt ? new Date(input.sendAt).toISOString() : null;
    const c = this.db.transaction(() => {
      const created = createCampaign(
        this.db,
        {
          name: input.name,
          owner: input.owner,
          spec,
          sendAt,
          repeat: input.repeat,
          graceMs: input.graceMinutes === undefined ? undefined : input.graceMinutes * 60_000,
        },
        this.now(),
      );
      attachPictures(this.db, created.id, input.pictures ?? []);
      return created;
    })();
    this.changed();
    return this.status(c.id);
  }

  list(): CampaignStatus[] {
    return listCampaigns(this.db).map((c) => this.describe(c));
  }

  status(id: number): CampaignStatus {
    return this.describe(requireCampaign(this.db, id));
  }

  /** The cost preview before launch. */
  preview(id: number, provider: (accountId: number) => Provider): Promise<CampaignCostPreview> {
    return previewCampaignCost(this.db, requireCampaign(this.db, id).spec, {
      now: this.clock.now(),
      timeZone: this.timeZone,
      provider,
    });
  }

  /** The per-recipient record of the current run. */
  messages(id: number, q: MessagesQuery) {
    return listMessages(this.db, requireCampaign(this.db, id), q);
  }

  /** Who the cost preview leaves out on a channel, and why. */
  excluded(id: number, q: { channel: number; kind: Exclusion; offset: number; limit: number }) {
    const c = requireCampaign(this.db, id);
    if (q.channel >= c.spec.channels.length) {
      throw new VestnikError('bad_request', `Campaign ${id} has ${c.spec.channels.length} channel(s)`, 'channel');
    }
    return listExcluded(this.db, c.spec, q);
  }

  /** The exact message one contact (or one row of the campaign's sheet) would get. */
  render(id: number, who: { contactId?: number; row?: number }) {
    return renderMessage(this.db, requireCampaign(this.db, id).spec, who, {
      now: this.clock.now(),
      timeZone: this.timeZone,
    });
  }

  /** A picture for a campaign being composed, checked by its bytes (see repos/campaign-pictures.ts). */
  addPicture(data: Buffer, fileName: string, taken: readonly string[]): Picture {
    return pictureView(addPendingPicture(this.db, data, fileName, taken, this.clock.now()));
  }

  /** A campaign's pictures with their bytes, for its previews. */
  pictures(id: number): Picture[] {
    requireCampaign(this.db, id);
    return campaignPictures(this.db, id).map(pictureView);
  }

  /** Starts now, or schedules for its time (the dispatcher starts it then, or asks if that time was missed). */
  launch(id: number): CampaignStatus {
    const c = requireCampaign(this.db, id);
    if (c.state !== 'draft') throw new VestnikError('bad_request', `Campaign ${id} was already launched (${c.state})`);
    if (c.cron !== null && c.timeZone !== null) {
      // A recurring campaign waits for its first run.
      const next = nextCronOccurrence(c.cron, c.timeZone, this.clock.now());
      if (!next) throw new VestnikError('bad_request', 'The schedule has no run in the future', 'repeat');
      this.db.transaction(() => {
        setNextRun(this.db, id, next.toISOString());
        setCampaignState(this.db, id, 'scheduled', null, this.now());
      })();
      return this.after(id);
    }
    const later = c.sendAt !== null && Date.parse(c.sendAt) > this.clock.now().getTime();
    setCampaignState(this.db, id, later ? 'scheduled' : 'expanding', null, this.now());
    this.db.prepare('UPDATE campaigns SET run = 1 WHERE id = ? AND run = 0').run(id);
    return this.after(id);
  }

  pause(id: number): CampaignStatus {
    const c = requireCampaign(this.db, id);
    // Paused by an outage, it would resume by itself when the provider answers: the user's pause holds it.
    const outage = c.state === 'paused' && c.stateReason?.startsWith('outage:') === true;
    if (!['running', 'expanding', 'scheduled'].includes(c.state) && !outage) {
      throw new VestnikError('bad_request', `Campaign ${id} is ${c.state}: nothing to pause`);
    }
    const was = outage ? 'running' : c.state;
    setCampaignState(this.db, id, 'paused', `paused by the user (was ${was})`, this.now());
    return this.after(id);
  }

  /** Resumes a paused campaign, or sends a missed one now. */
  resume(id: number): CampaignStatus {
    const c = requireCampaign(this.db, id);
    if (c.state !== 'paused' && c.state !== 'missed') {
      throw new VestnikError('bad_request', `Campaign ${id} is ${c.state}: nothing to resume`);
    }
    // A user's pause remembers what the campaign was doing; the dispatcher's pauses come from running.
    const was = /\(was (\w+)\)/.exec(c.stateReason ?? '')?.[1];
    // Stopped at its budget: resuming is the user's word to go on past it, so the cap is lifted.
    if (c.stateReason?.startsWith('budget:') === true) {
      this.db.prepare(`UPDATE campaigns SET spec = json_remove(spec, '$.budget') WHERE id = ?`).run(id);
    }
    if (c.cron !== null && c.timeZone !== null && (c.state === 'missed' || was === 'scheduled')) {
      if (c.state === 'missed') startNextRun(this.db, id, this.now());
      else this.waitForNextRun(c);
      return this.after(id);
    }
    const future = c.sendAt !== null && Date.parse(c.sendAt) > this.clock.now().getTime();
    const next: CampaignState =
      c.state === 'missed' || was === 'expanding' || (was === 'scheduled' && !future)
        ? 'expanding'
        : was === 'scheduled'
          ? 'scheduled'
          : 'running';
    setCampaignState(this.db, id, next, null, this.now());
    return this.after(id);
  }

  /** A recurring campaign's missed run is let go: the campaign waits for its next run. */
  skip(id: number): CampaignStatus {
    const c = requireCampaign(this.db, id);
    if (c.state !== 'missed' || c.cron === null) {
      throw new VestnikError('bad_request', `Campaign ${id} has no missed run of a schedule to skip`);
    }
    this.waitForNextRun(c);
    return this.after(id);
  }

  /** Back to `scheduled`, at the first run after now (runs that fell due meanwhile are skipped). */
  private waitForNextRun(c: CampaignRow): void {
    const now = this.clock.now();
    const next =
      c.nextRunAt !== null && Date.parse(c.nextRunAt) > now.getTime()
        ? c.nextRunAt
        : (nextCronOccurrence(c.cron!, c.timeZone!, now)?.toISOString() ?? null);
    this.db.transaction(() => {
      setNextRun(this.db, c.id, next);
      setCampaignState(
        this.db,
        c.id,
        next === null ? 'finished' : 'scheduled',
        next === null ? 'the schedule has no more runs' : null,
        this.now(),
      );
    })();
  }

  /** Stops for good: whatever is still queued is marked skipped (cancelled); what went out stays as it is. */
  cancel(id: number): CampaignStatus {
    const c = requireCampaign(this.db, id);
    if (c.state === 'finished' || c.state === 'cancelled') {
      throw new VestnikError('bad_request', `Campaign ${id} is already ${c.state}`);
    }
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE outbox SET state = 'skipped', provider_text = 'Cancelled', updated_at = ? WHERE campaign_id = ? AND state = 'queued'`,
        )
        .run(this.now(), id);
      setCampaignState(this.db, id, 'cancelled', 'cancelled by the user', this.now());
    })();
    return this.after(id);
  }

  /** "Resend failed" / "resend unknown": only ever on the user's explicit word. */
  resend(id: number, which: 'failed' | 'unknown'): CampaignStatus & { requeued: number } {
    const c = requireCampaign(this.db, id);
    // Its queue is never sent again: requeued rows would wait for ever.
    if (c.state === 'cancelled') {
      throw new VestnikError('bad_request', `Campaign ${id} was cancelled: nothing more is sent from it`);
    }
    const requeued = this.db.transaction(() => {
      const n = requeue(this.db, id, which, this.now());
      if (n > 0 && (c.state === 'finished' || c.state === 'running'))
        setCampaignState(this.db, id, 'running', null, this.now());
      return n;
    })();
    return { ...this.after(id), requeued };
  }

  private after(id: number): CampaignStatus {
    this.changed();
    return this.status(id);
  }

  private describe(c: CampaignRow): CampaignStatus {
    // A recurring campaign shows its current (or last) run.
    const run = c.cron !== null ? c.run : undefined;
    const totals = this.db
      .prepare(
        `SELECT coalesce(sum(CASE WHEN channel = 'sms' THEN parts END), 0) AS parts, coalesce(sum(cost), 0) AS cost
         FROM outbox
         WHERE campaign_id = ? AND run = coalesce(?, run) AND state IN ('sent', 'delivered', 'failed', 'unknown')`,
      )
      .get(c.id, run ?? null) as { parts: number; cost: number };
    return {
      id: c.id,
      name: c.name,
      owner: c.owner,
      state: c.state,
      reason: c.stateReason,
      sendAt: c.sendAt,
      repeat: c.cron !== null && c.timeZone !== null ? { cron: c.cron, timeZone: c.timeZone } : null,
      run: c.run,
      nextRunAt: c.nextRunAt,
      graceMinutes: Math.round(c.graceMs / 60_000),
      spec: c.spec,
      counts: outboxCounts(this.db, c.id, run),
      parts: totals.parts,
      cost: Math.round(totals.cost * 100) / 100,
      createdAt: c.createdAt,
      launchedAt: c.launchedAt,
      finishedAt: c.finishedAt,
    };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

/** A schedule the dispatcher can run: a valid cron expression, a known time zone, an audience looked up each run. */
function checkRepeat(repeat: Repeat, spec: CampaignSpec, sendAt: string | undefined): void {
  const bad = (message: string) => new VestnikError('bad_request', message, 'repeat');
  if (sendAt !== undefined) throw bad('A campaign runs either once at a time or on a schedule, not both');
  const cron = validateCron(repeat.cron);
  if (!cron.ok) throw bad(`The schedule "${repeat.cron}" is not valid: ${cron.error.en}`);
  try {
    new Intl.DateTimeFormat('en', { timeZone: repeat.timeZone });
  } catch {
    throw bad(`Unknown time zone: ${repeat.timeZone}`);
  }
  if (spec.audience.kind === 'sheet') {
    throw bad('A campaign sheet has its own send times: it cannot run on a schedule');
  }
}

/**
 * The letter's HTML and WhatsApp's template, checked before a campaign is saved: templates that compile, a
 * picture behind every cid: the HTML shows, pictures only with an HTML to show them, and a template for
 * WhatsApp (a business can write first only with one Meta approved — without it every message would fail).
 */
function checkContent(spec: CampaignSpec, pictures: readonly PictureRow[], wanted: readonly number[]): void {
  const bad = (field: string, message: string) => new VestnikError('bad_request', message, field);
  if (spec.html !== undefined && spec.html.trim() !== '') {
    if (!spec.channels.some((c) => c.channel === 'email')) throw bad('html', 'An HTML letter needs an e-mail channel');
    const r = compileHtmlTemplate(spec.html);
    if (!r.ok) {
      const e = r.errors[0]!;
      throw bad('html', `The HTML has an error at ${e.line}:${e.column}: ${e.message}`);
    }
    const cids = new Set(pictures.map((p) => p.cid.toLowerCase()));
    const missing = cidReferences(spec.html).find((c) => !cids.has(c.toLowerCase()));
    if (missing !== undefined) throw bad('html', `The HTML shows "cid:${missing}", but no picture has that name`);
  } else if (wanted.length > 0) {
    throw bad('pictures', 'Pictures go with an HTML letter that shows them');
  }
  const wa = spec.whatsappTemplate;
  if (spec.channels.some((c) => c.channel === 'whatsapp') && !wa) {
    throw bad('whatsappTemplate', 'WhatsApp needs an approved template to write first: choose one');
  }
  wa?.variables.forEach((v, i) => {
    const r = compileTemplate(v);
    if (!r.ok) throw bad('whatsappTemplate', `Variable {{${i + 1}}} has an error: ${r.errors[0]!.message}`);
  });
}
