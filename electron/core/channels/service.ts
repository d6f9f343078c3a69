import { randomUUID } from 'node:crypto';
import { normalizeEmail } from '../../../shared/domain/email';
import type { Message, SendInput } from '../../../shared/domain/messages';
import { normalizePhone } from '../../../shared/domain/phone';
import { countSms } from '../../../shared/domain/sms';
import type { Account, AccountInput, CheckResult, Money } from '../../../shared/domain/providers';
import { VestnikError } from '../../../shared/ipc/result';
import type { Clock } from '../clock';
import type { Db } from '../db/open';
import type { CoreEvents } from '../events';
import {
  accountSecrets,
  listAccounts,
  recordCheck,
  removeAccount,
  requireAccount,
  saveAccount,
  setDefaultAccount,
} from '../repos/accounts';
import {
  dueMessages,
  insertMessage,
  listMessages,
  nextDue,
  publicMessage,
  requireMessage,
  settleInterrupted,
  updateMessage,
  type StoredMessage,
} from '../repos/messages';
import type { Secrets } from '../secrets/secrets';
import { CallbackListener } from './callbacks';
import { applyOutboxStatus } from '../repos/campaigns';
import { createHttpClient, type HttpClient } from './http';
import { PROVIDER_FACTORIES } from './providers';
import { linkTelegramContact } from './telegram-link';
import { ProviderError, type Provider, type ProviderTemplate, type StatusUpdate } from './types';

export interface Estimate {
  parts: number;
  encoding: 'gsm7' | 'ucs2' | null;
  cost: Money | null;
  /** Where the cost came from: the provider's cost API, the account's tariff, or nowhere. */
  source: 'provider' | 'tariff' | 'none';
}

export interface ChannelServiceOptions {
  db: Db;
  secrets: Secrets;
  clock: Clock;
  events: CoreEvents;
  /** Provider request time limit (tests use less). */
  timeoutMs?: number;
  /** Run background work: scheduled sends, Telegram long polling, the callback listener. Off in the CLI. */
  background?: boolean;
}

/** What a provider error says, for the user: its own words, and what kind of failure it is. */
function describe(err: unknown): { message: string; errorClass: CheckResult['errorClass']; code?: string } {
  if (err instanceof ProviderError) return { message: err.message, errorClass: err.errorClass, code: err.providerCode };
  if (err instanceof VestnikError) throw err;
  return { message: err instanceof Error ? err.message : String(err), errorClass: null };
}

/**
 * Accounts, checks, single sends (test sends, a contact card's Send) and their statuses: the core side of the
 * "Настройки" and "Тестовая отправка" screens. A message is committed as `sending` before the provider is
 * called; an answer lost on the way makes it `unknown`, never a silent resend.
 */
