import { contract, type ChannelName, type OutputOf, type ParsedInputOf } from './contract';
import { CHANNEL_NAMES } from './names';
import { findForbiddenKey } from '../domain/safe-keys';
import { VestnikError, type Result } from './result';

/** The core's implementation of the contract: one function per channel, input already validated. */
export type Handlers = {
  [C in ChannelName]: (input: ParsedInputOf<C>) => OutputOf<C> | Promise<OutputOf<C>>;
};

/** Who is calling, as the transport saw it; the transport supplies the check. */
export type SenderCheck<S> = (sender: S) => boolean;

export type Dispatch<S> = (channel: string, sender: S, rawInput: unknown) => Promise<Result<unknown>>;

const isChannel = (name: string): name is ChannelName => Object.prototype.hasOwnProperty.call(contract, name);

/**
 * Binds the contract to any transport. For each call it: refuses an unknown channel, checks the sender,
 * parses the input with the channel's zod schema (wrong types, unknown keys, `__proto__`, oversized strings are
 * refused here, before the core), calls the handler, and answers `{ ok, value | error }`. It never throws.
 */
export function createDispatcher<S>(
  handlers: Handlers,
  checkSender: SenderCheck<S>,
  onInternalError: (channel: string, err: unknown) => void = () => {},
): Dispatch<S> {
  return async (channel, sender, rawInput) => {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'unknown_channel', message: `Unknown channel: ${channel.slice(0, 64)}` } };
    }
    if (!checkSender(sender)) {
      return { ok: false, error: { code: 'forbidden', message: 'Sender is not allowed' } };
    }
    const forbidden = findForbiddenKey(rawInput);
    if (forbidden) {
      return { ok: false, error: { code: 'bad_request', message: `${forbidden}: forbidden key`, field: forbidden } };
    }
    const parsed = contract[channel].input.safeParse(rawInput);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join('.') || undefined;
      return {
        ok: false,
        error: {
          code: 'bad_request',
          message: issue ? `${field ?? 'input'}: ${issue.message}` : 'Invalid input',
          field,
        },
      };
    }
    try {
      const handler = handlers[channel] as (input: unknown) => unknown;
      const value = await handler(parsed.data);
      return { ok: true, value };
    } catch (err) {
      if (err instanceof VestnikError) {
        return { ok: false, error: { code: err.code, message: err.message, field: err.field } };
      }
      onInternalError(channel, err);
      return { ok: false, error: { code: 'internal', message: 'Internal error' } };
    }
  };
}

/**
 * Registers every contract channel on a transport exactly once; a duplicate registration throws, so a
 * transport can never expose a channel twice or one outside the contract.
 */
export function registerAll(register: (channel: ChannelName) => void): ChannelName[] {
  const seen = new Set<string>();
  for (const channel of CHANNEL_NAMES) {
    if (seen.has(channel)) throw new Error(`Duplicate channel ${channel}`);
    seen.add(channel);
    register(channel);
  }
  return [...seen] as ChannelName[];
}
