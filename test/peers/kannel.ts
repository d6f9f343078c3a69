// A real Kannel SMS gateway for provider tests (Debian's `kannel` and `kannel-extras` packages): bearerbox (the
// core, with a fake SMSC link), smsbox (the HTTP `sendsms` interface) and fakesmsc (Kannel's own test operator,
// which connects to the fake link and prints every message part it gets). Everything listens on 127.0.0.1 at free
// ports chosen here, with its config, store, logs and fakesmsc's output in a temp dir. Failure injection: the link
// to the operator dropped (fakesmsc killed) or stopped by the admin interface, smsbox stopped (its port closed).
// stop() ends exactly the processes started here, by PID, and removes the temp dir.
// Observed behaviour this relies on: /work/shared/peers/KANNEL.md.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const KANNEL_BINARIES = {
  bearerbox: '/usr/sbin/bearerbox',
  smsbox: '/usr/sbin/smsbox',
  fakesmsc: '/usr/lib/kannel/test/fakesmsc',
} as const;

export const KANNEL_INSTALL = 'apt-get install -y kannel kannel-extras';

/** Why Kannel cannot run here (a binary is missing), or null when it can. */
export function kannelMissing(): string | null {
  for (const [name, file] of Object.entries(KANNEL_BINARIES)) {
    try {
      fs.accessSync(file, fs.constants.X_OK);
    } catch {
      return `Kannel is not installed: ${name} (${file}) is missing; install it with: ${KANNEL_INSTALL}`;
    }
  }
  return null;
}

/** Under CI a missing Kannel is a failure, not a skip. */
export const kannelRequired = (): boolean => ['true', '1', 'yes'].includes((process.env.CI ?? '').toLowerCase());

export interface KannelPeerOptions {
  /** The sendsms-user's credentials (default tester / secret). */
  username?: string;
  password?: string;
  /**
   * bearerbox's `sms-outgoing-queue-limit`: how many messages it keeps while no link takes them before smsbox
   * answers 503 "Temporal failure, try again later." (Kannel's default is a million). Sends must then be one at a
   * time: the limit counts messages waiting for the link, and a burst can hit it even with the link up.
   */
  queueLimit?: number;
  /** How long start-up and each state change may take (default 20 s). */
  timeoutMs?: number;
}

/** One message part as fakesmsc (the operator) printed it. */
export interface ReceivedSms {
  /** fakesmsc's counter; it starts again at 1 with every fakesmsc process. */
  n: number;
  from: string;
  to: string;
  /** `text` (printable as is), `data` or `ucs-2` (URL-encoded), `udh` (a part with a user data header). */
  type: string;
  udh?: Buffer;
  /** The concatenation header of a part of a long message. */
  part?: { ref: number; total: number; seq: number };
  /** The payload as the operator got it: UTF-8 for `text`, the decoded bytes otherwise (UTF-16BE for UCS-2). */
  bytes: Buffer;
  /** Best-effort text: `ucs-2` decoded from UTF-16BE, the rest as UTF-8 (a UCS-2 part with a UDH stays bytes). */
  text: string;
  /** The line fakesmsc printed, between the angle brackets. */
  line: string;
}

type Box = 'bearerbox' | 'smsbox' | 'fakesmsc';

interface Proc {
  name: Box;
  pid: number;
  child: ChildProcess;
  exited: Promise<void>;
}

export interface KannelPeer {
  dir: string;
  /** The sendsms address, as the provider's `url` setting takes it. */
  sendsmsUrl: string;
  username: string;
  password: string;
  ports: { admin: number; box: number; smsc: number; sendsms: number };
  smscId: string;
  /** Every PID this harness started (also the ones already stopped). */
  readonly startedPids: readonly number[];
  /** PIDs of the processes started here that are still running. */
  runningPids(): number[];
  /** bearerbox's status page (status.txt). */
  status(): Promise<string>;
  /** The fake link's state word from the status page: online, connecting, re-connecting, dead… */
  linkState(): Promise<string | undefined>;
  /** Every message part fakesmsc got so far, in order, over all fakesmsc processes. */
  received(): ReceivedSms[];
  /**
   * Drops the link to the operator. `kill` (default): fakesmsc is killed, bearerbox keeps trying (re-connecting)
   * and sendsms answers "3: Queued for later delivery". `admin`: the link is stopped with the admin command
   * stop-smsc (dead), and sendsms answers 403 "Not routable. Do not try again.".
   * Wait for what was sent before to arrive first: a part bearerbox already wrote to fakesmsc's socket is lost
   * with a killed fakesmsc, while bearerbox counts it as sent (observed).
   */
  stopLink(how?: 'kill' | 'admin'): Promise<void>;
  /** Brings the link back (start-smsc when it was stopped, a new fakesmsc) and waits until it is online. */
  startLink(): Promise<void>;
  /** Kills smsbox and waits until its sendsms port refuses connections. */
  stopSmsbox(): Promise<void>;
  /** Starts smsbox again and waits until it is connected and answers. */
  startSmsbox(): Promise<void>;
  /** The last lines of every log, for failure messages. */
  logs(lines?: number): string;
  /** Stops every process started here (by PID), checks they are gone, removes the temp dir. */
  stop(): Promise<void>;
}

