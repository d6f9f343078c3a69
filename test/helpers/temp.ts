import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory per test, removed afterwards: every test gets its own real SQLite file. */
export function tempDir(prefix = 'vestnik-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function tempDbPath(): string {
  return path.join(tempDir(), 'vestnik.db');
}
