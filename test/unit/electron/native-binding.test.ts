import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeStartupError, resolveNativeBinding, SQLITE_BINDING_ENV } from '../../../electron/main/native-binding';
import { shellPaths } from '../../../electron/main/paths';
import {
  cancelRequest,
  denyDevicePermission,
  denyPermissionCheck,
  denyPermissionRequest,
  REMOTE_REQUEST_FILTER,
} from '../../../electron/main/permissions';

const binding = path.resolve('/work/.electron-native/40.10.2/better-sqlite3/build/Release/better_sqlite3.node');

describe('native binding', () => {
  it('uses the Electron build named by the dev start script', () => {
    expect(SQLITE_BINDING_ENV).toBe('VESTNIK_SQLITE_BINDING');
    expect(resolveNativeBinding({ VESTNIK_SQLITE_BINDING: binding }, false)).toBe(binding);
  });

  it('defaults to the module in node_modules (rebuilt by electron-builder) when unset', () => {
    expect(resolveNativeBinding({}, false)).toBeUndefined();
    expect(resolveNativeBinding({ VESTNIK_SQLITE_BINDING: '' }, false)).toBeUndefined();
  });

  it('a packaged app ignores the variable: no native code chosen by the environment', () => {
    expect(resolveNativeBinding({ VESTNIK_SQLITE_BINDING: binding }, true)).toBeUndefined();
  });

  it('refuses relative paths and non-.node files loudly', () => {
    expect(() => resolveNativeBinding({ VESTNIK_SQLITE_BINDING: 'better_sqlite3.node' }, false)).toThrow(/absolute/);
    expect(() => resolveNativeBinding({ VESTNIK_SQLITE_BINDING: path.resolve('/tmp/evil.js') }, false)).toThrow();
  });

  it('explains an ABI mismatch with the fix', () => {
    const err = new Error(
      "The module 'better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 143.",
    );
    expect(describeStartupError(err)).toMatch(/npm start/);
    expect(describeStartupError(new Error('Database is newer than this app'))).toBe('Database is newer than this app');
    expect(describeStartupError('plain')).toBe('plain');
  });
});

describe('shell paths', () => {
  it('finds preload and renderer next to dist/main', () => {
    const p = shellPaths(path.resolve('/app/resources/app.asar/dist/main'));
    expect(p.preloadPath).toBe(path.resolve('/app/resources/app.asar/dist/preload/index.cjs'));
    expect(p.rendererRoot).toBe(path.resolve('/app/resources/app.asar/dist/renderer'));
    expect(p.devIcon).toBe(path.resolve('/app/resources/app.asar/resources/icon.png'));
  });
});

describe('permissions', () => {
  it('denies every request and check', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'unknown']) {
      let granted: boolean | undefined;
      denyPermissionRequest({}, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
    }
    expect(denyPermissionCheck()).toBe(false);
    expect(denyDevicePermission()).toBe(false);
  });

  it('cancels every http(s) request of the page; app:// is not matched by the filter', () => {
    expect(REMOTE_REQUEST_FILTER.urls).toEqual(['*://*/*']);
    let response: { cancel: boolean } | undefined;
    cancelRequest({ url: 'https://evil.example/' }, (r) => (response = r));
    expect(response).toEqual({ cancel: true });
  });
});
