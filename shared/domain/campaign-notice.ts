import type { CampaignStatusView } from './campaigns';

/** What to tell the user about a campaign's change of state: the UI's toast and the desktop notification. */
export type Notice = 'finished' | 'paused' | 'missed';

/**
 * It finished, it stopped by itself (an account error, an outage, its budget), or its scheduled time was missed.
 * The user's own pause is no news; nor is a recurring campaign's run ending (it goes back to waiting). A draft
 * seen finished was launched and done between two readings: finished.
 */
export function noticeFor(
  before: Pick<CampaignStatusView, 'state'> | undefined,
  after: Pick<CampaignStatusView, 'state' | 'reason'>,
): Notice | null {
  if (!before || before.state === after.state) return null;
  if (after.state === 'finished') return 'finished';
  if (after.state === 'paused' && !/^paused by the user\b/.test(after.reason ?? '')) return 'paused';
  if (after.state === 'missed') return 'missed';
  return null;
}
