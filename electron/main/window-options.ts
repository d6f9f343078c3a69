import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * Options of the one application window. A type-only import: this module loads under plain Node for tests.
 *
 * Security contract: the renderer is an ordinary sandboxed web page. No Node.js in the page, its workers or its
 * frames; the preload runs in an isolated world and is the only bridge; web security stays on; no <webview>;
 * no insecure content; no experimental or Blink features switched on.
 */
export interface WindowOptionsInput {
  /** Absolute path to dist/preload/index.cjs. */
  preloadPath: string;
  /** DevTools only in development (unpackaged) builds. */
  devTools: boolean;
  /** Window icon (Linux shows it in the task bar during development; packaged builds get it from the installer). */
  icon?: string;
}

export const WINDOW_BACKGROUND = '#f5f6f8';
export const WINDOW_MIN_SIZE = { width: 960, height: 600 } as const;

export function windowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: WINDOW_MIN_SIZE.width,
    minHeight: WINDOW_MIN_SIZE.height,
    title: 'Vestnik',
    // Shown on 'ready-to-show' so the user never sees a white flash or a half-painted page.
    show: false,
    backgroundColor: WINDOW_BACKGROUND,
    autoHideMenuBar: true,
    ...(input.icon ? { icon: input.icon } : {}),
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      enableWebSQL: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A looping alert() from a compromised page must not lock the user out of the window.
      safeDialogs: true,
      devTools: input.devTools,
    },
  };
}
