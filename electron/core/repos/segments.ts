import { segmentFilterSchema, type Segment, type SegmentFilter } from '../../../shared/domain/contact';
import { VestnikError } from '../../../shared/ipc/result';
import type { Db } from '../db/open';
import { nameKey } from './groups';

interface SegmentRow {
  id: number;
  name: string;
  filter: string;
  built_in: number;
}

function rowToSegment(r: SegmentRow): Segment {
  // The filter was validated when saved; parse again so a hand-edited database cannot inject keys.
  const filter = segmentFilterSchema.safeParse(JSON.parse(r.filter));
  return { id: r.id, name: r.name, builtIn: r.built_in === 1, filter: filter.success ? filter.data : {} };
}

export function listSegments(db: Db): Segment[] {
  return (db.prepare('SELECT * FROM segments ORDER BY built_in DESC, name_key').all() as SegmentRow[]).map(
    rowToSegment,
  );
}

export function getSegmentById(db: Db, id: number): Segment | null {
  const row = db.prepare('SELECT * FROM segments WHERE id = ?').get(id) as SegmentRow | undefined;
  return row ? rowToSegment(row) : null;
}

export function requireSegment(db: Db, id: number): Segment {
  const s = getSegmentById(db, id);
  if (!s) throw new VestnikError('not_found', `Segment ${id} not found`);
  return s;
}

export function saveSegment(db: Db, input: { id?: number; name: string; filter: SegmentFilter }, now: string): Segment {
  try {
    if (input.id !== undefined) {
      const existing = requireSegment(db, input.id);
      if (existing.builtIn) throw new VestnikError('forbidden', 'Built-in segments cannot be changed');
      db.prepare('UPDATE segments SET name = ?, name_key = ?, filter = ? WHERE id = ?').run(
        input.name.trim(),
        nameKey(input.name),
        JSON.stringify(input.filter),
        input.id,
      );
      return requireSegment(db, input.id);
    }
    const id = Number(
      db
        .prepare('INSERT INTO segments (name, name_key, filter, built_in, created_at) VALUES (?, ?, ?, 0, ?)')
        .run(input.name.trim(), nameKey(input.name), JSON.stringify(input.filter), now).lastInsertRowid,
    );
    return requireSegment(db, id);
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw new VestnikError('duplicate', `A segment named "${input.name}" already exists`, 'name');
    }
    throw err;
  }
}

export function removeSegment(db: Db, id: number): boolean {
  const s = requireSegment(db, id);
  if (s.builtIn) throw new VestnikError('forbidden', 'Built-in segments cannot be removed');
  return db.prepare('DELETE FROM segments WHERE id = ?').run(id).changes > 0;
}
