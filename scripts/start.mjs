// `npm start`: build everything, then run the desktop app in Electron; when Electron cannot be had (offline
// machine, CI), run the same app in the browser through the web shell instead.
//
//   npm start            desktop app (downloads the Electron binary and builds SQLite for it on first run)
//   npm start -- --web   browser mode directly
//
// Environment: VESTNIK_SQLITE_FROM_SOURCE=1 skips the prebuilt better-sqlite3 download and compiles it.
// The decision flow lives in ./electron-native.mjs (runStart) and is unit-tested there.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildSqliteForElectron,
  chromeSandboxHint,
  chromeSandboxNeedsSetup,
  electronBinaryStatus,
  electronLaunchEnv,
  realIo,
  runForeground,
  runStart,
} from './electron-native.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const electronDir = path.join(root, 'node_modules', 'electron');
const log = (message) => console.log(`[vestnik] ${message}`);

function electronVersion() {
  try {
    return JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

const version = electronVersion();

const code = await runStart({
  args: process.argv.slice(2),
  log,
  build: () =>
    spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' }).status ?? 1,
  electronStatus: () =>
    version === null
      ? { ok: false, reason: 'the electron package is not installed (run npm install)' }
      : electronBinaryStatus({ electronDir, version, platform: process.platform, io: realIo }),
  installElectron: () => {
    if (version === null) return;
    // The electron package's own downloader (its postinstall is disabled in package.json "allowScripts").
    // Offline it fails within a second on DNS; its error is printed and we fall back. It gets the full
    // environment, as under npm install, so ELECTRON_MIRROR / npm_config_electron_mirror and proxies apply.
    spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { cwd: electronDir, stdio: 'inherit' });
  },
  ensureSqlite: () => {
    try {
      return buildSqliteForElectron({
        root,
        target: version ?? '',
        fromSource: process.env.VESTNIK_SQLITE_FROM_SOURCE === '1',
        log,
      });
    } catch (err) {
      return { ok: false, reason: err instanceof Error ? err.message : String(err) };
    }
  },
  launchElectron: async (binary, binding) => {
    log(`Starting Electron ${version} (SQLite: ${path.relative(root, binding)})`);
    const exitCode = await runForeground(binary, [root], { cwd: root, env: electronLaunchEnv(process.env, binding) });
    if (exitCode !== 0 && process.platform === 'linux') {
      const helper = path.join(electronDir, 'dist', 'chrome-sandbox');
      let stat = null;
      try {
        stat = fs.statSync(helper);
      } catch {
        // No helper: nothing to suggest.
      }
      if (chromeSandboxNeedsSetup(stat)) log(chromeSandboxHint(helper));
    }
    return exitCode;
  },
  serve: () => runForeground(process.execPath, [path.join(root, 'bin', 'vestnik.cjs'), 'serve'], { cwd: root }),
});

process.exitCode = code;
