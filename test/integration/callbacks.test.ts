// The local listener for delivery reports: loopback only, a per-install token in the path, and the port kept
// across restarts so reports for messages sent before a restart still arrive.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CallbackListener } from '../../electron/core/channels/callbacks';
import type { CallbackRequest } from '../../electron/core/channels/types';
import { openDatabase } from '../../electron/core/db/open';
import { tempDir } from '../helpers/temp';

const listeners: CallbackListener[] = [];
afterEach(() => {
  for (const l of listeners.splice(0)) l.close();
});

function listener(dbPath: string, seen: [number, string, CallbackRequest][]) {
  const l = new CallbackListener(openDatabase(dbPath), (accountId, messageId, req) => {
    seen.push([accountId, messageId, req]);
    return messageId !== 'nobody';
  });
  listeners.push(l);
  return l;
}

describe('callback listener', () => {
  it('hands a report to the account and message it names, and refuses any other path', async () => {
    const seen: [number, string, CallbackRequest][] = [];
    const l = listener(path.join(tempDir(), 'v.db'), seen);
    const base = await l.start();
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cb\/[\w-]{20,}$/);
    const url = l.urlFor(3, 'm-1')!;
    const ok = await fetch(`${url}?type=1&reply=ACK%2F`);
    expect(ok.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]![0]).toBe(3);
    expect(seen[0]![1]).toBe('m-1');
    expect(seen[0]![2].query.get('reply')).toBe('ACK/');

    const port = new URL(base).port;
    expect((await fetch(`http://127.0.0.1:${port}/cb/wrong-token/3/m-1?type=1`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    expect((await fetch(l.urlFor(3, 'nobody')!)).status).toBe(404);
    expect(seen).toHaveLength(2);
  });

  it('keeps its port and token across restarts', async () => {
    const dbPath = path.join(tempDir(), 'v.db');
    const first = listener(dbPath, []);
    const base = await first.start();
    first.close();
    const second = listener(dbPath, []);
    expect(await second.start()).toBe(base);
  });
});
