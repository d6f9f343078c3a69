/**
 * The campaign dispatcher against loopback peers, next to the raw client against the same peer in the same run.
 *
 * SMS: a loopback HTTP gateway (node:http) answers each send with a small JSON id. Baseline: undici with an
 * Agent of 8 connections sending the same GETs. Measured: a campaign to as many contacts (seeded with
 * insertContactsBulk, an 'http' provider account, created and launched through core.handlers) run by a
 * Dispatcher on its own connection until idle — every transition committed with synchronous=FULL.
 * E-mail: a loopback smtp-server (no TLS, no AUTH). Baseline: nodemailer's pool, 5 connections, maxMessages
 * Infinity. Measured: an e-mail campaign through an 'smtp' account.
 *
 * The peers and each measured side run in their own processes (this file, forked with a mode argument): the
 * peer's CPU does not count against the sender's thread, and neither side inherits the other's heap or JIT
 * state. On a machine with few cores the peer and the sender still share the CPU — equally for both sides.
 * Afterwards: every outbox row is `sent` and the peer received every recipient exactly once.
 *
 * Goals (issue): ≥ 70 % of the raw HTTP rate, ≥ 80 % of the raw SMTP pool rate. The raw client runs before and after
 * the dispatcher; the ratio is against the mean of its two rates.
 * Sizes: BENCH_DISPATCH_SMS (default 100,000), BENCH_DISPATCH_EMAIL (default 10,000); 0 skips a part.
 * BENCH_DISPATCH_BATCH: the dispatcher's batch sizes, one run each (default "32,256": `vestnik worker`'s default,
 * and a window large enough that a commit — which waits for the disk — is shared by ~128 results).
 * The dispatcher's figure is end to end (expansion of the campaign included); the line below it is the sending
 * alone, from the first to the last message the peer received. CPU is the sender process's user + system time.
 * BENCH_DISPATCH_PROF=DIR writes a V8 CPU profile of every child process to DIR (node --cpu-prof).
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
/** The dispatcher's batch (rows `sending` at once: in flight, and what a crash can leave `unknown`), one run each. */
const BATCHES = (process.env.BENCH_DISPATCH_BATCH ?? '32,256').split(',').map(Number);
const SMS_TEXT = 'Привет, {first_name|клиент}! Ваш заказ готов к выдаче.';
const EMAIL_SUBJECT = 'Новости за неделю';
const EMAIL_TEXT =
  'Здравствуйте, {first_name|клиент}!\n\n' +
  'На этой неделе в магазине новые поступления и скидки до 30 % на прошлогодние модели. ' +
  'Подробности — на сайте и в приложении. Спасибо, что остаётесь с нами.\n\n' +
  'Чтобы отписаться, ответьте на это письмо словом «стоп».\n';
const FROM = 'news@example.com';
const phoneOf = (i: number) => `+7916${String(i).padStart(7, '0')}`;
const emailOf = (i: number) => `client${i}@example.com`;
const firstOf = (i: number) => (i % 2 ? 'Иван' : '');
const fill = (t: string, i: number) => t.replace('{first_name|клиент}', firstOf(i) || 'клиент');

type PeerStats = { received: number; distinct: number; firstAt: number; lastAt: number };
/** ms: wall time; cpuMs: the sender process's CPU time (user + system) meanwhile. */
type Result = { ms: number; cpuMs: number; sent: number; startedAt?: number; states?: Record<string, number> };
const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

// --- peers (child processes) ----------------------------------------------------------------------------

function peerProcess(listen: (onRecipient: (to: string) => void) => Promise<number>): void {
  let seen = new Set<string>();
  let received = 0;
  let firstAt = 0;
  let lastAt = 0;
  const onRecipient = (to: string) => {
    const t = Date.now();
    if (received === 0) firstAt = t;
    lastAt = t;
    received += 1;
    seen.add(to);
  };
  void listen(onRecipient).then((port) => process.send!({ port }));
  process.on('message', (m: string) => {
    if (m === 'stats') process.send!({ received, distinct: seen.size, firstAt, lastAt } satisfies PeerStats);
    if (m === 'reset') {
      seen = new Set();
      received = 0;
      firstAt = lastAt = 0;
      process.send!({ ok: true });
    }
  });
  process.on('disconnect', () => process.exit(0));
}

