import type { Group } from '../../../shared/domain/contact';
import { VestnikError } from '../../../shared/ipc/result';
import type { Db } from '../db/open';

const GROUP_SELECT = `SELECT g.id, g.name, (SELECT count(*) FROM contact_groups cg WHERE cg.group_id = g.id) AS size FROM groups g`;

/** The Unicode-aware case-folded name that uniqueness is checked on ("VIP" = "vip", "Опт" = "опт"). */
export const nameKey = (name: string): string => name.trim().toLocaleLowerCase('ru-RU');

export function listGroups(db: Db): Group[] {
  return db.prepare(`${GROUP_SELECT} ORDER BY g.name_key`).all() as Group[];
}

export function getGroupById(db: Db, id: number): Group | null {
  return (db.prepare(`${GROUP_SELECT} WHERE g.id = ?`).get(id) as Group | undefined) ?? null;
}

export function getGroupByName(db: Db, name: string): Group | null {
  return (db.prepare(`${GROUP_SELECT} WHERE g.name_key = ?`).get(nameKey(name)) as Group | undefined) ?? null;
}

function rethrowName(err: unknown, name: string): never {
  if (err instanceof Error && 'code' in err && err.code === 'SQLITE_CONSTRAINT_UNIQUE') {
    throw new VestnikError('duplicate', `A group named "${name}" already exists`, 'name');
  }
  throw err;
}

export function createGroup(db: Db, name: string, now: string): Group {
  try {
    const id = Number(
      db
        .prepare('INSERT INTO groups (name, name_key, created_at) VALUES (?, ?, ?)')
        .run(name.trim(), nameKey(name), now).lastInsertRowid,
    );
    return { id, name: name.trim(), size: 0 };
  } catch (err) {
    rethrowName(err, name);
  }
}

/** Finds a group by name or creates it (CLI `--group NAME`, imports into a new group). */
export function ensureGroup(db: Db, name: string, now: string): Group {
  return getGroupByName(db, name) ?? createGroup(db, name, now);
}

export function renameGroup(db: Db, id: number, name: string): Group {
  try {
    const changed = db
      .prepare('UPDATE groups SET name = ?, name_key = ? WHERE id = ?')
      .run(name.trim(), nameKey(name), id).changes;
    if (changed === 0) throw new VestnikError('not_found', `Group ${id} not found`);
  } catch (err) {
    if (err instanceof VestnikError) throw err;
    rethrowName(err, name);
  }
  return getGroupById(db, id) as Group;
}

export function removeGroup(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM groups WHERE id = ?').run(id).changes > 0;
}

export function requireGroup(db: Db, id: number): Group {
  const g = getGroupById(db, id);
  if (!g) throw new VestnikError('not_found', `Group ${id} not found`);
  return g;
}

export function addToGroup(db: Db, groupId: number, contactIds: readonly number[]): number {
  requireGroup(db, groupId);
  return db
    .prepare(
      `INSERT OR IGNORE INTO contact_groups (group_id, contact_id)
       SELECT ?, c.id FROM contacts c WHERE c.id IN (SELECT value FROM json_each(?))`,
    )
    .run(groupId, JSON.stringify(contactIds)).changes;
}

export function removeFromGroup(db: Db, groupId: number, contactIds: readonly number[]): number {
  return db
    .prepare('DELETE FROM contact_groups WHERE group_id = ? AND contact_id IN (SELECT value FROM json_each(?))')
    .run(groupId, JSON.stringify(contactIds)).changes;
}

/** Replaces a contact's memberships (the contact form's group picker). */
export function setContactGroups(db: Db, contactId: number, groupIds: readonly number[]): void {
  for (const g of groupIds) requireGroup(db, g);
  db.prepare('DELETE FROM contact_groups WHERE contact_id = ?').run(contactId);
  const insert = db.prepare('INSERT OR IGNORE INTO contact_groups (group_id, contact_id) VALUES (?, ?)');
  for (const g of groupIds) insert.run(g, contactId);
}
