import type { ChannelName, EventName } from '../../shared/ipc/contract';
import { EVENT_NAMES } from '../../shared/ipc/names';
import { createDispatcher, registerAll, type Handlers } from '../../shared/ipc/dispatch';
import type { Result } from '../../shared/ipc/result';

/**
 * Binds the contract to Electron IPC, and core events to the window.
 *
 * Security contract:
 * - Exactly the contract's channels are registered, each once (`registerAll` throws on a duplicate); there is no
 *   generic channel and no channel outside the contract.
 * - The dispatcher is created HERE with the sender check, so a channel can never be bound without it: an
 *   untrusted sender gets `{ ok: false, error: { code: 'forbidden' } }` and the core is never called.
 * - Only the first argument after the event is the input; it is parsed by the channel's zod schema before the
 *   core sees it. Extra arguments are refused, so nothing can be smuggled past the schema.
 * - The handler never throws across IPC (a rejection would surface the main process's error text in the page).
 */

/** The part of Electron's `ipcMain` we use; a fake in tests. */
export interface IpcMainLike<E> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<Result<unknown>>): void;
  removeHandler(channel: string): void;
}

export interface BindIpcOptions<E> {
  ipcMain: IpcMainLike<E>;
  handlers: Handlers;
  isTrusted: (event: E) => boolean;
  /** Called for unexpected (non-VestnikError) failures; the renderer only sees `internal`. */
  onInternalError?: (channel: string, err: unknown) => void;
}

export interface IpcBinding {
  channels: readonly ChannelName[];
  /** Removes every handler this binding registered (on quit). */
  unbind(): void;
}

export function bindIpc<E>(options: BindIpcOptions<E>): IpcBinding {
  const { ipcMain, handlers, isTrusted, onInternalError } = options;
  const dispatch = createDispatcher<E>(handlers, isTrusted, onInternalError);
  const channels = registerAll((channel) => {
    ipcMain.handle(channel, async (event, ...args) => {
      if (args.length > 1) {
        return { ok: false, error: { code: 'bad_request', message: 'Expected a single input argument' } };
      }
      return dispatch(channel, event, args[0]);
    });
  });
  let bound = true;
  return {
    channels,
    unbind() {
      if (!bound) return;
      bound = false;
      for (const channel of channels) ipcMain.removeHandler(channel);
    },
  };
}

/** Where events go: the window's webContents (`send` targets its main frame). */
export interface EventTargetLike {
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

/** The core's event bus, as `CoreEvents.onAny` exposes it. */
export interface EventSourceLike {
  onAny(cb: (event: EventName, payload: unknown) => void): () => void;
}

/**
 * Forwards core events to the current window. Only names in the contract's events map are sent, so the
 * renderer never receives a message on a channel the preload does not know. A closed window is skipped.
 */
export function forwardEvents(source: EventSourceLike, target: () => EventTargetLike | null): () => void {
  const allowed = new Set<string>(EVENT_NAMES);
  return source.onAny((event, payload) => {
    if (!allowed.has(event)) return;
    const contents = target();
    if (contents === null || contents.isDestroyed()) return;
    try {
      contents.send(event, payload);
    } catch {
      // A renderer that went away between the check and the send must not break the core's write path.
    }
  });
}
