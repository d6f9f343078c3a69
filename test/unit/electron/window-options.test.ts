import { describe, expect, it } from 'vitest';
import { WINDOW_BACKGROUND, windowOptions } from '../../../electron/main/window-options';

describe('window options', () => {
  const options = windowOptions({ preloadPath: '/app/dist/preload/index.cjs', devTools: false });
  const prefs = options.webPreferences ?? {};

  it('has every security flag set to the safe value', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      devTools: false,
    });
  });

  it('enables no extra Blink features, no additional arguments, no custom session or partition', () => {
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.additionalArguments).toBeUndefined();
    expect(prefs.session).toBeUndefined();
    expect(prefs.partition).toBeUndefined();
  });

  it('uses our preload, stays hidden until ready, and has a size floor and a background', () => {
    expect(prefs.preload).toBe('/app/dist/preload/index.cjs');
    expect(options.show).toBe(false);
    expect(options.backgroundColor).toBe(WINDOW_BACKGROUND);
    expect(options.minWidth).toBeGreaterThanOrEqual(800);
    expect(options.minHeight).toBeGreaterThanOrEqual(500);
  });

  it('devTools and the icon follow the input', () => {
    const dev = windowOptions({ preloadPath: '/p.cjs', devTools: true, icon: '/r/icon.png' });
    expect(dev.webPreferences?.devTools).toBe(true);
    expect(dev.icon).toBe('/r/icon.png');
    expect('icon' in options).toBe(false);
  });
});
