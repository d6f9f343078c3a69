import {
  PICTURE_MAX_BYTES,
  PICTURES_MAX_COUNT,
  PICTURES_MAX_TOTAL_BYTES,
  pictureCid,
  sniffPicture,
  type Picture,
  type PictureType,
} from '../../../shared/domain/pictures';
import { VestnikError } from '../../../shared/ipc/result';
import type { Db } from '../db/open';

/** A campaign's picture with its bytes, as the dispatcher attaches it and the previews show it. */
export interface PictureRow {
  id: number;
  campaignId: number | null;
  cid: string;
  name: string;
  contentType: PictureType;
  size: number;
  data: Buffer;
}

interface Raw {
  id: number;
  campaign_id: number | null;
  cid: string;
  name: string;
  content_type: PictureType;
  size: number;
  data: Buffer;
}

const toPicture = (r: Raw): PictureRow => ({
  id: r.id,
  campaignId: r.campaign_id,
  cid: r.cid,
  name: r.name,
  contentType: r.content_type,
  size: r.size,
  data: r.data,
});

/** Pictures added for a compose form that was never saved are let go after this long. */
const PENDING_MS = 24 * 60 * 60_000;

/**
 * Checks a picture by its bytes (type by magic bytes, size) and keeps it for a campaign being composed.
 * `taken`: the names the form's other pictures have, so the new one gets its own.
 */
export function addPendingPicture(
  db: Db,
  data: Buffer,
  fileName: string,
  taken: readonly string[],
  now: Date,
): PictureRow {
  if (data.length === 0) throw new VestnikError('empty', 'The picture file is empty', 'picture');
  if (data.length > PICTURE_MAX_BYTES) {
    throw new VestnikError(
      'too_large',
      `The picture is larger than ${PICTURE_MAX_BYTES / 2 ** 20} MB (${(data.length / 2 ** 20).toFixed(1)} MB)`,
      'picture',
    );
  }
  const type = sniffPicture(data);
  if (!type) {
    throw new VestnikError('wrong_type', 'Not a PNG, JPEG, GIF or WebP picture (by its content)', 'picture');
  }
  const cid = pictureCid(fileName, type, taken);
  const name = fileName.split(/[\\/]/).pop()?.slice(-200) || cid;
  return db.transaction(() => {
    db.prepare('DELETE FROM campaign_pictures WHERE campaign_id IS NULL AND created_at < ?').run(
      new Date(now.getTime() - PENDING_MS).toISOString(),
    );
    const id = Number(
      db
        .prepare(
          `INSERT INTO campaign_pictures (cid, name, content_type, size, data, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(cid, name, type, data.length, data, now.toISOString()).lastInsertRowid,
    );
    return { id, campaignId: null, cid, name, contentType: type, size: data.length, data };
  })();
}

/**
 * Gives the campaign the pending pictures `ids` (in the caller's transaction): each must exist and belong to
 * no campaign yet; their names must differ; together they stay within the caps.
 */
export function attachPictures(db: Db, campaignId: number, ids: readonly number[]): PictureRow[] {
  const unique = [...new Set(ids)];
  if (unique.length > PICTURES_MAX_COUNT) {
    throw new VestnikError('bad_request', `At most ${PICTURES_MAX_COUNT} pictures per campaign`, 'pictures');
  }
  const one = db.prepare('SELECT * FROM campaign_pictures WHERE id = ?');
  const rows = unique.map((id) => {
    const r = one.get(id) as Raw | undefined;
    if (!r || r.campaign_id !== null) {
      throw new VestnikError('not_found', `Picture ${id} is not available; add it again`, 'pictures');
    }
    return toPicture(r);
  });
  const total = rows.reduce((n, r) => n + r.size, 0);
  if (total > PICTURES_MAX_TOTAL_BYTES) {
    throw new VestnikError(
      'too_large',
      `The pictures together are larger than ${PICTURES_MAX_TOTAL_BYTES / 2 ** 20} MB`,
      'pictures',
    );
  }
  const cids = new Set<string>();
  for (const r of rows) {
    if (cids.has(r.cid.toLowerCase())) {
      throw new VestnikError('bad_request', `Two pictures are named "${r.cid}"`, 'pictures');
    }
    cids.add(r.cid.toLowerCase());
  }
  const set = db.prepare('UPDATE campaign_pictures SET campaign_id = ? WHERE id = ?');
  for (const r of rows) set.run(campaignId, r.id);
  return rows.map((r) => ({ ...r, campaignId }));
}

export function campaignPictures(db: Db, campaignId: number): PictureRow[] {
  return (db.prepare('SELECT * FROM campaign_pictures WHERE campaign_id = ? ORDER BY id').all(campaignId) as Raw[]).map(
    toPicture,
  );
}

/** Names (cids) of a campaign's pictures, without reading their bytes. */
export function campaignPictureCids(db: Db, campaignId: number): string[] {
  return db
    .prepare('SELECT cid FROM campaign_pictures WHERE campaign_id = ? ORDER BY id')
    .pluck()
    .all(campaignId) as string[];
}

/** Pictures by id, pending or a campaign's (for a letter's preview); unknown ids are left out. */
export function picturesByIds(db: Db, ids: readonly number[]): PictureRow[] {
  const one = db.prepare('SELECT * FROM campaign_pictures WHERE id = ?');
  return [...new Set(ids)].flatMap((id) => {
    const r = one.get(id) as Raw | undefined;
    return r ? [toPicture(r)] : [];
  });
}

export function pendingPictures(db: Db, ids: readonly number[]): PictureRow[] {
  const one = db.prepare('SELECT * FROM campaign_pictures WHERE id = ? AND campaign_id IS NULL');
  return ids.flatMap((id) => {
    const r = one.get(id) as Raw | undefined;
    return r ? [toPicture(r)] : [];
  });
}

/** The picture as the UI gets it: its bytes as a data: URL (the page's CSP allows data: images). */
export function pictureView(p: PictureRow): Picture {
  return {
    id: p.id,
    cid: p.cid,
    name: p.name,
    contentType: p.contentType,
    size: p.size,
    dataUrl: `data:${p.contentType};base64,${p.data.toString('base64')}`,
  };
}
