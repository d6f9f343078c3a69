import path from 'node:path';

/**
 * Where the shell finds its pieces. `mainDir` is the directory of the running bundle, dist/main (inside
 * app.asar when packaged); scripts/build.mjs writes the preload and renderer next to it.
 */
export interface ShellPaths {
  rendererRoot: string;
  preloadPath: string;
  /** Only exists in a source checkout; packaged builds get their icon from the installer. */
  devIcon: string;
}

export function shellPaths(mainDir: string): ShellPaths {
  const dist = path.resolve(mainDir, '..');
  return {
    rendererRoot: path.join(dist, 'renderer'),
    preloadPath: path.join(dist, 'preload', 'index.cjs'),
    devIcon: path.join(dist, '..', 'resources', 'icon.png'),
  };
}
