import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'vestnik.cjs');

function vestnik(args: string[], env: NodeJS.ProcessEnv = {}) {
  const res = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

describe('CLI: vestnik', () => {
  it('adds contacts and lists them as JSON with E.164 phones, groups and opt-outs', () => {
    const db = path.join(tempDir(), 'base.db');
    const add = vestnik([
      'contacts',
      'add',
      '--phone',
      '8 920 746-00-22',
      '--email',
      'Ivan@Mail.ru',
      '--last-name',
      'Иванов',
      '--first-name',
      'Иван',
      '--middle-name',
      'Иванович',
      '--group',
      'VIP',
      '--db',
      db,
      '--json',
    ]);
    expect(add.code, add.err).toBe(0);
    expect(JSON.parse(add.out)).toMatchObject({ id: 1, phone: '+79207460022' });
    expect(vestnik(['contacts', 'add', '--phone', '+7 (916) 123-45-67', '--db', db]).code).toBe(0);

    const list = vestnik(['contacts', 'list', '--db', db, '--json']);
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.out) as Record<string, unknown>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      id: 1,
      phone: '+79207460022',
      email: 'ivan@mail.ru',
      lastName: 'Иванов',
      firstName: 'Иван',
      middleName: 'Иванович',
      attributes: {},
      groups: ['VIP'],
      optOut: { sms: false, email: false, telegram: false, whatsapp: false },
    });
    const found = JSON.parse(vestnik(['contacts', 'list', '--search', '916 123', '--db', db, '--json']).out) as {
      phone: string;
    }[];
    expect(found.map((r) => r.phone)).toEqual(['+79161234567']);
    const vip = JSON.parse(vestnik(['contacts', 'list', '--group', 'VIP', '--db', db, '--json']).out) as {
      id: number;
    }[];
    expect(vip.map((r) => r.id)).toEqual([1]);
  });

  it('refuses a bad phone or e-mail with a message and a non-zero exit, and stores nothing', () => {
    const db = path.join(tempDir(), 'base.db');
    const phone = vestnik(['contacts', 'add', '--phone', '12-34', '--db', db]);
    expect(phone.code).not.toBe(0);
    expect(phone.err).toContain('Invalid phone number: 12-34');
    const email = vestnik(['contacts', 'add', '--phone', '+79207460022', '--email', 'ivan@@mail', '--db', db]);
    expect(email.code).not.toBe(0);
    expect(email.err).toContain('Invalid e-mail');
    expect(JSON.parse(vestnik(['contacts', 'list', '--db', db, '--json']).out)).toEqual([]);
  });

  it('manages groups and removes contacts by id', () => {
    const db = path.join(tempDir(), 'base.db');
    expect(vestnik(['groups', 'add', 'Оптовики', '--db', db]).code).toBe(0);
    expect(vestnik(['groups', 'add', 'оптовики', '--db', db]).code).not.toBe(0);
    vestnik(['contacts', 'add', '--phone', '+79207460022', '--group', 'Оптовики', '--db', db]);
    expect(JSON.parse(vestnik(['groups', 'list', '--db', db, '--json']).out)).toEqual([
      { id: 1, name: 'Оптовики', size: 1 },
    ]);
    const removed = vestnik(['contacts', 'remove', '1', '--db', db, '--json']);
    expect(JSON.parse(removed.out)).toEqual({ removed: 1 });
    expect(vestnik(['contacts', 'remove', '1', '--db', db]).code).not.toBe(0);
    expect(vestnik(['contacts', 'remove', 'abc', '--db', db]).err).toContain('Not a contact id: abc');
  });

  it('uses the app data directory when --db is not given', () => {
    const dir = tempDir();
    expect(vestnik(['contacts', 'add', '--phone', '+79207460022'], { VESTNIK_DATA_DIR: dir }).code).toBe(0);
    expect(JSON.parse(vestnik(['contacts', 'list', '--db', path.join(dir, 'vestnik.db'), '--json']).out)).toHaveLength(
      1,
    );
  });

  it('has --help on every command', () => {
    for (const cmd of [
      [],
      ['contacts'],
      ['contacts', 'add'],
      ['contacts', 'list'],
      ['contacts', 'remove'],
      ['groups'],
      ['groups', 'list'],
      ['groups', 'add'],
      ['serve'],
    ]) {
      const res = vestnik([...cmd, '--help']);
      expect(res.code, cmd.join(' ')).toBe(0);
      expect(res.out).toMatch(/Usage: vestnik/);
    }
    expect(vestnik(['contacts', 'add', '--help']).out).toContain('--db <path>');
    expect(vestnik(['nonsense']).code).not.toBe(0);
  });

  it('serve prints the URL with its token on one line, and the URL works', async () => {
    const db = path.join(tempDir(), 'base.db');
    const child = spawn(process.execPath, [BIN, 'serve', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      expect(line).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/);
      const url = new URL(line);
      const res = await fetch(`${url.origin}/api/app:info`, {
        method: 'POST',
        headers: { authorization: `Bearer ${url.searchParams.get('token')}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(await res.json()).toMatchObject({ ok: true, value: { name: 'Vestnik' } });
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    expect(child.exitCode).toBe(0);
  });
});