/** Thrown inside a pollUntil callback: stop polling at once (the awaited thing cannot happen any more). */
export class GiveUp extends Error {}

/**
 * Polls `fn` until it gives something truthy; fails with `what` after `timeoutMs`. Errors thrown by `fn` count as
 * "not yet" (a port not open yet), except GiveUp. No fixed sleeps.
 */
export async function pollUntil<T>(
  what: string,
  fn: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      if (err instanceof GiveUp) throw err;
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function startKannel(opts: KannelPeerOptions = {}): Promise<KannelPeer> {
  const missing = kannelMissing();
  if (missing) throw new Error(missing);
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const username = opts.username ?? 'tester';
  const password = opts.password ?? 'secret';
  const adminPassword = 'admin-pw';
  const statusPassword = 'status-pw';
  const smscId = 'fake';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vestnik-kannel-'));
  const [admin, box, smsc, sendsms] = await freePorts(4);
  const ports = { admin: admin!, box: box!, smsc: smsc!, sendsms: sendsms! };
  const conf = path.join(dir, 'kannel.conf');
  const fakesmscLog = path.join(dir, 'fakesmsc.log');
  fs.writeFileSync(
    conf,
    configText({ dir, ports, username, password, adminPassword, statusPassword, smscId, queueLimit: opts.queueLimit }),
  );

  const started: number[] = [];
  const current = new Map<Box, Proc>();
  // If the test process ends without stop() (a crash, a killed worker), take our processes with it.
  const onExit = () => {
    for (const p of current.values()) if (running(p)) p.child.kill('SIGKILL');
  };
  process.once('exit', onExit);

  function launch(name: Box, args: string[], log: string, keepStdinOpen = false): Proc {
    const fd = fs.openSync(log, 'a');
    let child: ChildProcess;
    try {
      child = spawn(name === 'fakesmsc' ? KANNEL_BINARIES.fakesmsc : KANNEL_BINARIES[name], args, {
        cwd: dir,
        // fakesmsc reads messages to send from stdin and stops at its end: keep a pipe open and never write.
        stdio: [keepStdinOpen ? 'pipe' : 'ignore', fd, fd],
      });
    } finally {
      fs.closeSync(fd);
    }
    child.stdin?.on('error', () => undefined);
    if (child.pid === undefined) throw new Error(`could not start ${name}`);
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    const proc: Proc = { name, pid: child.pid, child, exited };
    started.push(proc.pid);
    current.set(name, proc);
    return proc;
  }

  const running = (p: Proc | undefined): boolean =>
    p !== undefined && p.child.exitCode === null && p.child.signalCode === null;

  async function end(name: Box): Promise<void> {
    const p = current.get(name);
    if (!p) return;
    if (running(p)) {
      p.child.kill('SIGTERM');
      const gone = await Promise.race([p.exited.then(() => true), delay(10_000).then(() => false)]);
      if (!gone) {
        p.child.kill('SIGKILL');
        await Promise.race([p.exited, delay(5_000)]);
      }
    }
    if (running(p)) throw new Error(`${name} (pid ${p.pid}) did not stop`);
    current.delete(name);
  }

  const adminGet = (p: string) => httpGet(ports.admin, p);
  async function status(): Promise<string> {
    const res = await adminGet(`/status.txt?password=${encodeURIComponent(statusPassword)}`);
    // A wrong password answers 200 with the body "Denied": look at the body, not the status.
    if (res.status !== 200 || !/^Status: /m.test(res.body)) {
      throw new Error(`bearerbox status: HTTP ${res.status} ${res.body.slice(0, 80)}`);
    }
    return res.body;
  }
  const linkPattern = new RegExp(`^\\s*${smscId}\\[${smscId}\\]\\s+FAKE:${ports.smsc} \\(([a-z-]+)`, 'm');
  async function linkState(): Promise<string | undefined> {
    return linkPattern.exec(await status())?.[1];
  }
  async function smsboxConnected(): Promise<boolean> {
    const body = await status();
    const boxes = body.slice(body.indexOf('Box connections:'), body.indexOf('SMSC connections:'));
    return /^\s*smsbox:/m.test(boxes);
  }
  async function sendsmsAnswers(): Promise<boolean> {
    // Without credentials smsbox answers 403 "Authorization failed for sendsms": it is up and it is smsbox.
    const res = await httpGet(ports.sendsms, '/cgi-bin/sendsms');
    return res.status === 403 && /Authorization failed/.test(res.body);
  }

  const wait = <T>(what: string, fn: () => T | Promise<T>) =>
    pollUntil(
      what,
      async () => {
        for (const p of current.values()) {
          if (p.name !== 'fakesmsc' && !running(p)) throw new GiveUp(`${p.name} (pid ${p.pid}) exited`);
        }
        return fn();
      },
      timeoutMs,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${logs(15)}`);
    });

  async function launchFakesmsc(): Promise<void> {
    // fakesmsc gives up (exits) when it cannot connect, so it starts only once bearerbox listens on the link's
    // port (the link is "connecting" or "re-connecting"), and again if it exits before the link is online.
    await wait('the fake link to listen', async () => /connecting/.test((await linkState()) ?? ''));
    let launchedAt = 0;
    await wait('the fake link to come online', async () => {
      if (!running(current.get('fakesmsc')) && Date.now() - launchedAt > 500) {
        launchedAt = Date.now();
        launch('fakesmsc', ['-H', '127.0.0.1', '-r', String(ports.smsc), '-i', '0.1', '-m', '0'], fakesmscLog, true);
      }
      return (await linkState()) === 'online';
    });
  }

  function logs(lines = 30): string {
    const out: string[] = [];
    for (const f of ['bearerbox.log', 'bearerbox.out', 'smsbox.log', 'smsbox.out', 'fakesmsc.log']) {
      const file = path.join(dir, f);
      if (!fs.existsSync(file)) continue;
      const text = fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      out.push(`--- ${f} ---\n${text}`);
    }
    return out.join('\n');
  }

  async function stop(): Promise<void> {
    const errors: string[] = [];
    for (const name of ['fakesmsc', 'smsbox', 'bearerbox'] as const) {
      await end(name).catch((err: Error) => errors.push(err.message));
    }
    process.off('exit', onExit);
    const alive = started.filter(isAlive);
    if (alive.length === 0) fs.rmSync(dir, { recursive: true, force: true });
    if (errors.length > 0 || alive.length > 0) {
      throw new Error(`Kannel did not stop: ${[...errors, ...alive.map((p) => `pid ${p} alive`)].join('; ')}`);
    }
  }

  async function startSmsbox(): Promise<void> {
    launch('smsbox', [conf], path.join(dir, 'smsbox.out'));
    await wait('smsbox to connect to bearerbox and answer', async () => (await smsboxConnected()) && sendsmsAnswers());
  }

  const peer: KannelPeer = {
    dir,
    sendsmsUrl: `http://127.0.0.1:${ports.sendsms}/cgi-bin/sendsms`,
    username,
    password,
    ports,
    smscId,
    startedPids: started,
    runningPids: () => [...current.values()].filter(running).map((p) => p.pid),
    status,
    linkState,
    received: () => parseFakesmscLog(fs.existsSync(fakesmscLog) ? fs.readFileSync(fakesmscLog, 'utf8') : ''),
    async stopLink(how = 'kill') {
      if (how === 'admin') {
        const res = await adminGet(
          `/stop-smsc?smsc=${encodeURIComponent(smscId)}&password=${encodeURIComponent(adminPassword)}`,
        );
        if (!/shut down/.test(res.body)) throw new Error(`stop-smsc: HTTP ${res.status} ${res.body}`);
        await wait('the link to be stopped', async () => (await linkState()) === 'dead');
        // fakesmsc ends by itself when bearerbox closes its connection.
        await wait('fakesmsc to leave', () => !running(current.get('fakesmsc')));
        await end('fakesmsc');
      } else {
        await end('fakesmsc');
        await wait('the link to drop', async () => (await linkState()) !== 'online');
      }
    },
    async startLink() {
      if ((await linkState()) === 'dead') {
        const res = await adminGet(
          `/start-smsc?smsc=${encodeURIComponent(smscId)}&password=${encodeURIComponent(adminPassword)}`,
        );
        if (!/re-started/.test(res.body)) throw new Error(`start-smsc: HTTP ${res.status} ${res.body}`);
      }
      await launchFakesmsc();
    },
    async stopSmsbox() {
      await end('smsbox');
      await wait('the sendsms port to close', () => refused(ports.sendsms));
    },
    startSmsbox,
    logs,
    stop,
  };

  try {
    launch('bearerbox', [conf], path.join(dir, 'bearerbox.out'));
    await wait('bearerbox to answer on its admin port', async () => (await status()).length > 0);
    await startSmsbox();
    await launchFakesmsc();
  } catch (err) {
    const text = logs();
    await stop().catch(() => undefined);
    throw new Error(`Kannel did not start: ${(err as Error).message}\n${text}`);
  }
  return peer;
}

function configText(o: {
  dir: string;
  ports: { admin: number; box: number; smsc: number; sendsms: number };
  username: string;
  password: string;
  adminPassword: string;
  statusPassword: string;
  smscId: string;
  queueLimit: number | undefined;
}): string {
  const f = (name: string) => path.join(o.dir, name);
  return `# Written by test/peers/kannel.ts for one test run.
group = core
admin-port = ${o.ports.admin}
admin-interface = 127.0.0.1
admin-password = ${o.adminPassword}
status-password = ${o.statusPassword}
admin-allow-ip = 127.0.0.1
smsbox-port = ${o.ports.box}
smsbox-interface = 127.0.0.1
box-allow-ip = 127.0.0.1
log-file = "${f('bearerbox.log')}"
log-level = 0
access-log = "${f('bearerbox-access.log')}"
store-type = file
store-location = "${f('kannel.store')}"
dlr-storage = internal
${o.queueLimit !== undefined ? `sms-outgoing-queue-limit = ${o.queueLimit}\n` : ''}
group = smsc
smsc = fake
smsc-id = ${o.smscId}
port = ${o.ports.smsc}
our-host = 127.0.0.1
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = ${o.ports.box}
sendsms-port = ${o.ports.sendsms}
sendsms-interface = 127.0.0.1
log-file = "${f('smsbox.log')}"
log-level = 0
access-log = "${f('smsbox-access.log')}"

group = sendsms-user
username = ${o.username}
password = ${o.password}
user-allow-ip = 127.0.0.1
max-messages = 10
concatenation = true
`;
}

/** `n` distinct free TCP ports on 127.0.0.1 (held together while chosen, so they differ). */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const s = net.createServer();
          s.once('error', reject);
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

function httpGet(port: number, p: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: p, agent: false, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** True when a connection to the port is refused (nothing listens). */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/** fakesmsc's "Got message N: <FROM TO TYPE …>" lines, decoded. */
export function parseFakesmscLog(log: string): ReceivedSms[] {
  const out: ReceivedSms[] = [];
  for (const m of log.matchAll(/Got message (\d+): <(.*)>$/gm)) {
    const line = m[2]!;
    const [from = '', to = '', type = '', ...rest] = line.split(' ');
    let payloadType = type;
    let payload = rest.join(' ');
    let udh: Buffer | undefined;
    if (type === 'udh') {
      udh = urlDecode(rest[0] ?? '');
      payloadType = rest[1] ?? 'data';
      payload = rest.slice(2).join(' ');
    }
    const bytes = payloadType === 'text' ? Buffer.from(payload, 'utf8') : urlDecode(payload);
    const text = payloadType === 'ucs-2' ? Buffer.from(bytes).swap16().toString('utf16le') : bytes.toString('utf8');
    out.push({ n: Number(m[1]), from, to, type, udh, part: udh && concatenation(udh), bytes, text, line });
  }
  return out;
}

/** Kannel's URL encoding: `+` is a space, `%XX` a byte, anything else itself (as UTF-8). */
function urlDecode(s: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '+') bytes.push(0x20);
    else if (c === '%' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(bytes);
}

/** The concatenation element of a UDH (8-bit reference 0x00 or 16-bit 0x08), if it has one. */
function concatenation(udh: Buffer): ReceivedSms['part'] {
  for (let i = 1; i + 1 < udh.length;) {
    const iei = udh[i]!;
    const len = udh[i + 1]!;
    const v = udh.subarray(i + 2, i + 2 + len);
    if (iei === 0x00 && len === 3) return { ref: v[0]!, total: v[1]!, seq: v[2]! };
    if (iei === 0x08 && len === 4) return { ref: v.readUInt16BE(0), total: v[2]!, seq: v[3]! };
    i += 2 + len;
  }
  return undefined;
}
