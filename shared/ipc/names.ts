import type { ChannelName, EventName } from './contract';

/**
 * The contract's channel and event names as plain data, without zod, so the preload bundle stays a few KB.
 * test/unit/shared/names.test.ts checks they equal the contract's keys; the types below check each entry.
 */
export const CHANNEL_NAMES = [
  'app:info',
  'settings:get',
  'settings:set',
  'contacts:list',
  'contacts:get',
  'contacts:create',
  'contacts:update',
  'contacts:remove',
  'contacts:set-opt-out',
  'contacts:add-consent',
  'groups:list',
  'groups:create',
  'groups:rename',
  'groups:remove',
  'groups:add-contacts',
  'groups:remove-contacts',
  'files:pick-import',
  'import:preview',
  'import:start',
  'import:report',
  'contacts:export',
  'jobs:list',
  'jobs:cancel',
  'segments:list',
  'segments:save',
  'segments:remove',
  'accounts:list',
  'accounts:save',
  'accounts:remove',
  'accounts:set-default',
  'accounts:check',
  'accounts:balance',
  'accounts:senders',
  'accounts:templates',
  'messages:send',
  'messages:estimate',
  'messages:status',
  'messages:list',
  'secrets:status',
  'secrets:unlock',
] as const satisfies readonly ChannelName[];

export const EVENT_NAMES = ['db:changed', 'jobs:progress'] as const satisfies readonly EventName[];
