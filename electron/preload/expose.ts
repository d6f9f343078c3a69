import { buildApi, type VestnikApi } from '../../shared/ipc/api';
import type { ChannelName, EventName } from '../../shared/ipc/contract';
import { EVENT_NAMES } from '../../shared/ipc/names';
import type { Result } from '../../shared/ipc/result';

/**
 * Builds the object the preload exposes to the page as `window.vestnik`. Pure: it takes the bits of
 * `ipcRenderer` it needs, so it is tested under Node with a fake.
 *
 * Security contract:
 * - One function per contract channel (`api.contacts.list`, …), each a closure over its fixed channel name.
 *   There is no generic invoke, and neither `ipcRenderer`, `shell`, `fs` nor any Electron object is reachable.
 * - `on(event, cb)` accepts only names from the contract's events map, and the listener receives the payload
 *   only: the IpcRendererEvent (which carries `sender`, i.e. ipcRenderer itself) never reaches the page.
 * - Calls never reject: a transport failure becomes `{ ok: false, error: { code: 'internal' } }`, like any
 *   other error, so the page handles one shape.
 */
export const EXPOSED_KEY = 'vestnik';

/** The part of Electron's `ipcRenderer` the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const TRANSPORT_FAILURE: Result<never> = {
  ok: false,
  error: { code: 'internal', message: 'The app did not answer' },
};

export function buildPreloadApi(ipc: IpcRendererLike): VestnikApi {
  const allowedEvents = new Set<string>(EVENT_NAMES);

  const invoke = async (channel: ChannelName, input: unknown): Promise<Result<unknown>> => {
    try {
      return (await ipc.invoke(channel, input)) as Result<unknown>;
    } catch {
      return TRANSPORT_FAILURE;
    }
  };

  const subscribe = (event: EventName, cb: (payload: unknown) => void): (() => void) => {
    // buildApi already refuses unknown names; checked again here because this is the line that touches IPC.
    if (!allowedEvents.has(event)) throw new Error('Unknown event');
    const listener = (_event: unknown, payload: unknown): void => cb(payload);
    ipc.on(event, listener);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      ipc.removeListener(event, listener);
    };
  };

  return buildApi(invoke, subscribe, EVENT_NAMES);
}
