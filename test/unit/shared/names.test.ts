import { describe, expect, it } from 'vitest';
import { contract, events } from '../../../shared/ipc/contract';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../../shared/ipc/names';

describe('zod-free name lists', () => {
  it('list exactly the contract channels and events, once each', () => {
    expect([...CHANNEL_NAMES].sort()).toEqual(Object.keys(contract).sort());
    expect(new Set(CHANNEL_NAMES).size).toBe(CHANNEL_NAMES.length);
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(events).sort());
  });
});
