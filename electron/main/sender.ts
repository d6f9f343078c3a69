import { isAppUrl } from './app-url';

/**
 * Who may call the core over IPC.
 *
 * Security contract: a call is accepted only when ALL of these hold at the moment of the call:
 * - it comes from the webContents of our one window (not another window, devtools or a stray webContents);
 * - the sending frame still exists (`senderFrame` is null once the frame navigated away or was destroyed);
 * - that frame is the window's main frame: no subframe, no fenced frame, no frame of another frame tree;
 * - the frame's current URL is app://vestnik/... (a page that somehow got navigated elsewhere loses the bridge).
 * Any failure answers `forbidden` through the dispatcher; the handler never runs.
 *
 * The shapes below are the minimal structural subset of Electron's `WebFrameMain`, `WebContents` and
 * `IpcMainInvokeEvent`, so the check is unit-tested under plain Node with fakes.
 */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
  readonly processId: number;
  readonly routingId: number;
}

export interface WebContentsLike {
  readonly id: number;
  readonly mainFrame: FrameLike;
  isDestroyed(): boolean;
}

export interface InvokeEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: FrameLike | null;
}

function isSameFrame(a: FrameLike, b: FrameLike): boolean {
  // Electron hands out one wrapper per live frame, so identity is the normal case; the id pair is the stable
  // identity of a RenderFrameHost should a wrapper ever be recreated.
  return a === b || (a.processId === b.processId && a.routingId === b.routingId);
}

export function isTrustedSender(event: InvokeEventLike, ours: WebContentsLike | null | undefined): boolean {
  if (!ours || ours.isDestroyed()) return false;
  if (event.sender.id !== ours.id) return false;
  const frame = event.senderFrame;
  if (frame === null) return false;
  if (frame.parent !== null) return false;
  if (!isSameFrame(frame, ours.mainFrame)) return false;
  return isAppUrl(frame.url);
}
