import { describe, expect, it } from 'vitest';
import { isTrustedSender, type FrameLike, type WebContentsLike } from '../../../electron/main/sender';

function frame(url: string, parent: FrameLike | null = null, processId = 4, routingId = 1): FrameLike {
  return { url, parent, processId, routingId };
}

function contents(id: number, mainFrame: FrameLike, destroyed = false): WebContentsLike {
  return { id, mainFrame, isDestroyed: () => destroyed };
}

describe('IPC sender check', () => {
  const main = frame('app://vestnik/index.html');
  const ours = contents(7, main);

  it('accepts the main frame of our window at app://vestnik', () => {
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: main }, ours)).toBe(true);
  });

  it('accepts a fresh wrapper of the same frame (same process and routing id)', () => {
    const sameFrame = frame('app://vestnik/contacts', null, 4, 1);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: sameFrame }, ours)).toBe(true);
  });

  it('rejects a subframe, even one at our origin', () => {
    const sub = frame('app://vestnik/frame.html', main, 4, 2);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: sub }, ours)).toBe(false);
  });

  it('rejects a second top-level frame in our webContents (e.g. a fenced frame)', () => {
    const other = frame('app://vestnik/index.html', null, 4, 9);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: other }, ours)).toBe(false);
  });

  it('rejects another webContents', () => {
    expect(isTrustedSender({ sender: { id: 8 }, senderFrame: main }, ours)).toBe(false);
  });

  it.each([
    'file:///home/u/dist/renderer/index.html',
    'https://example.org/',
    'app://evil/index.html',
    'about:blank',
    'data:text/html,x',
    '',
  ])('rejects the main frame once it is at %s', (url) => {
    const moved = frame(url);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: moved }, contents(7, moved))).toBe(false);
  });

  it('rejects a destroyed frame, a missing or destroyed window', () => {
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: null }, ours)).toBe(false);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: main }, null)).toBe(false);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: main }, undefined)).toBe(false);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: main }, contents(7, main, true))).toBe(false);
  });
});