function gatewayPeer(): void {
  peerProcess((onRecipient) => {
    let n = 0;
    const server = http.createServer((req, res) => {
      const q = req.url!.indexOf('?');
      const to = new URLSearchParams(q < 0 ? '' : req.url!.slice(q + 1)).get('to') ?? '';
      onRecipient(to);
      n += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(`{"status":"OK","id":"gw-${n}"}`);
    });
    server.keepAliveTimeout = 60_000;
    return new Promise((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)));
  });
}

async function smtpPeer(): Promise<void> {
  const { SMTPServer } = await import('smtp-server');
  peerProcess((onRecipient) => {
    const server = new SMTPServer({
      disabledCommands: ['AUTH', 'STARTTLS'],
      authOptional: true,
      logger: false,
      banner: 'bench',
      maxClients: 1000,
      onData(stream, session, done) {
        stream.on('end', () => {
          for (const r of session.envelope.rcptTo) onRecipient(r.address);
          done();
        });
        stream.resume();
      },
    });
    return new Promise((r) => server.listen(0, '127.0.0.1', () => r((server.server.address() as AddressInfo).port)));
  });
}

// --- measured sides (child processes) -------------------------------------------------------------------

async function httpRaw(port: number, n: number): Promise<Result> {
  const { Agent, request } = await import('undici');
  const agent = new Agent({ connections: 8, keepAliveTimeout: 60_000 });
  const url = (i: number) =>
    `http://127.0.0.1:${port}/send?to=${encodeURIComponent(phoneOf(i))}&text=${encodeURIComponent(fill(SMS_TEXT, i))}&id=ob-${i}`;
  let next = 0;
  let sent = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // Enough requests queued that the 8 connections never wait for the client.
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < n) {
        const i = next++;
        const res = await request(url(i), { dispatcher: agent });
        const text = await res.body.text();
        if (res.statusCode !== 200 || !text.includes('"id"')) throw new Error(`gateway: ${res.statusCode} ${text}`);
        sent += 1;
      }
    }),
  );
  const ms = performance.now() - t0;
  const cpu = cpuMs(cpu0);
  await agent.close();
  return { ms, cpuMs: cpu, sent };
}

async function smtpRaw(port: number, n: number): Promise<Result> {
  const { createTransport } = await import('nodemailer');
  const transport = createTransport({
    pool: true,
    maxConnections: 5,
    maxMessages: Infinity,
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    logger: false,
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let sent = 0;
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      transport
        .sendMail({
          from: { name: 'Вестник', address: FROM },
          to: emailOf(i),
          subject: EMAIL_SUBJECT,
          text: fill(EMAIL_TEXT, i),
          xMailer: false,
        })
        .then(() => void (sent += 1)),
    ),
  );
  const ms = performance.now() - t0;
  const cpu = cpuMs(cpu0);
  transport.close();
  return { ms, cpuMs: cpu, sent };
}

