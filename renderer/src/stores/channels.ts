import { create } from 'zustand';
import type { Channel } from '../../../shared/domain/channels';
import type { Message } from '../../../shared/domain/messages';
import type { Account, CheckResult, Money } from '../../../shared/domain/providers';
import type { SecretsStatus } from '../../../shared/ipc/contract';
import type { ResultError } from '../../../shared/ipc/result';
import { api } from '../api';

/** What the last action on an account answered, shown under it until the next one. */
export type AccountNote =
  | { kind: 'check'; check: CheckResult; saved: boolean }
  | { kind: 'balance'; balance: Money | null; message: string }
  | { kind: 'senders'; senders: string[] | null; message: string }
  | { kind: 'error'; error: ResultError };

export type AccountAction = 'check' | 'balance' | 'senders' | 'default';

/** How many recent single messages the test send screen lists. */
export const RECENT_LIMIT = 10;

interface ChannelsState {
  accounts: Account[];
  accountsLoaded: boolean;
  accountsError: ResultError | null;
  secrets: SecretsStatus | null;
  messages: Message[];
  messagesLoaded: boolean;
  notes: Partial<Record<number, AccountNote>>;
  /** The action running on each account, if any (its button shows busy). */
  busy: Partial<Record<number, AccountAction>>;

  loadAccounts: () => Promise<void>;
  loadSecrets: () => Promise<void>;
  loadMessages: () => Promise<void>;
  setNote: (id: number, note: AccountNote | null) => void;
  /** A message the UI just sent or refreshed, shown at once (the list refetch follows with db:changed). */
  upsertMessage: (m: Message) => void;
  runAction: (id: number, action: AccountAction) => Promise<void>;
}

let accountsSeq = 0;
let messagesSeq = 0;

export const useChannels = create<ChannelsState>()((set, get) => ({
  accounts: [],
  accountsLoaded: false,
  accountsError: null,
  secrets: null,
  messages: [],
  messagesLoaded: false,
  notes: {},
  busy: {},

  async loadAccounts() {
    const seq = ++accountsSeq;
    const res = await api.accounts.list({});
    if (seq !== accountsSeq) return;
    if (res.ok) set({ accounts: res.value, accountsLoaded: true, accountsError: null });
    else set({ accountsLoaded: true, accountsError: res.error });
  },
  async loadSecrets() {
    const res = await api.secrets.status({});
    if (res.ok) set({ secrets: res.value });
  },
  async loadMessages() {
    const seq = ++messagesSeq;
    const res = await api.messages.list({ limit: RECENT_LIMIT });
    if (seq === messagesSeq && res.ok) set({ messages: res.value, messagesLoaded: true });
  },
  setNote(id, note) {
    set((s) => {
      const notes = { ...s.notes };
      if (note) notes[id] = note;
      else delete notes[id];
      return { notes };
    });
  },
  upsertMessage(m) {
    set((s) => {
      const rest = s.messages.filter((x) => x.id !== m.id);
      const messages = [m, ...rest].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, RECENT_LIMIT);
      return { messages };
    });
  },
  async runAction(id, action) {
    if (get().busy[id]) return;
    set((s) => ({ busy: { ...s.busy, [id]: action } }));
    const done = () =>
      set((s) => {
        const busy = { ...s.busy };
        delete busy[id];
        return { busy };
      });
    try {
      switch (action) {
        case 'check': {
          const res = await api.accounts.check({ id });
          get().setNote(id, res.ok ? { kind: 'check', check: res.value, saved: false } : errorNote(res.error));
          break;
        }
        case 'balance': {
          const res = await api.accounts.balance({ id });
          get().setNote(id, res.ok ? { kind: 'balance', ...res.value } : errorNote(res.error));
          break;
        }
        case 'senders': {
          const res = await api.accounts.senders({ id });
          get().setNote(id, res.ok ? { kind: 'senders', ...res.value } : errorNote(res.error));
          break;
        }
        case 'default': {
          const res = await api.accounts.setDefault({ id });
          if (!res.ok) get().setNote(id, errorNote(res.error));
          break;
        }
      }
    } finally {
      done();
    }
    await get().loadAccounts();
  },
}));

const errorNote = (error: ResultError): AccountNote => ({ kind: 'error', error });

/** The accounts of one channel, the default first. */
export function accountsOf(accounts: readonly Account[], channel: Channel): Account[] {
  return accounts
    .filter((a) => a.channel === channel)
    .sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name));
}

/** The channel's default account (or its first, should none be marked). */
export function defaultAccount(accounts: readonly Account[], channel: Channel): Account | null {
  return accountsOf(accounts, channel)[0] ?? null;
}

/** The secret storage is open (or is the OS keychain, which needs nothing from the user). */
export const secretsOpen = (s: SecretsStatus | null): boolean => s === null || s.state === 'unlocked';