export class ChannelService {
  private readonly http: HttpClient;
  private readonly providers = new Map<number, Provider>();
  private readonly callbacks: CallbackListener;
  private readonly listeners = new Map<number, AbortController>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly o: ChannelServiceOptions) {
    this.http = createHttpClient();
    this.callbacks = new CallbackListener(o.db, (accountId, messageId, req) =>
      this.onCallback(accountId, messageId, req),
    );
    // Only the process that sends in the background settles what a crash left `sending`: a CLI beside the
    // app must not mark the app's own in-flight message.
    if (o.background && settleInterrupted(o.db, this.now()) > 0) this.changed();
  }

  /** Starts background work; call once the secrets are unlocked (and again after an unlock). */
  async startBackground(): Promise<void> {
    if (!this.o.background || this.closed) return;
    if (listAccounts(this.o.db).some((a) => a.provider === 'kannel')) await this.callbacks.start();
    this.schedule();
    if (this.o.secrets.status().state === 'unlocked') {
      for (const a of listAccounts(this.o.db)) if (a.provider === 'telegram') this.listen(a.id);
    }
  }

  /** Starts the local listener for delivery reports (the app does it in the background; `vestnik worker` too). */
  async startCallbacks(): Promise<void> {
    if (!this.closed) await this.callbacks.start();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const c of this.listeners.values()) c.abort();
    this.listeners.clear();
    for (const p of this.providers.values()) p.close?.();
    this.providers.clear();
    this.callbacks.close();
    this.http.close().catch(() => undefined);
  }

  // --- accounts ---------------------------------------------------------------------------------------

  list(): Account[] {
    return listAccounts(this.o.db);
  }

  /** Saves the account, then checks it live: the answer is "saved and verified" or the provider's words. */
  async save(input: AccountInput, id?: number): Promise<{ account: Account; check: CheckResult }> {
    const account = saveAccount(this.o.db, this.o.secrets, input, this.now(), id);
    this.forget(account.id);
    this.changed();
    if (account.provider === 'kannel') await this.callbacks.start().catch(() => undefined);
    // Saved even while the vault is locked (settings without new secrets): the check then says why it could not run.
    const check = await this.check(account.id).catch((err: unknown) => {
      if (err instanceof VestnikError && err.code === 'vault_locked') {
        return {
          ok: false,
          message: err.message,
          errorClass: null,
          balance: null,
          senders: null,
        } satisfies CheckResult;
      }
      throw err;
    });
    if (account.provider === 'telegram' && check.ok && this.o.background) this.listen(account.id);
    return { account: requireAccount(this.o.db, account.id), check };
  }

  remove(id: number): { removed: boolean } {
    const removed = removeAccount(this.o.db, id);
    this.forget(id);
    this.changed();
    return { removed };
  }

  setDefault(id: number): Account {
    const a = setDefaultAccount(this.o.db, id);
    this.changed();
    return a;
  }

  async check(id: number): Promise<CheckResult> {
    requireAccount(this.o.db, id);
    let result: CheckResult;
    try {
      const c = await this.provider(id).check();
      result = {
        ok: true,
        message: c.message,
        errorClass: null,
        balance: c.balance ?? null,
        senders: c.senders ?? null,
      };
    } catch (err) {
      const d = describe(err);
      result = { ok: false, message: d.message, errorClass: d.errorClass, balance: null, senders: null };
    }
    recordCheck(this.o.db, id, result, this.now());
    this.changed();
    return result;
  }

  async balance(id: number): Promise<{ balance: Money | null; message: string }> {
    requireAccount(this.o.db, id);
    try {
      const balance = await this.provider(id).balance();
      return { balance, message: balance ? '' : 'This provider does not report a balance' };
    } catch (err) {
      return { balance: null, message: describe(err).message };
    }
  }

  async senders(id: number): Promise<{ senders: string[] | null; message: string }> {
    requireAccount(this.o.db, id);
    try {
      const p = this.provider(id);
      if (!p.senders) return { senders: null, message: 'This provider does not list sender names' };
      return { senders: await p.senders(), message: '' };
    } catch (err) {
      return { senders: null, message: describe(err).message };
    }
  }

  async templates(
    id: number,
    offset: number,
    limit: number,
  ): Promise<{ items: ProviderTemplate[]; total: number | null }> {
    const p = this.provider(id);
    if (!p.templates) throw new VestnikError('bad_request', 'This provider has no templates');
    try {
      return await p.templates(offset, limit);
    } catch (err) {
      throw new VestnikError('bad_request', describe(err).message);
    }
  }

  // --- messages ---------------------------------------------------------------------------------------

  /**
   * What one message would cost before it is sent: the provider's own cost API where it has one, else the
   * tariff the user entered for the account, else nothing (said so).
   */
  async estimate(accountId: number, text: string, to?: string): Promise<Estimate> {
    const account = requireAccount(this.o.db, accountId);
    const sms = account.channel === 'sms' ? countSms(text) : null;
    const parts = sms ? Math.max(1, sms.parts) : 1;
    const base = { parts, encoding: sms?.encoding ?? null };
    const address = to ? this.tryAddress(account, to) : null;
    // Cost APIs price by recipient (the operator decides the price); the sandbox prices without one.
    if (address || account.provider === 'sandbox') {
      try {
        const c = await this.provider(accountId).cost([{ id: 'estimate', to: address ?? '', text }]);
        if (c) return { ...base, cost: c.total, source: 'provider' };
      } catch (err) {
        if (err instanceof VestnikError) throw err;
        // The cost API failed: fall back to the tariff.
      }
    }
    const tariff = Number(account.settings.tariff);
    if (account.settings.tariff !== undefined && Number.isFinite(tariff) && tariff >= 0) {
      return { ...base, cost: { amount: Math.round(parts * tariff * 100) / 100, currency: 'RUB' }, source: 'tariff' };
    }
    return { ...base, cost: null, source: 'none' };
  }

  messages(limit: number): Message[] {
    return listMessages(this.o.db, limit).map(publicMessage);
  }

  /** A single send: now, or at `sendAt` (kept here until due). Answers with the message as it stands. */
  async send(input: SendInput): Promise<Message> {
    const account = requireAccount(this.o.db, input.accountId);
    const to = this.address(account, input.to);
    // Opens the account's secrets now: a locked vault is an error before anything is written.
    this.provider(account.id);
    const sendAt = input.sendAt ? new Date(input.sendAt) : null;
    const later = sendAt !== null && sendAt.getTime() > this.o.clock.now().getTime() + 1000;
    const id = randomUUID();
    insertMessage(this.o.db, {
      id,
      accountId: account.id,
      accountName: account.name,
      channel: account.channel,
      to,
      contactId: input.contactId ?? null,
      // An SMS goes out under the account's sender name unless another is given; an e-mail's From is the
      // account's address, and `sender` only its display name.
      sender:
        input.sender?.trim() ||
        (account.channel === 'sms' ? account.settings.sender || account.settings.from : null) ||
        null,
      subject: input.subject ?? null,
      text: input.text,
      html: input.html ?? null,
      status: later ? 'scheduled' : 'sending',
      createdAt: this.now(),
      sendAt: sendAt ? sendAt.toISOString() : null,
    });
    this.changed();
    if (later) {
      this.schedule();
      return publicMessage(requireMessage(this.o.db, id));
    }
    await this.deliver(requireMessage(this.o.db, id), input.template);
    return publicMessage(requireMessage(this.o.db, id));
  }

  /** Asks the provider where the message is now. */
  async refresh(id: string): Promise<Message> {
    const m = requireMessage(this.o.db, id);
    // Without provider ids only an `unknown` message is worth asking about (SMSC rebuilds its id from ours).
    if (m.accountId === null || (m.providerIds.length === 0 && m.status !== 'unknown')) return publicMessage(m);
    let update: StatusUpdate;
    try {
      update = await this.provider(m.accountId).status(m.providerIds, { id: m.id, to: m.to });
    } catch (err) {
      const d = describe(err);
      update = { status: 'unknown', providerCode: d.code, providerText: d.message };
      // A failed lookup says nothing new about the message itself.
      if (m.status !== 'unknown') return { ...publicMessage(m), providerText: d.message };
    }
    // "unknown" from a provider without a status API must not hide what a delivery report told us.
    if (!(update.status === 'unknown' && m.status !== 'sending' && m.status !== 'unknown')) {
      updateMessage(this.o.db, id, {
        status: update.status,
        providerCode: update.providerCode ?? null,
        providerText: update.providerText ?? null,
        statusAt: update.at ?? this.now(),
      });
      this.changed();
    }
    return publicMessage(requireMessage(this.o.db, id));
  }

  /** Sends what is due; the timer calls it, and tests with a fake clock call it directly. */
  async sendDue(): Promise<number> {
    const due = dueMessages(this.o.db, this.now());
    for (const m of due) {
      if (m.accountId !== null) {
        try {
          this.provider(m.accountId);
        } catch {
          continue; // the vault is locked: it stays scheduled until it is unlocked
        }
      }
      updateMessage(this.o.db, m.id, { status: 'sending', statusAt: this.now() });
      await this.deliver({ ...m, status: 'sending' });
    }
    if (due.length > 0) this.changed();
    return due.length;
  }

  private async deliver(m: StoredMessage, template?: SendInput['template']): Promise<void> {
    if (m.accountId === null) {
      updateMessage(this.o.db, m.id, {
        status: 'failed',
        providerText: 'The account was removed',
        statusAt: this.now(),
      });
      return;
    }
    try {
      const r = await this.provider(m.accountId).send({
        id: m.id,
        to: m.to,
        text: m.text,
        sender: m.sender ?? undefined,
        subject: m.subject ?? undefined,
        html: m.html ?? undefined,
        template,
      });
      updateMessage(this.o.db, m.id, {
        status: r.update.status,
        providerIds: r.providerIds,
        providerCode: r.update.providerCode ?? null,
        providerText: r.update.providerText ?? null,
        parts: r.parts ?? null,
        cost: r.cost ?? null,
        sentAt: this.now(),
        statusAt: r.update.at ?? this.now(),
      });
    } catch (err) {
      const d = describe(err);
      updateMessage(this.o.db, m.id, {
        // The provider may have taken it: only a status check can tell. Anything else provably did not go.
        status: d.errorClass === 'unknown_outcome' ? 'unknown' : 'failed',
        providerCode: d.code ?? null,
        providerText: d.message,
        errorClass: d.errorClass,
        statusAt: this.now(),
      });
    }
    this.changed();
  }

  private tryAddress(account: Account, raw: string): string | null {
    try {
      return this.address(account, raw);
    } catch {
      return null;
    }
  }

  /** The recipient as the channel needs it; a clear error for what cannot be one. */
  private address(account: Account, raw: string): string {
    switch (account.channel) {
      case 'sms':
      case 'whatsapp': {
        const phone = normalizePhone(raw);
        if (!phone) throw new VestnikError('invalid_phone', `Not a phone number: ${raw}`, 'to');
        return phone;
      }
      case 'email': {
        const email = normalizeEmail(raw);
        if (!email) throw new VestnikError('invalid_email', `Not an e-mail address: ${raw}`, 'to');
        return email;
      }
      case 'telegram':
        if (!/^-?\d{1,20}$|^@[A-Za-z0-9_]{5,32}$/.test(raw.trim())) {
          throw new VestnikError('bad_request', `Not a Telegram chat id: ${raw}`, 'to');
        }
        return raw.trim();
    }
  }

  // --- plumbing ---------------------------------------------------------------------------------------

  /** The provider of an account, built once with its secrets (the dispatcher sends through it). */
  providerFor(accountId: number): Provider {
    return this.provider(accountId);
  }

  private provider(accountId: number): Provider {
    const cached = this.providers.get(accountId);
    if (cached) return cached;
    const account = requireAccount(this.o.db, accountId);
    const provider = PROVIDER_FACTORIES[account.provider]({
      accountId,
      settings: account.settings,
      secrets: accountSecrets(this.o.db, this.o.secrets, accountId),
      http: this.http,
      clock: this.o.clock,
      timeoutMs: this.o.timeoutMs,
      callbackUrl: (messageId) => this.callbacks.urlFor(accountId, messageId) ?? '',
    });
    this.providers.set(accountId, provider);
    return provider;
  }

  private forget(accountId: number): void {
    this.providers.get(accountId)?.close?.();
    this.providers.delete(accountId);
    this.listeners.get(accountId)?.abort();
    this.listeners.delete(accountId);
  }

  private onCallback(accountId: number, messageId: string, req: Parameters<NonNullable<Provider['parseCallback']>>[0]) {
    const provider = this.provider(accountId);
    if (!provider.parseCallback) return false;
    let known = false;
    for (const { messageId: id, update } of provider.parseCallback(req)) {
      if (id !== messageId) continue;
      // A campaign's message (outbox row "ob-<n>"): its delivery report goes to the outbox.
      const ob = /^ob-(\d+)$/.exec(id);
      if (ob) {
        applyOutboxStatus(this.o.db, Number(ob[1]), accountId, update, this.now());
        known = true;
        continue;
      }
      const m = requireMessage(this.o.db, id);
      if (m.accountId !== accountId) continue;
      updateMessage(this.o.db, id, {
        status: update.status,
        providerCode: update.providerCode ?? null,
        providerText: update.providerText ?? null,
        statusAt: update.at ?? this.now(),
      });
      known = true;
    }
    if (known) {
      this.changed();
      this.o.events.emit('db:changed', { tables: ['outbox'] });
    }
    return known;
  }

  /** Telegram: people who press Start and share their phone get linked to their contact. */
  private listen(accountId: number): void {
    if (this.listeners.has(accountId) || this.closed) return;
    const p = this.provider(accountId);
    if (!p.listen) return;
    const controller = new AbortController();
    this.listeners.set(accountId, controller);
    p.listen((c) => {
      if (linkTelegramContact(this.o.db, c, this.now())) this.o.events.emit('db:changed', { tables: ['contacts'] });
    }, controller.signal).catch(() => {
      // Polling stops on an account-level error (e.g. the token was revoked); the next check restarts it.
      this.listeners.delete(accountId);
    });
  }

  private schedule(): void {
    if (!this.o.background || this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    const due = nextDue(this.o.db);
    if (!due) return;
    const wait = Math.min(Math.max(0, Date.parse(due) - this.o.clock.now().getTime()), 60_000);
    this.timer = setTimeout(() => {
      void this.sendDue().finally(() => this.schedule());
    }, wait);
    this.timer.unref();
  }

  private onMessagesChanged = () => this.o.events.emit('db:changed', { tables: ['accounts', 'messages'] });

  private changed(): void {
    this.onMessagesChanged();
  }

  private now(): string {
    return this.o.clock.now().toISOString();
  }
}
