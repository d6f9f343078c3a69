// A letter previewed with its own CSS: campaigns:letter-view keeps the personalised letter, with its cid:
// pictures put in from their bytes, and the web shell serves it at the returned path under the letter's own
// policy (sandboxed, no scripts, no network) — only to the session that asked, and only for a while.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebShell, type WebShell } from '../../electron/core/web/server';
import { LETTER_CSP, letterDocument, LetterViews, remotePictures } from '../../electron/core/files/letter-views';
import type { PictureRow } from '../../electron/core/repos/campaign-pictures';
import { pngPicture } from '../fixtures/pictures';
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

async function call<T>(channel: string, input: unknown): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${shell.port}/api/${channel}`, {
    method: 'POST',
    headers: { ...auth(), 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const json = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!json.ok) throw new Error(json.error?.message);
  return json.value!;
}

describe('letter view: the preview of a letter with its CSS', () => {
  it('serves the letter with its pictures under a sandboxed policy of its own, to this session only', async () => {
    const png = pngPicture(3, 2, [200, 0, 0]);
    const file = path.join(tempDir(), 'logo.png');
    fs.writeFileSync(file, png);
    const { handle } = shell.core.files.register(file);
    const picture = await call<{ id: number; cid: string }>('campaigns:picture-add', { handle, taken: [] });
    const html =
      `<style>p { color: red }</style><p style="font-weight: bold">Здравствуйте, Анна!</p>` +
      `<img src="cid:${picture.cid}"><img src='https://tracker.example.org/o.gif'>`;
    const view = await call<{ path: string; remote: number }>('campaigns:letter-view', {
      html,
      pictures: [picture.id],
    });
    expect(view.path).toMatch(/^\/letter\/[A-Za-z0-9_-]{24}$/);
    expect(view.remote).toBe(1);

    const res = await fetch(`http://127.0.0.1:${shell.port}${view.path}`, { headers: auth() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(LETTER_CSP);
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const body = await res.text();
    expect(body).toContain('<style>p { color: red }</style><p style="font-weight: bold">Здравствуйте, Анна!</p>');
    expect(body).toContain(`<img src="data:image/png;base64,${png.toString('base64')}">`);
    expect(body).toContain("<img src='https://tracker.example.org/o.gif'>");

    // Without the session: refused. An unknown token: not found.
    const host = { host: `127.0.0.1:${shell.port}` };
    expect((await rawRequest(shell.port, { path: view.path, headers: host })).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${shell.port}/letter/nope`, { headers: auth() })).status).toBe(404);
  });

  it('the policy leaves no way to run, load or send anything', () => {
    const d = new Map(
      LETTER_CSP.split(';')
        .map((p) => p.trim().split(/\s+/) as [string, ...string[]])
        .map(([k, ...v]) => [k, v]),
    );
    expect(d.get('default-src')).toEqual(["'none'"]);
    expect(d.get('sandbox')).toEqual([]);
    expect(d.get('img-src')).toEqual(['data:']);
    expect(d.get('style-src')).toEqual(["'unsafe-inline'"]);
    expect(d.has('script-src')).toBe(false);
    expect(d.get('frame-ancestors')).toEqual(["'self'"]);
    expect(d.get('form-action')).toEqual(["'none'"]);
  });

  it('letterDocument: a fragment becomes a document whose links open nowhere; unknown cid: pictures stay', () => {
    const pic: PictureRow = {
      id: 1,
      campaignId: null,
      cid: 'Logo',
      name: 'logo.png',
      contentType: 'image/png',
      size: 3,
      data: Buffer.from([1, 2, 3]),
    };
    expect(letterDocument('<img src=cid:logo><img src="cid:other">', [pic])).toBe(
      '<!doctype html><html><head><base target="_blank"></head><body>' +
        '<img src="data:image/png;base64,AQID"><img src="cid:other"></body></html>',
    );
    expect(letterDocument('<html><body>x</body></html>', [])).toBe('<base target="_blank"><html><body>x</body></html>');
    expect(remotePictures('<img src="//cdn.example/x.png"><IMG alt=x SRC = http://a/b><img src="data:,">')).toBe(2);
  });

  it('keeps the latest views for a while, then forgets them', () => {
    let now = 0;
    const views = new LetterViews(() => now, 2, 1000);
    const a = views.put('a');
    const b = views.put('b');
    expect([views.get(a), views.get(b)]).toEqual(['a', 'b']);
    const c = views.put('c');
    expect([views.get(a), views.get(b), views.get(c)]).toEqual([null, 'b', 'c']);
    now = 1001;
    expect(views.get(c)).toBeNull();
  });
});
