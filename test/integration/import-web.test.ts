import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../shared/domain/import';
import { startWebShell, type WebShell } from '../../electron/core/web/server';
import { encode } from '../fixtures/text-fixtures';
import { rawRequest } from '../helpers/http';
import { tempDir } from '../helpers/temp';

let shell: WebShell;
beforeEach(async () => {
  shell = await startWebShell({ dataDir: tempDir() });
});
afterEach(async () => {
  await shell.close();
});

const auth = () => ({ authorization: `Bearer ${shell.token}` });
const CSV = encode('Клиенты\r\nФИО;Телефон\r\nИванов Иван;8 920 746-00-22\r\nПлохой;123\r\n', 'cp1251');

async function upload(name: string, body: Buffer): Promise<{ handle: string; name: string; size: number }> {
  const res = await fetch(`http://127.0.0.1:${shell.port}/upload?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { ...auth(), 'content-type': 'application/octet-stream' },
    body: new Uint8Array(body),
  });
  const json = (await res.json()) as { ok: boolean; value: { handle: string; name: string; size: number } };
  expect(json.ok).toBe(true);
  return json.value;
}

async function call(channel: string, input: unknown): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${shell.port}/api/${channel}`, {
    method: 'POST',
    headers: { ...auth(), 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const json = (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  if (!json.ok) throw new Error(`${json.error?.code}: ${json.error?.message}`);
  return json.value;
}

const finished = (jobId: string) =>
  new Promise<JobProgress>((resolve) => {
    const off = shell.core.events.on('jobs:progress', (p) => {
      if (p.jobId === jobId && p.state !== 'running') {
        off();
        resolve(p);
      }
    });
  });

describe('import through the web shell: upload, preview, dry run, import', () => {
  it('previews a cp1251 CSV with a title row, dry-runs, then imports into a new group', async () => {
    const ref = await upload('клиенты.csv', CSV);
    expect(ref).toMatchObject({ name: 'клиенты.csv', size: CSV.length });
    const preview = (await call('import:preview', { handle: ref.handle })) as {
      encoding: string;
      delimiter: string;
      headerRow: number;
      rows: { row: number; cells: string[] }[];
      mapping: unknown[];
    };
    expect(preview).toMatchObject({
      encoding: 'windows-1251',
      delimiter: ';',
      headerRow: 2,
      mapping: [{ field: 'fullName' }, { field: 'phone' }],
    });
    expect(preview.rows[0]).toEqual({ row: 1, cells: ['Клиенты'] });

    const settings = {
      handle: ref.handle,
      headerRow: preview.headerRow,
      mapping: preview.mapping,
      group: { name: 'Из файла' },
    };
    const dry = (await call('import:start', { ...settings, dryRun: true })) as { jobId: string };
    const dryDone = await finished(dry.jobId);
    expect(dryDone).toMatchObject({
      state: 'done',
      dryRun: true,
      summary: { imported: 1, rejected: [{ row: 4, reason: 'invalid phone number: 123' }] },
    });
    expect(shell.core.handlers['contacts:list']({ offset: 0, limit: 10 }).total).toBe(0);

    const real = (await call('import:start', { ...settings, dryRun: false })) as { jobId: string };
    expect((await finished(real.jobId)).summary).toMatchObject({ imported: 1 });
    const [group] = shell.core.handlers['groups:list']();
    expect(group).toMatchObject({ name: 'Из файла', size: 1 });

    // The rejected-rows report of the dry run, as an XLSX download.
    const report = (await call('import:report', { jobId: dry.jobId })) as {
      saved: boolean;
      name: string;
      rows: number;
      download: string;
    };
    expect(report).toMatchObject({ saved: true, rows: 1, name: 'клиенты — отклонённые строки.xlsx' });
    const file = await fetch(`http://127.0.0.1:${shell.port}${report.download}`, { headers: auth() });
    expect(file.headers.get('content-disposition')).toContain(
      "filename*=UTF-8''%D0%BA%D0%BB%D0%B8%D0%B5%D0%BD%D1%82%D1%8B",
    );
    const wb = XLSX.read(Buffer.from(await file.arrayBuffer()), { type: 'buffer' });
    expect(XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]!]!, { header: 1 })).toEqual([
      ['Строка', 'Причина'],
      ['4', 'неверный номер телефона: 123'],
    ]);
    expect(
      (await rawRequest(shell.port, { path: report.download, headers: { host: `127.0.0.1:${shell.port}` } })).status,
    ).toBe(401);
  });

  it('exports a group as CSV (Windows-1251) for download', async () => {
    const h = shell.core.handlers;
    const g = h['groups:create']({ name: 'VIP' });
    h['contacts:create']({ phone: '+79207460022', lastName: 'Иванов', groupIds: [g.id] });
    h['contacts:create']({ phone: '+79161234567', lastName: 'Петров' });
    const d = (await call('contacts:export', { match: { groupId: g.id }, format: 'csv', encoding: 'cp1251' })) as {
      rows: number;
      name: string;
      download: string;
    };
    expect(d).toMatchObject({ rows: 1 });
    expect(d.name).toMatch(/^VIP \d{4}-\d{2}-\d{2}\.csv$/);
    const res = await fetch(`http://127.0.0.1:${shell.port}${d.download}`, { headers: auth() });
    const text = iconv.decode(Buffer.from(await res.arrayBuffer()), 'win1251');
    expect(text.split('\r\n').slice(0, 2)).toEqual([
      'Фамилия;Имя;Отчество;Телефон;E-mail;Telegram',
      "Иванов;;;'+79207460022;;",
    ]);
    expect((await fetch(`http://127.0.0.1:${shell.port}/download/nonexistent`, { headers: auth() })).status).toBe(404);
  });

  it('answers a preview of a file whose content contradicts its name with a clear error and its code', async () => {
    const ref = await upload('contacts.xlsx', CSV);
    await expect(call('import:preview', { handle: ref.handle })).rejects.toThrow(
      'wrong_type: The file is named .xlsx but its content is a text table',
    );
  });

  it('re-proposes the mapping from the header row the user picks, and lists running jobs', async () => {
    const ref = await upload('клиенты.csv', CSV);
    const asData = (await call('import:preview', { handle: ref.handle, headerRow: 0 })) as {
      headerRow: number;
      mapping: unknown[];
    };
    expect(asData).toMatchObject({ headerRow: 0, mapping: [{ field: 'skip' }, { field: 'skip' }] });
    const picked = (await call('import:preview', { handle: ref.handle, headerRow: 2 })) as {
      headerRow: number;
      mapping: unknown[];
    };
    expect(picked).toMatchObject({ headerRow: 2, mapping: [{ field: 'fullName' }, { field: 'phone' }] });
    const { jobId } = (await call('import:start', {
      handle: ref.handle,
      headerRow: 2,
      mapping: picked.mapping,
      dryRun: true,
    })) as { jobId: string };
    const done = finished(jobId);
    expect(((await call('jobs:list', {})) as { jobId: string }[]).map((j) => j.jobId)).toEqual([jobId]);
    expect((await done).summary).toMatchObject({ imported: 1, rejectedTotal: 1 });
    expect(await call('jobs:list', {})).toEqual([]);
  });

  it('refuses an upload without the token, with a form content type, and strips folders from the name', async () => {
    const host = { host: `127.0.0.1:${shell.port}` };
    expect(
      (
        await rawRequest(shell.port, {
          method: 'POST',
          path: '/upload?name=a.csv',
          headers: { ...host, 'content-type': 'application/octet-stream' },
          body: 'x',
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await rawRequest(shell.port, {
          method: 'POST',
          path: '/upload?name=a.csv',
          headers: { ...host, ...auth(), 'content-type': 'multipart/form-data; boundary=x' },
          body: 'x',
        })
      ).status,
    ).toBe(415);
    const evil = await upload('../../etc/passwd.csv', Buffer.from('a;b\r\n'));
    expect(evil.name).toBe('passwd.csv');
    await expect(call('import:preview', { handle: 'not-a-handle-at-all-1234' })).rejects.toThrow(
      'not_found: The file is no longer available',
    );
  });
});
