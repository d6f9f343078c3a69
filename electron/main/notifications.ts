import { noticeFor, type Notice } from '../../shared/domain/campaign-notice';
import type { CampaignState } from '../../shared/domain/campaigns';
import type { EventSourceLike } from './ipc';

/**
 * Desktop notifications: a campaign finished, stopped by itself or missed its time — told by the operating system,
 * so the user hears of it with the window in the background or minimised. The states are read (one small query)
 * at most once per `intervalMs` after the core says campaigns changed, and compared with the last reading.
 */

export interface CampaignBrief {
  id: number;
  name: string;
  state: CampaignState;
  reason: string | null;
}

export interface DesktopNotice {
  title: string;
  body: string;
  campaignId: number;
}

const TEXTS: Record<'ru' | 'en', Record<Notice, (name: string) => [string, string]>> = {
  ru: {
    finished: (n) => ['Рассылка завершена', `«${n}»: все сообщения отправлены.`],
    paused: (n) => ['Рассылка остановлена', `«${n}» остановилась сама — откройте Вестник, чтобы узнать причину.`],
    missed: (n) => ['Рассылка не ушла вовремя', `«${n}»: компьютер был выключен. Отправить сейчас или отменить?`],
  },
  en: {
    finished: (n) => ['Campaign finished', `“${n}”: every message went out.`],
    paused: (n) => ['Campaign stopped', `“${n}” stopped by itself: open Vestnik to see why.`],
    missed: (n) => ['Campaign missed its time', `“${n}”: the computer was off. Send it now or cancel it?`],
  },
};

/**
 * The notifications a change from `before` to `after` calls for. A campaign missing from `before` was created
 * since (the first reading is taken when the app starts): one already finished or stopped was created and
 * ran between two readings, which is news like any other.
 */
export function campaignNotices(
  before: readonly CampaignBrief[],
  after: readonly CampaignBrief[],
  locale: 'ru' | 'en',
): DesktopNotice[] {
  const old = new Map(before.map((c) => [c.id, c]));
  const out: DesktopNotice[] = [];
  for (const c of after) {
    const notice = noticeFor(old.get(c.id) ?? { state: 'draft' }, c);
    if (!notice) continue;
    const [title, body] = TEXTS[locale][notice](c.name);
    out.push({ title, body, campaignId: c.id });
  }
  return out;
}

/** Watches the core's events and shows a notification for each campaign that needs one. Returns the stop. */
export function watchCampaigns(o: {
  events: EventSourceLike;
  read: () => CampaignBrief[];
  locale: () => 'ru' | 'en';
  show: (n: DesktopNotice) => void;
  intervalMs?: number;
}): () => void {
  const interval = o.intervalMs ?? 1000;
  let last = o.read();
  let lastAt = Date.now();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const check = () => {
    timer = null;
    const now = o.read();
    lastAt = Date.now();
    for (const n of campaignNotices(last, now, o.locale())) o.show(n);
    last = now;
  };
  const off = o.events.onAny((event, payload) => {
    if (event !== 'db:changed' || timer !== null) return;
    const tables = (payload as { tables?: readonly string[] } | undefined)?.tables ?? [];
    if (!tables.includes('campaigns')) return;
    // The first change after a quiet second is read at once (a campaign just created is known before it
    // finishes), later ones at most once per interval.
    timer = setTimeout(check, Math.max(0, lastAt + interval - Date.now()));
  });
  return () => {
    off();
    if (timer !== null) clearTimeout(timer);
  };
}

/** The campaigns' states, as the watcher compares them. */
export function readCampaignBriefs(db: { prepare(sql: string): { all(): unknown[] } }): CampaignBrief[] {
  return db
    .prepare('SELECT id, name, state, state_reason AS reason FROM campaigns ORDER BY id')
    .all() as CampaignBrief[];
}
