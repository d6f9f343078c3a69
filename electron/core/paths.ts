import os from 'node:os';
import path from 'node:path';

/**
 * The app's data directory, the same one Electron's `app.getPath('userData')` gives for productName
 * "Vestnik", so the desktop app, the CLI and the web shell share one base by default.
 * VESTNIK_DATA_DIR overrides it (tests, portable installs).
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.VESTNIK_DATA_DIR) return path.resolve(env.VESTNIK_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Vestnik');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Vestnik');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Vestnik');
}

export const DB_FILE = 'vestnik.db';

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(defaultDataDir(env), DB_FILE);
}
