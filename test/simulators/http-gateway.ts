// SIMULATOR of a generic HTTP SMS gateway — not a real one. It follows the playSMS webservices contract
// (PROVIDERS.md §7): index.php?app=ws&u=<user>&h=<token>&op=pv&to=…&msg=…[&from=…] sends, op=cr tells the
// credit; replies are JSON, errors as {"status":"ERR","error":"<code>","error_string":"…"}: ERR 100 authentication
// failed, ERR 102 a field is empty, ERR 103 not enough credit, ERR 201 destination number or message is empty,
// ERR 200 send message failed (here: the number is not a number). Two departures so one simulator covers what
// users configure: parameters are read from the query, a form body or a JSON body alike, and a failed login
// answers HTTP 401 (as most gateways do; playSMS itself answers 200). It keeps state: messages and credit.
import { startLoopback, type Loopback, type SimReply, type SimRequest } from './loopback';

export interface GatewayMessage {
  id: string;
  to: string;
  msg: string;
  from: string;
}

export interface GatewaySim {
  url: string;
  loop: Loopback;
  user: string;
  token: string;
  messages: GatewayMessage[];
  credit(): number;
  close(): Promise<void>;
}

const err = (code: string, text: string, status = 200): SimReply => ({
  status,
  body: { status: 'ERR', error: code, error_string: text, timestamp: Math.floor(Date.now() / 1000) },
});

export async function startGatewaySim(
  opts: { user?: string; token?: string; credit?: number; price?: number } = {},
): Promise<GatewaySim> {
  const user = opts.user ?? 'shop';
  const token = opts.token ?? 'gw-secret+key/1';
  const price = opts.price ?? 1.5;
  let credit = opts.credit ?? 100;
  const messages: GatewayMessage[] = [];
  let nextId = 7001;

  const param = (req: SimRequest, name: string): string => {
    if (req.json && typeof req.json === 'object' && name in req.json) {
      return String((req.json as Record<string, unknown>)[name]);
    }
    return req.params.get(name) ?? '';
  };

  const loop = await startLoopback((req) => {
    if (req.path !== '/index.php') return { status: 404, body: 'Not Found' };
    if (param(req, 'app') !== 'ws') return err('101', 'type of action is invalid or unknown');
    if (param(req, 'u') !== user || param(req, 'h') !== token) return err('100', 'authentication failed', 401);
    switch (param(req, 'op')) {
      case 'cr':
        return { body: { status: 'OK', error: '0', credit: credit.toFixed(2) } };
      case 'pv': {
        const to = param(req, 'to');
        const msg = param(req, 'msg');
        if (!to || !msg) return err('201', 'destination number or message is empty');
        if (credit < price) return err('103', 'not enough credit for this operation');
        if (!/^\+?\d{10,15}$/.test(to)) return err('200', `send message failed: invalid destination ${to}`);
        credit -= price;
        const id = String(nextId++);
        messages.push({ id, to, msg, from: param(req, 'from') });
        return {
          body: {
            data: [{ status: 'OK', error: '0', smslog_id: id, queue: `q${id}`, to }],
            error_string: null,
            timestamp: Math.floor(Date.now() / 1000),
          },
        };
      }
      default:
        return err('102', 'one or more field empty');
    }
  });

  return {
    url: loop.url,
    loop,
    user,
    token,
    messages,
    credit: () => credit,
    close: () => loop.close(),
  };
}
