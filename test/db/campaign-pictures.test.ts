import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, migrate, openDatabase, schemaVersion } from '../../electron/core/db/open';
import { MIGRATIONS } from '../../electron/core/db/migrations';
import {
  addPendingPicture,
  attachPictures,
  campaignPictures,
  pictureView,
} from '../../electron/core/repos/campaign-pictures';
import { createCampaign } from '../../electron/core/repos/campaigns';
import type { CampaignSpec } from '../../shared/domain/campaigns';
import { PICTURE_MAX_BYTES } from '../../shared/domain/pictures';
import { VestnikError } from '../../shared/ipc/result';
import { JPEG_BYTES, pngPicture } from '../fixtures/pictures';
import { tempDbPath } from '../helpers/temp';

const NOW = new Date('2026-05-01T10:00:00Z');
const spec: CampaignSpec = {
  channels: [{ channel: 'email', accountId: 1 }],
  mode: 'priority',
  audience: { kind: 'all' },
  text: 'Привет',
  marketing: false,
  quietHours: { from: '09:00', to: '21:00' },
};

const refusal = (fn: () => unknown): VestnikError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof VestnikError) return err;
    throw err;
  }
  throw new Error('not refused');
};

describe('store: campaign pictures', () => {
  it('keeps a picture by its content and gives it a name for cid:', () => {
    const db = openDatabase(tempDbPath());
    const png = pngPicture(3, 2, [0, 128, 255]);
    const p = addPendingPicture(db, png, 'logo.png', [], NOW);
    expect(p).toMatchObject({ campaignId: null, cid: 'logo.png', contentType: 'image/png', size: png.length });
    expect(pictureView(p).dataUrl).toBe(`data:image/png;base64,${png.toString('base64')}`);
    // A JPEG someone renamed .png is kept as the JPEG it is, under a name with its own extension.
    expect(addPendingPicture(db, JPEG_BYTES, 'photo.png', ['logo.png'], NOW)).toMatchObject({
      cid: 'photo.jpg',
      name: 'photo.png',
      contentType: 'image/jpeg',
    });
    db.close();
  });

  it('refuses a file that is not a picture (a renamed text, an SVG), an empty one, and one over 5 MB', () => {
    const db = openDatabase(tempDbPath());
    expect(refusal(() => addPendingPicture(db, Buffer.from('hello'), 'notes.png', [], NOW))).toMatchObject({
      code: 'wrong_type',
      field: 'picture',
    });
    expect(refusal(() => addPendingPicture(db, Buffer.from('<svg/>'), 'logo.svg', [], NOW)).code).toBe('wrong_type');
    expect(refusal(() => addPendingPicture(db, Buffer.alloc(0), 'empty.png', [], NOW)).code).toBe('empty');
    const big = pngPicture(1, 1, [0, 0, 0], PICTURE_MAX_BYTES);
    expect(refusal(() => addPendingPicture(db, big, 'big.png', [], NOW))).toMatchObject({
      code: 'too_large',
      message: expect.stringMatching(/larger than 5 MB/) as unknown,
    });
    expect(db.prepare('SELECT count(*) FROM campaign_pictures').pluck().get()).toBe(0);
    // The table refuses them too, whatever code writes there.
    expect(() =>
      db
        .prepare(
          `INSERT INTO campaign_pictures (cid, name, content_type, size, data, created_at) VALUES ('a.svg', 'a', 'image/svg+xml', 1, x'00', '')`,
        )
        .run(),
    ).toThrow(/CHECK/);
    db.close();
  });

  it('gives pending pictures to a campaign within the total cap, each once, and lets unclaimed ones go after a day', () => {
    const db = openDatabase(tempDbPath());
    const c = createCampaign(db, { name: 'Письмо', spec }, NOW.toISOString());
    const three = [0, 1, 2].map((i) => pngPicture(1, 1, [i, 0, 0], 3 * 1024 * 1024 + i));
    const ids = three.map((b, i) => addPendingPicture(db, b, `p${i}.png`, [], NOW).id);
    // Three of 3 MB: within the 10 MB a campaign may carry; four are not (below).
    expect(attachPictures(db, c.id, ids.slice(0, 3)).map((p) => p.cid)).toEqual(['p0.png', 'p1.png', 'p2.png']);
    expect(campaignPictures(db, c.id).map((p) => p.data.equals(three[p.id - ids[0]!]!))).toEqual([true, true, true]);
    // Already a campaign's: not pending any more.
    const c2 = createCampaign(db, { name: 'Второе', spec }, NOW.toISOString());
    expect(refusal(() => attachPictures(db, c2.id, [ids[0]!])).code).toBe('not_found');
    const more = [0, 1, 2, 3].map(
      (i) => addPendingPicture(db, pngPicture(1, 1, [0, i, 0], 3 * 1024 * 1024), `q${i}.png`, [], NOW).id,
    );
    expect(refusal(() => attachPictures(db, c2.id, more))).toMatchObject({ code: 'too_large', field: 'pictures' });
    // Two pictures under one name cannot both be shown by cid:.
    const same = [1, 2].map((i) => addPendingPicture(db, pngPicture(1, 1, [0, 0, i]), 'logo.png', [], NOW).id);
    expect(refusal(() => attachPictures(db, c2.id, same)).message).toContain('Two pictures are named "logo.png"');
    // A day later, adding another lets the unclaimed ones go.
    addPendingPicture(db, pngPicture(1, 1, [9, 9, 9]), 'new.png', [], new Date(NOW.getTime() + 25 * 3600_000));
    expect(db.prepare('SELECT count(*) FROM campaign_pictures WHERE campaign_id IS NULL').pluck().get()).toBe(1);
    expect(campaignPictures(db, c.id)).toHaveLength(3);
    db.close();
  });

  it('migrates a database of the previous schema (campaigns, no pictures) forward, keeping its campaigns', () => {
    const file = tempDbPath();
    const raw = new Database(file);
    migrate(
      raw,
      MIGRATIONS.filter((m) => m.version <= 40),
    );
    expect(schemaVersion(raw)).toBe(40);
    raw
      .prepare(`INSERT INTO campaigns (name, spec, created_at) VALUES ('Старая', ?, ?)`)
      .run(JSON.stringify(spec), NOW.toISOString());
    raw.close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT name FROM campaigns').pluck().all()).toEqual(['Старая']);
    const p = addPendingPicture(db, pngPicture(1, 1, [1, 2, 3]), 'a.png', [], NOW);
    attachPictures(db, 1, [p.id]);
    // Deleting a campaign takes its pictures with it.
    db.prepare('DELETE FROM campaigns WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) FROM campaign_pictures').pluck().get()).toBe(0);
    db.close();
  });
});
