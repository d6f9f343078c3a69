import {
  campaignSpecSchema,
  type CampaignSpec,
  type CampaignState,
  type OutboxState,
} from '../../../shared/domain/campaigns';
import { compileTemplate } from '../../../shared/domain/template';
import { VestnikError } from '../../../shared/ipc/result';
import type { Clock } from '../clock';
import type { Db } from '../db/open';
import { requireAccount } from '../repos/accounts';
import type { Provider } from '../channels/types';
import { previewCampaignCost, renderFor, type CampaignCostPreview } from './preview';
import {
  createCampaign,
  listCampaigns,
  outboxCounts,
  requeue,
  requireCampaign,
  setCampaignState,
  type CampaignRow,
} from '../repos/campaigns';

export interface CampaignStatus {
  id: number;
  name: string;
  owner: string;
  state: CampaignState;
  reason: string | null;
  sendAt: string | null;
  spec: CampaignSpec;
  counts: Record<OutboxState, number>;
  parts: number;
  cost: number;
  createdAt: string;
  launchedAt: string | null;
  finishedAt: string | null;
}

/** Campaigns as the user handles them: create, launch (now or at a time), pause, resume, cancel, resend. */
export class CampaignService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly changed: () => void,
    /** The campaign's time zone for {today} (the computer's). */
    private readonly timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone,
  ) {}

  create(input: { name: string; owner?: string; spec: CampaignSpec; sendAt?: string }): CampaignStatus {
    const spec = campaignSpecSchema.parse(input.spec);
    const compiled = compileTemplate(spec.text);
    if (!compiled.ok) {
      const e = compiled.errors[0]!;
      throw new VestnikError('bad_request', `The text has an error at ${e.line}:${e.column}: ${e.message}`, 'text');
    }
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
    const c = createCampaign(this.db, { name: input.name, owner: input.owner, spec, sendAt }, this.now());
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

  /** The exact message one contact would get. */
  render(id: number, contactId: number) {
    return renderFor(this.db, requireCampaign(this.db, id).spec, contactId, {
      now: this.clock.now(),
      timeZone: this.timeZone,
    });
  }

  /** Starts now, or schedules for its time (the dispatcher starts it then, or asks if that time was missed). */
  launch(id: number): CampaignStatus {
    const c = requireCampaign(this.db, id);
    if (c.state !== 'draft') throw new VestnikError('bad_request', `Campaign ${id} was already launched (${c.state})`);
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
    const totals = this.db
      .prepare(
        `SELECT coalesce(sum(parts), 0) AS parts, coalesce(sum(cost), 0) AS cost FROM outbox
         WHERE campaign_id = ? AND state IN ('sent', 'delivered', 'failed', 'unknown')`,
      )
      .get(c.id) as { parts: number; cost: number };
    return {
      id: c.id,
      name: c.name,
      owner: c.owner,
      state: c.state,
      reason: c.stateReason,
      sendAt: c.sendAt,
      spec: c.spec,
      counts: outboxCounts(this.db, c.id),
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
