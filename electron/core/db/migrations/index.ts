import { initial } from './0010-initial';
import { recipientLists } from './0020-recipient-lists';
import { channels } from './0030-channels';
import { campaigns } from './0040-campaigns';
import { campaignPictures } from './0050-campaign-pictures';
import { searchNames } from './0060-search-names';
import type { Migration } from './types';

/** Every migration, in order. Statically imported so bundles carry them; append, never edit a shipped one. */
export const MIGRATIONS: readonly Migration[] = [
  initial,
  recipientLists,
  channels,
  campaigns,
  campaignPictures,
  searchNames,
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
