/**
 * What an HTML letter costs the outbox, for MEASURE_RECIPIENTS (default 10,000) recipients and a ~6 KB letter:
 * the design Vestnik uses (each row keeps only the values the HTML reads, in `vars`; the letter is rendered
 * when the row is sent — electron/core/campaigns/content.ts) against storing each personalised letter in its
 * row. Prints the outbox's size both ways, the expansion time, and the time to render a letter at send time.
 * Figures are printed, never asserted. Run: `node --import tsx test/measure/outbox-html.measure.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CampaignContent } from '../../electron/core/campaigns/content';
import { expandChunk } from '../../electron/core/campaigns/expand';
import { createCore } from '../../electron/core/core';
import { insertContactsBulk } from '../../electron/core/repos/contacts-bulk';
import { requireCampaign } from '../../electron/core/repos/campaigns';
import { bindHtmlTemplate, mustCompileHtml } from '../../shared/domain/html-template';
import { recipientFields, type ContactRowLite } from '../../electron/core/campaigns/recipients';
import { addPendingPicture, attachPictures } from '../../electron/core/repos/campaign-pictures';
import { pngPicture } from '../fixtures/pictures';

const N = Number(process.env.MEASURE_RECIPIENTS ?? 10_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vestnik-measure-'));
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

/** A newsletter as shops send them: a table layout, a style block, a picture, a few variables. */
function letter(): string {
  const row = (i: number) =>
    `<tr><td style="padding:8px 16px;border-bottom:1px solid #eee;font:14px Arial,sans-serif;color:#333">` +
    `Товар недели №${i}: скидка до 30% для постоянных покупателей — только в нашем магазине на Садовой.</td></tr>`;
  return (
    '<!doctype html><html><head><meta charset="utf-8"><style>body { margin: 0; } .btn { background: #c00; }</style>' +
    '</head><body><table width="600" cellpadding="0" cellspacing="0" align="center">' +
    '<tr><td><img src="cid:logo.png" width="600" alt="Магазин"></td></tr>' +
    '<tr><td style="padding:16px;font:18px Arial,sans-serif">Здравствуйте, {first_name|покупатель}!</td></tr>' +
    '<tr><td style="padding:0 16px;font:14px Arial,sans-serif">На вашем счёте {balance|0} бонусов. Ваш город: {Город|—}.</td></tr>' +
    Array.from({ length: 24 }, (_, i) => row(i + 1)).join('') +
    '<tr><td style="padding:16px"><a class="btn" href="https://shop.example/?city={Город|}">Перейти в магазин</a></td></tr>' +
    '</table></body></html>'
  );
}

/** Bytes the outbox takes in the file (table and indexes), by SQLite's own page accounting. */
function outboxBytes(db: ReturnType<typeof createCore>['db']): number {
  try {
    return db
      .prepare(
        `SELECT sum(pgsize) FROM dbstat WHERE name IN ('outbox', 'outbox_queue', 'outbox_sent') OR name LIKE 'sqlite_autoindex_outbox%'`,
      )
      .pluck()
      .get() as number;
  } catch {
    // Without the dbstat table: the file's growth after a checkpoint.
    db.pragma('wal_checkpoint(TRUNCATE)');
    return (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  }
}

try {
  const core = createCore({ dbPath: path.join(dir, 'v.db'), shell: 'test' });
  const { db } = core;
  insertContactsBulk(
    db,
    Array.from({ length: N }, (_, i) => ({
      phone: null,
      email: `client${i}@example.org`,
      lastName: 'Покупатель',
      firstName: ['Анна', 'Иван', 'Ольга', 'Пётр'][i % 4]!,
      middleName: '',
      telegramChatId: null,
      attributes: { balance: String((i * 37) % 5000), Город: ['Тула', 'Орёл', 'Москва'][i % 3]! },
    })),
    new Date().toISOString(),
    'measure',
  );
  const html = letter();
  const { account } = await core.handlers['accounts:save']({
    account: { name: 'Почта', provider: 'sandbox', settings: { channel: 'email', deliverySeconds: '0' } },
  });
  const spec = {
    channels: [{ channel: 'email' as const, accountId: account.id }],
    mode: 'priority' as const,
    audience: { kind: 'all' as const },
    subject: 'Новости для {first_name|вас}',
    text: 'Здравствуйте, {first_name|покупатель}! На вашем счёте {balance|0} бонусов.',
    html,
    marketing: false,
    quietHours: { from: '09:00', to: '21:00' },
  };
  const id = Number(
    db
      .prepare(`INSERT INTO campaigns (name, spec, state, run, created_at) VALUES ('m', ?, 'expanding', 1, ?)`)
      .run(JSON.stringify(spec), new Date().toISOString()).lastInsertRowid,
  );
  // The picture is stored once per campaign, not per row.
  const logo = addPendingPicture(db, pngPicture(600, 120, [200, 30, 30]), 'logo.png', [], new Date());
  attachPictures(db, id, [logo.id]);
  const t0 = process.hrtime.bigint();
  for (;;) if (expandChunk(db, requireCampaign(db, id), { timeZone: 'Europe/Moscow', now: new Date() })) break;
  const expandMs = ms(t0);
  const rows = db.prepare('SELECT id, campaign_id, channel, vars FROM outbox ORDER BY id').all() as {
    id: number;
    campaign_id: number;
    channel: string;
    vars: string | null;
  }[];
  const varsBytes = rows.reduce((n, r) => n + Buffer.byteLength(r.vars ?? ''), 0);
  db.exec('VACUUM');
  const ours = outboxBytes(db);

  // Rendering at send time, as the dispatcher does it for each claimed row (the picture read once).
  const content = new CampaignContent(db);
  const c = requireCampaign(db, id);
  const r0 = process.hrtime.bigint();
  let htmlBytes = 0;
  for (const r of rows) htmlBytes += Buffer.byteLength(content.extras(r, c.spec).html ?? '');
  const renderMs = ms(r0);

  // The other design: every personalised letter stored in its row (rendered from the contact as expansion would).
  const t = mustCompileHtml(html);
  const render = bindHtmlTemplate(t, { today: '2026-05-01' });
  const byId = db.prepare('SELECT * FROM contacts WHERE id = ?');
  const put = db.prepare('UPDATE outbox SET vars = ? WHERE id = ?');
  const s0 = process.hrtime.bigint();
  db.transaction(() => {
    for (const r of db.prepare('SELECT id, contact_id FROM outbox').all() as { id: number; contact_id: number }[]) {
      put.run(render(recipientFields(byId.get(r.contact_id) as ContactRowLite)), r.id);
    }
  })();
  const storeMs = ms(s0);
  db.exec('VACUUM');
  const stored = outboxBytes(db);

  console.log(`recipients: ${N.toLocaleString('en-US')}, letter template ${(html.length / 1024).toFixed(1)} KB`);
  console.log(
    `values kept per row (vars): ${mb(varsBytes)} in all, ${(varsBytes / rows.length).toFixed(0)} B a row; outbox ${mb(ours)}`,
  );
  console.log(`personalised letters stored per row instead: outbox ${mb(stored)} (${(stored / ours).toFixed(0)}×)`);
  console.log(
    `expansion with the values: ${expandMs.toFixed(0)} ms; writing every letter instead: +${storeMs.toFixed(0)} ms`,
  );
  console.log(
    `rendering at send time: ${renderMs.toFixed(0)} ms for ${rows.length.toLocaleString('en-US')} letters ` +
      `(${((renderMs * 1000) / rows.length).toFixed(1)} µs a letter, ${mb(htmlBytes)} of HTML)`,
  );
  core.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