async function dispatch(kind: 'sms' | 'email', port: number, n: number, batch: number): Promise<Result> {
  const { createCore } = await import('../../electron/core/core');
  const { insertContactsBulk } = await import('../../electron/core/repos/contacts-bulk');
  const { openDatabase } = await import('../../electron/core/db/open');
  const { Dispatcher } = await import('../../electron/core/campaigns/dispatcher');
  const { systemClock } = await import('../../electron/core/clock');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vestnik-dispatch-bench-'));
  try {
    const dbPath = path.join(dir, 'v.db');
    const core = createCore({ dbPath, shell: 'test' });
    const now = new Date().toISOString();
    insertContactsBulk(
      core.db,
      Array.from({ length: n }, (_, i) => ({
        phone: kind === 'sms' ? phoneOf(i) : null,
        email: kind === 'email' ? emailOf(i) : null,
        lastName: '',
        firstName: firstOf(i),
        middleName: '',
        telegramChatId: null,
        attributes: {},
      })),
      now,
      'bench',
    );
    const { account } = await core.handlers['accounts:save']({
      account:
        kind === 'sms'
          ? {
              name: 'Шлюз',
              provider: 'http',
              settings: {
                url: `http://127.0.0.1:${port}/send?to={to}&text={text}&id={id}`,
                method: 'GET',
                idPattern: '"id":"([^"]+)"',
                sender: 'Vestnik',
              },
            }
          : {
              name: 'Почта',
              provider: 'smtp',
              settings: { host: '127.0.0.1', port: String(port), security: 'none', from: FROM, fromName: 'Вестник' },
            },
    });
    const c = core.handlers['campaigns:create']({
      name: 'Bench',
      spec: {
        channels: [{ channel: kind, accountId: account.id }],
        mode: 'priority',
        audience: { kind: 'all' },
        text: kind === 'sms' ? SMS_TEXT : EMAIL_TEXT,
        ...(kind === 'email' ? { subject: EMAIL_SUBJECT } : {}),
        marketing: false,
        quietHours: { from: '09:00', to: '21:00' },
      },
    });
    core.handlers['campaigns:launch']({ id: c.id });

    // The dispatcher on its own connection, as `vestnik worker` runs it.
    const db = openDatabase(dbPath);
    const startedAt = Date.now();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const dispatcher = new Dispatcher({
      db,
      clock: systemClock,
      provider: (accountId) => core.channels.providerFor(accountId),
      batch,
    });
    await dispatcher.untilIdle();
    const ms = performance.now() - t0;
    const cpu = cpuMs(cpu0);
    dispatcher.release();
    const states = Object.fromEntries(
      (
        db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all() as { state: string; n: number }[]
      ).map((r) => [r.state, r.n]),
    );
    db.close();
    core.close();
    return { ms, cpuMs: cpu, sent: states.sent ?? 0, startedAt, states };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// --- orchestration --------------------------------------------------------------------------------------

function forkSelf(args: string[]): ChildProcess {
  return fork(SELF, args, {
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_DISPATCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_DISPATCH_PROF}`] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function next<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`child exited with ${code}`));
    child.once('exit', onExit);
    child.once('message', (m) => {
      child.off('exit', onExit);
      resolve(m as T);
    });
  });
}

async function startPeer(mode: 'gateway' | 'smtp-server') {
  const child = forkSelf([mode]);
  const { port } = await next<{ port: number }>(child);
  return {
    port,
    stats: () => (child.send('stats'), next<PeerStats>(child)),
    reset: () => (child.send('reset'), next<unknown>(child)),
    stop: () => child.disconnect(),
  };
}

async function measure(mode: string, port: number, n: number, batch = 0): Promise<Result> {
  const child = forkSelf([mode, String(port), String(n), String(batch)]);
  const r = await next<Result>(child);
  await new Promise((res) => child.once('exit', res));
  return r;
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const rate = (n: number, ms: number) => n / (ms / 1000);
const line = (label: string, n: number, ms: number) =>
  `  ${label.padEnd(54)} ${fmt(ms / 1000, 2).padStart(7)} s ${fmt(rate(n, ms)).padStart(8)} msgs/s`;

async function part(what: 'sms' | 'email', n: number, goal: number): Promise<boolean> {
  const peer = await startPeer(what === 'sms' ? 'gateway' : 'smtp-server');
  try {
    const label = what === 'sms' ? 'undici Agent, 8 connections' : 'nodemailer pool, 5 conn., maxMessages ∞';
    console.log(
      what === 'sms'
        ? `${fmt(n)} SMS to a loopback HTTP gateway (node:http, own process)`
        : `${fmt(n)} e-mails to a loopback SMTP server (smtp-server, no TLS/AUTH, own process)`,
    );
    // The raw client before and after the dispatcher runs: the ratio is against their mean rate, so that a
    // machine that got busier or quieter meanwhile shows (and counts for both sides alike).
    const raw = async () => {
      await peer.reset();
      const r = await measure(what === 'sms' ? 'http-raw' : 'smtp-raw', peer.port, n);
      const st = await peer.stats();
      if (r.sent !== n || st.distinct !== n) throw new Error(`baseline: ${JSON.stringify([r, st])}`);
      return r;
    };
    const cpu = (r: Result) => `   CPU ${fmt((r.cpuMs * 1000) / n, 1)} µs/msg`;
    // A warm-up (not reported), so that the peer is as warm for the first measured run as for the others.
    await measure(what === 'sms' ? 'http-raw' : 'smtp-raw', peer.port, Math.min(n, Math.max(1000, n / 5)));
    const before = await raw();
    const runs: { batch: number; ours: Result; s: PeerStats }[] = [];
    for (const batch of BATCHES) {
      await peer.reset();
      const ours = await measure(what === 'sms' ? 'dispatch-sms' : 'dispatch-email', peer.port, n, batch);
      runs.push({ batch, ours, s: await peer.stats() });
    }
    const after = await raw();
    const baseRate = (rate(n, before.ms) + rate(n, after.ms)) / 2;
    console.log(line(`baseline: ${label}, before`, n, before.ms) + cpu(before));
    console.log(line(`baseline: ${label}, after`, n, after.ms) + cpu(after));
    let ok = true;
    for (const { batch, ours, s } of runs) {
      const good = ours.sent === n && s.received === n && s.distinct === n;
      const sendMs = Math.max(1, s.lastAt - s.firstAt);
      const ratio = rate(n, ours.ms) / baseRate;
      console.log(
        line(`dispatcher, batch ${batch}: campaign end to end`, n, ours.ms) +
          `   ${fmt(ratio * 100)} % of baseline;` +
          cpu(ours),
      );
      console.log(
        line('  of which sending (first to last at the peer)', n, sendMs) +
          `   ${fmt((rate(n, sendMs) / baseRate) * 100)} % of baseline; expansion before it ${fmt((s.firstAt - ours.startedAt!) / 1000, 2)} s`,
      );
      console.log(
        `    outbox ${JSON.stringify(ours.states)}; peer received ${fmt(s.received)}, ${fmt(s.distinct)} distinct: ${good ? 'ok' : 'MISMATCH'}; ` +
          `goal ≥ ${goal} % (end to end) ${ratio * 100 >= goal ? 'met' : 'NOT met'}`,
      );
      ok &&= good;
    }
    return ok;
  } finally {
    peer.stop();
  }
}

async function main(): Promise<void> {
  const sms = Number(process.env.BENCH_DISPATCH_SMS ?? 100_000);
  const email = Number(process.env.BENCH_DISPATCH_EMAIL ?? 10_000);
  let ok = true;
  if (sms > 0) ok = (await part('sms', sms, 70)) && ok;
  if (email > 0) ok = (await part('email', email, 80)) && ok;
  if (!ok) process.exitCode = 1;
}

const [mode, portArg, nArg, batchArg] = process.argv.slice(2);
const port = Number(portArg);
const n = Number(nArg);
const batch = Number(batchArg);
const reply = (p: Promise<Result>) =>
  void p.then(
    (r) => process.send!(r, () => process.exit(0)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
switch (mode) {
  case undefined:
    await main();
    break;
  case 'gateway':
    gatewayPeer();
    break;
  case 'smtp-server':
    await smtpPeer();
    break;
  case 'http-raw':
    reply(httpRaw(port, n));
    break;
  case 'smtp-raw':
    reply(smtpRaw(port, n));
    break;
  case 'dispatch-sms':
    reply(dispatch('sms', port, n, batch));
    break;
  case 'dispatch-email':
    reply(dispatch('email', port, n, batch));
    break;
  default:
    throw new Error(`unknown mode ${mode}`);
}
