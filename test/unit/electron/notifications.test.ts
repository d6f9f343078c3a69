import { afterEach, describe, expect, it, vi } from 'vitest';
import { campaignNotices, watchCampaigns, type CampaignBrief } from '../../../electron/main/notifications';
import { CoreEvents } from '../../../electron/core/events';

const c = (state: CampaignBrief['state'], reason: string | null = null): CampaignBrief => ({
  id: 1,
  name: 'Акция',
  state,
  reason,
});

afterEach(() => vi.useRealTimers());

describe('desktop notifications about campaigns', () => {
  it('finished, stopped by itself, missed — in the chosen language; the user’s own pause is no news', () => {
    expect(campaignNotices([c('running')], [c('finished')], 'ru')).toEqual([
      { title: 'Рассылка завершена', body: '«Акция»: все сообщения отправлены.', campaignId: 1 },
    ]);
    expect(campaignNotices([c('running')], [c('paused', 'account: no credits')], 'en')[0]?.title).toBe(
      'Campaign stopped',
    );
    expect(campaignNotices([c('scheduled')], [c('missed', 'missed: …')], 'ru')[0]?.title).toBe(
      'Рассылка не ушла вовремя',
    );
    expect(campaignNotices([c('running')], [c('paused', 'paused by the user (was running)')], 'ru')).toEqual([]);
    // Created and finished between two readings: news too. Created and only scheduled: not yet.
    expect(campaignNotices([], [c('finished')], 'ru')).toHaveLength(1);
    expect(campaignNotices([], [c('scheduled')], 'ru')).toEqual([]);
    expect(campaignNotices([c('draft')], [c('finished')], 'ru')).toHaveLength(1);
    // A recurring campaign's run ending (back to waiting) is not news either.
    expect(campaignNotices([c('running')], [c('scheduled')], 'ru')).toEqual([]);
  });

  it('reads the states at most once a second after campaigns change, and only then', () => {
    vi.useFakeTimers();
    const events = new CoreEvents();
    let state: CampaignBrief = c('running');
    const read = vi.fn(() => [state]);
    const shown: string[] = [];
    const stop = watchCampaigns({ events, read, locale: () => 'ru', show: (n) => shown.push(n.title) });
    expect(read).toHaveBeenCalledTimes(1);
    events.emit('db:changed', { tables: ['contacts'] });
    vi.advanceTimersByTime(2000);
    expect(read).toHaveBeenCalledTimes(1);
    // The first change after a quiet second is read at once; the next ones a second after that reading.
    events.emit('db:changed', { tables: ['campaigns', 'outbox'] });
    vi.advanceTimersByTime(0);
    expect(read).toHaveBeenCalledTimes(2);
    state = c('finished');
    for (let i = 0; i < 50; i++) events.emit('db:changed', { tables: ['campaigns', 'outbox'] });
    vi.advanceTimersByTime(999);
    expect(shown).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(read).toHaveBeenCalledTimes(3);
    expect(shown).toEqual(['Рассылка завершена']);
    // Told once.
    events.emit('db:changed', { tables: ['campaigns'] });
    vi.advanceTimersByTime(1000);
    expect(shown).toHaveLength(1);
    stop();
    state = c('paused', 'account: no credits');
    events.emit('db:changed', { tables: ['campaigns'] });
    vi.advanceTimersByTime(1000);
    expect(shown).toHaveLength(1);
  });
});
