import { buildApi, type Invoke, type Subscribe, type VestnikApi } from '../../shared/ipc/api';
import type { EventName } from '../../shared/ipc/contract';
import { EVENT_NAMES } from '../../shared/ipc/names';
import type { Result } from '../../shared/ipc/result';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent in the browser, where we talk HTTP to the web shell. */
    vestnik?: VestnikApi;
  }
}

const isResult = (v: unknown): v is Result<unknown> =>
  typeof v === 'object' && v !== null && 'ok' in v && typeof v.ok === 'boolean';

/**
 * The web shell's transport: `POST /api/<channel>` with a JSON body, answered with the same Result the IPC
 * shell returns. Auth is the session cookie the server set when the page was opened with its token, so
 * nothing secret lives in this code. Network and protocol failures become Results too: callers never catch.
 */
const httpInvoke: Invoke = async (channel, input) => {
  try {
    const res = await fetch(`/api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(input ?? {}),
    });
    const body: unknown = await res.json().catch(() => null);
    if (isResult(body)) return body;
    const code = res.status === 401 || res.status === 403 ? 'forbidden' : 'internal';
    return { ok: false, error: { code, message: `HTTP ${res.status} ${res.statusText}`.trim() } };
  } catch (err) {
    return { ok: false, error: { code: 'internal', message: `Network error: ${String(err)}` } };
  }
};

/** One EventSource for the whole app; each contract event arrives as an SSE event of the same name. */
function createSseSubscribe(): Subscribe {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;

  const open = (): EventSource => {
    if (source) return source;
    const es = new EventSource('/api/events', { withCredentials: true });
    for (const name of EVENT_NAMES) {
      es.addEventListener(name, (ev: MessageEvent<string>) => {
        let payload: unknown;
        try {
          payload = JSON.parse(ev.data);
        } catch {
          return; // A malformed frame is dropped; the next change event refreshes the screen anyway.
        }
        for (const cb of listeners.get(name) ?? []) cb(payload);
      });
    }
    // EventSource reconnects by itself after a network error; nothing to do here.
    source = es;
    return es;
  };

  return (event, cb) => {
    open();
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(cb);
    return () => {
      set.delete(cb);
    };
  };
}

export function createHttpApi(): VestnikApi {
  return buildApi(httpInvoke, createSseSubscribe(), EVENT_NAMES);
}

/**
 * The web shell opens the page as `/?token=…`; once the server has turned it into a cookie the token has no
 * business staying in the address bar (history, screenshots, copy-paste).
 */
function dropTokenFromUrl(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  window.history.replaceState(null, '', url.pathname + url.search + url.hash);
}

if (!window.vestnik) dropTokenFromUrl();

export const api: VestnikApi = window.vestnik ?? createHttpApi();
