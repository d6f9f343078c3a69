// A whole campaign headless, as a script would run it: account, contacts, a campaign sheet, create, launch,
// `vestnik worker --until-idle`, status — all through the real CLI process.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp';
import { pngPicture } from '../fixtures/pictures';
import { allParts, parseMessage, partText, startSmtpPeer } from '../peers/smtp';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'vestnik.cjs');

function vestnik(args: string[], env: NodeJS.ProcessEnv = process.env) {
  // A CLI that never exits fails the test instead of hanging the run.
  const res = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, timeout: 120_000 });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

/** The CLI while this process keeps answering (an SMTP server in the test talks to it). */
function vestnikAsync(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('CLI: a campaign end to end', () => {
  it('create → launch → worker --until-idle → status, for the base and for a campaign sheet', () => {
    const dir = tempDir();
    const db = ['--db', path.join(dir, 'v.db')];
    expect(
      vestnik(['accounts', 'add', '--provider', 'sandbox', '--name', 'S', '--set', 'deliverySeconds=0', ...db]).code,
    ).toBe(0);
    for (const phone of ['89207460022', '89161234567', '89031110000'])
      expect(vestnik(['contacts', 'add', '--phone', phone, '--first-name', 'Иван', ...db]).code).toBe(0);

    const created = vestnik([
      'campaign',
      'create',
      '--name',
      'Акция',
      '--account',
      'S',
      '--all',
      '--text',
      'Здравствуйте, {first_name|клиент}!',
      // Not marketing: quiet hours would hold a marketing SMS whenever this test runs after 21:00 in Moscow.
      '--service',
      '--json',
      ...db,
    ]);
    expect(created.code, created.err).toBe(0);
    const { id } = JSON.parse(created.out) as { id: number };
    expect(vestnik(['campaign', 'launch', String(id), ...db]).code).toBe(0);
    const worker = vestnik(['worker', '--until-idle', ...db]);
    expect(worker.code, worker.err).toBe(0);
    const status = JSON.parse(vestnik(['campaign', 'status', String(id), '--json', ...db]).out) as {
      state: string;
      counts: Record<string, number>;
    };
    // 0000 is the sandbox's "no such number".
    expect(status).toMatchObject({ state: 'finished', counts: { sent: 2, failed: 1, queued: 0, sending: 0 } });

    // The per-recipient record: the refused number with the provider's words.
    const failed = vestnik(['campaign', 'messages', String(id), '--state', 'failed', ...db]);
    expect(failed.code, failed.err).toBe(0);
    expect(failed.out).toMatch(/^\+79031110000\tfailed\t.+\n1 of 1\n$/);

    // Resend failed: only on request, and the same refusal comes back.
    expect(vestnik(['campaign', 'resend', String(id), ...db]).out).toMatch(/^1 queued again/);
    vestnik(['worker', '--until-idle', ...db]);
    expect(JSON.parse(vestnik(['campaign', 'status', String(id), '--json', ...db]).out)).toMatchObject({
      state: 'finished',
      counts: { sent: 2, failed: 1 },
    });

    // A campaign sheet: per-row send times and variables.
    const sheet = path.join(dir, 'sheet.csv');
    fs.writeFileSync(
      sheet,
      '79207460022; 2021-06-21 22:02:00; покупатель; праздник\n79161234567; 2021-06-21 22:02:00; гость; юбилей\n',
    );
    const fromSheet = vestnik([
      'campaign',
      'create',
      '--name',
      'Праздник',
      '--account',
      'S',
      '--sheet',
      sheet,
      '--text',
      'Дорогой {var1}, с праздником «{var2}»!',
      '--service',
      '--json',
      ...db,
    ]);
    expect(fromSheet.code, fromSheet.err).toBe(0);
    const sheetId = (JSON.parse(fromSheet.out) as { id: number }).id;
    vestnik(['campaign', 'launch', String(sheetId), ...db]);
    expect(vestnik(['worker', '--until-idle', ...db]).code).toBe(0);
    expect(JSON.parse(vestnik(['campaign', 'status', String(sheetId), '--json', ...db]).out)).toMatchObject({
      state: 'finished',
      counts: { sent: 2 },
    });
  });

  it('a recurring campaign: --cron with its zone and grace period, scheduled after launch; a bad schedule is refused', () => {
    const dir = tempDir();
    const db = ['--db', path.join(dir, 'v.db')];
    expect(vestnik(['accounts', 'add', '--provider', 'sandbox', '--name', 'S', ...db]).code).toBe(0);
    expect(vestnik(['contacts', 'add', '--phone', '89207460022', ...db]).code).toBe(0);
    const base = ['campaign', 'create', '--name', 'Каждый понедельник', '--account', 'S', '--all', '--text', 'Привет'];
    const created = vestnik([
      ...base,
      '--cron',
      '0 10 * * 1',
      '--tz',
      'Europe/Moscow',
      '--grace',
      '30',
      '--json',
      ...db,
    ]);
    expect(created.code, created.err).toBe(0);
    const c = JSON.parse(created.out) as { id: number };
    expect(JSON.parse(created.out)).toMatchObject({
      state: 'draft',
      repeat: { cron: '0 10 * * 1', timeZone: 'Europe/Moscow' },
      graceMinutes: 30,
    });
    const launched = JSON.parse(vestnik(['campaign', 'launch', String(c.id), '--json', ...db]).out) as {
      state: string;
      nextRunAt: string;
    };
    // 10:00 in Moscow is 07:00 UTC, on a Monday.
    expect(launched.state).toBe('scheduled');
    expect(launched.nextRunAt).toMatch(/T07:00:00\.000Z$/);
    expect(new Date(launched.nextRunAt).getUTCDay()).toBe(1);
    expect(vestnik(['campaign', 'status', String(c.id), ...db]).out).toMatch(
      /scheduled \[0 10 \* \* 1 Europe\/Moscow; run 0, next /,
    );

    const bad = vestnik([...base, '--cron', '0 25 * * *', ...db]);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/not valid/);
    expect(vestnik([...base, '--cron', '0 10 * * 1', '--at', '2026-12-01T10:00:00+03:00', ...db]).err).toMatch(
      /not both/,
    );
  });

  it('an HTML letter with a picture: --html and --picture, sent by the worker; a file that is no picture is refused', async () => {
    const peer = await startSmtpPeer();
    try {
      const dir = tempDir();
      const db = ['--db', path.join(dir, 'v.db')];
      const env = { ...process.env, VESTNIK_PASSPHRASE: 'cli html passphrase' };
      const settings = [`host=${peer.host}`, `port=${peer.port}`, 'security=none', 'from=shop@example.org'];
      const added = await vestnikAsync(
        ['accounts', 'add', '--provider', 'smtp', '--name', 'Почта', ...settings.flatMap((x) => ['--set', x]), ...db],
        env,
      );
      expect(added.code, added.err).toBe(0);
      for (const [email, name] of [
        ['anna@example.org', 'Анна'],
        ['ivan@example.org', 'Иван'],
      ])
        expect(vestnik(['contacts', 'add', '--email', email!, '--first-name', name!, ...db]).code).toBe(0);
      const html = path.join(dir, 'letter.html');
      fs.writeFileSync(html, '<p><img src="cid:logo.png">Здравствуйте, {first_name}!</p>');
      const logo = pngPicture(8, 8, [0, 90, 200]);
      fs.writeFileSync(path.join(dir, 'logo.png'), logo);
      fs.writeFileSync(path.join(dir, 'notes.png'), 'not a picture');
      const base = ['campaign', 'create', '--name', 'Письмо', '--account', 'Почта', '--all'];
      const letter = ['--subject', 'Новости', '--text', 'Здравствуйте, {first_name}!', '--html', html];

      const refused = vestnik([...base, ...letter, '--picture', path.join(dir, 'notes.png'), ...db], env);
      expect(refused.code).not.toBe(0);
      expect(refused.err).toContain('Not a PNG, JPEG, GIF or WebP picture');
      const noPicture = vestnik([...base, ...letter, ...db], env);
      expect(noPicture.err).toContain('The HTML shows "cid:logo.png", but no picture has that name');

      const created = vestnik([...base, ...letter, '--picture', path.join(dir, 'logo.png'), '--json', ...db], env);
      expect(created.code, created.err).toBe(0);
      const { id } = JSON.parse(created.out) as { id: number };
      expect(vestnik(['campaign', 'launch', String(id), ...db], env).code).toBe(0);
      const worker = await vestnikAsync(['worker', '--until-idle', ...db], env);
      expect(worker.code, worker.err).toBe(0);
      expect(peer.messages).toHaveLength(2);
      for (const m of peer.messages) {
        const mail = parseMessage(m.raw);
        const name = m.to[0] === 'anna@example.org' ? 'Анна' : 'Иван';
        const htmlPart = allParts(mail).find((p) => p.type === 'text/html')!;
        expect(partText(htmlPart)).toBe(`<p><img src="cid:logo.png">Здравствуйте, ${name}!</p>`);
        expect(
          allParts(mail)
            .find((p) => p.type === 'image/png')!
            .body.equals(logo),
        ).toBe(true);
      }
    } finally {
      await peer.close();
    }
  });
});
