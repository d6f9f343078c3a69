import type { Migration } from './types';

/**
 * Pictures of e-mail campaigns, sent inline with every letter (the HTML shows them as `cid:…`). A picture is
 * added while the campaign is composed, before the campaign exists (`campaign_id` NULL), and joins it when
 * the campaign is created; one never claimed is removed a day later. The type is the one its bytes have
 * (PNG, JPEG, GIF, WebP), the size capped — both checked in JavaScript too, before a row is written.
 */
export const campaignPictures: Migration = {
  version: 50,
  name: 'campaign-pictures',
  up: (db) => {
    db.exec(`
      CREATE TABLE campaign_pictures (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER REFERENCES campaigns(id) ON DELETE CASCADE,
        cid TEXT NOT NULL,
        name TEXT NOT NULL,
        content_type TEXT NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
        size INTEGER NOT NULL CHECK (size > 0 AND size <= 5242880 AND size = length(data)),
        data BLOB NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (campaign_id, cid)
      );
      CREATE INDEX campaign_pictures_pending ON campaign_pictures(created_at) WHERE campaign_id IS NULL;
    `);
  },
};
