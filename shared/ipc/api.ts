import type { ChannelName, EventName, EventPayload, InputOf, OutputOf } from './contract';
import { CHANNEL_NAMES } from './names';
import type { Result } from './result';

type Domain<C extends string> = C extends `${infer D}:${string}` ? D : never;
type Verb<C extends string> = C extends `${string}:${infer V}` ? CamelCase<V> : never;
type CamelCase<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;

/** `api.contacts.setOptOut(input)` for the channel `contacts:set-opt-out`: one function per channel. */
export type VestnikApi = {
  [D in Domain<ChannelName>]: {
    [C in ChannelName as C extends `${D}:${string}` ? Verb<C> : never]: (
      input: InputOf<C>,
    ) => Promise<Result<OutputOf<C>>>;
  };
} & {
  on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void;
};

export type Invoke = (channel: ChannelName, input: unknown) => Promise<Result<unknown>>;
export type Subscribe = (event: EventName, cb: (payload: unknown) => void) => () => void;

export function camel(verb: string): string {
  return verb.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/**
 * Builds the nested API object from the channel list. Each function is a closure over one fixed channel, so
 * the object exposes no generic "invoke any channel" entry point.
 */
export function buildApi(invoke: Invoke, subscribe: Subscribe, eventNames: readonly EventName[]): VestnikApi {
  const api: Record<string, Record<string, (input?: unknown) => Promise<Result<unknown>>>> = {};
  for (const channel of CHANNEL_NAMES) {
    const [domain, verb] = channel.split(':') as [string, string];
    const group = (api[domain] ??= {});
    group[camel(verb)] = (input?: unknown) => invoke(channel, input ?? {});
  }
  const allowed = new Set<string>(eventNames);
  const on = (event: EventName, cb: (payload: unknown) => void) => {
    if (!allowed.has(event)) throw new Error('Unknown event');
    return subscribe(event, cb);
  };
  return Object.assign(api, { on }) as unknown as VestnikApi;
}
