import type { EventName, EventPayload } from '../../shared/ipc/contract';
import { EVENT_NAMES } from '../../shared/ipc/names';

type Listener = (payload: unknown) => void;

/** The core's event bus; each shell forwards it to its UI (IPC `webContents.send`, or Server-Sent Events). */
export class CoreEvents {
  private readonly listeners = new Map<EventName, Set<Listener>>();

  on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(cb as Listener);
    return () => set.delete(cb as Listener);
  }

  onAny(cb: (event: EventName, payload: unknown) => void): () => void {
    const offs = EVENT_NAMES.map((e) => this.on(e, (p) => cb(e, p)));
    return () => offs.forEach((off) => off());
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const cb of this.listeners.get(event) ?? []) {
      try {
        cb(payload);
      } catch {
        // A failing listener must not break the write that emitted the event.
      }
    }
  }
}
