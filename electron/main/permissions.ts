/**
 * Web permissions for every session: all denied.
 *
 * Security contract: Vestnik's UI needs no camera, microphone, geolocation, notifications, clipboard-read,
 * MIDI, HID/USB/serial, screen capture, pointer lock, fullscreen or openExternal through the web platform.
 * A compromised page therefore gains nothing by asking; Electron's default would be to grant most of these.
 * Links to the browser go through the window-open handler (navigation.ts), not the `openExternal` permission.
 */

export function denyPermissionRequest(
  _webContents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false);
}

export function denyPermissionCheck(): boolean {
  return false;
}

export function denyDevicePermission(): boolean {
  return false;
}

/**
 * Every http(s) request made by the default session (i.e. by the page) is cancelled. The renderer has no reason
 * to reach the network: providers are called by the core in the main process through Node's own HTTP stack,
 * which does not go through this session. This backs up the CSP: even a policy bypass cannot exfiltrate data.
 * (Shell code that ever needs Electron's `net` module must use a separate session.)
 */
export const REMOTE_REQUEST_FILTER = { urls: ['*://*/*'] };

export function cancelRequest(_details: unknown, callback: (response: { cancel: boolean }) => void): void {
  callback({ cancel: true });
}
