// Helpers for `npm start` (scripts/start.mjs): find the Electron binary, build better-sqlite3 for Electron's ABI
// into .electron-native/<electron version>/ without touching node_modules/better-sqlite3 (which stays built for
// Node: tests, CLI, web shell), and decide between the desktop app and the browser fallback.
// Pure decisions are exported separately from the few functions that spawn processes, and tested in
// test/unit/electron/electron-native.test.ts. Types: ./electron-native.d.mts.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export const NATIVE_DIR = '.electron-native';
export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';
export const SQLITE_BINDING_ENV = 'VESTNIK_SQLITE_BINDING';

// ---------------------------------------------------------------------------------------------------------
// Pure helpers
// ---------------------------------------------------------------------------------------------------------

/** Where the electron package's install.js puts the executable inside node_modules/electron/dist. */
export function electronPlatformPath(platform) {
  switch (platform) {
    case 'darwin':
    case 'mas':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    case 'linux':
    case 'freebsd':
    case 'openbsd':
      return 'electron';
    default:
      return null;
  }
}

/**
 * Is the Electron binary installed for this version? Mirrors the checks of node_modules/electron/install.js
 * (path.txt, dist/version, the executable itself). `io` is { readText(file): string | null, exists(file): boolean }.
 */
export function electronBinaryStatus({ electronDir, version, platform, io }) {
  const expected = electronPlatformPath(platform);
  if (expected === null) return { ok: false, reason: `Electron has no build for platform ${platform}` };
  const pathTxt = io.readText(path.join(electronDir, 'path.txt'));
  if (pathTxt === null)
    return { ok: false, reason: 'node_modules/electron/path.txt is missing (binary never downloaded)' };
  const installed = (io.readText(path.join(electronDir, 'dist', 'version')) ?? '').trim().replace(/^v/, '');
  if (installed !== version) {
    return {
      ok: false,
      reason: `node_modules/electron/dist holds version "${installed || 'none'}", expected ${version}`,
    };
  }
  const binary = path.join(electronDir, 'dist', pathTxt.trim());
  if (!io.exists(binary)) return { ok: false, reason: `${binary} does not exist` };
  return { ok: true, binary };
}

/** Layout of one Electron-ABI build of better-sqlite3. */
export function nativeBuildPaths(root, electronVersion) {
  const dir = path.join(root, NATIVE_DIR, electronVersion);
  const packageDir = path.join(dir, 'better-sqlite3');
  return {
    dir,
    packageDir,
    binding: path.join(packageDir, 'build', 'Release', 'better_sqlite3.node'),
    marker: path.join(dir, 'build.json'),
  };
}

/** What a finished build records; a mismatch in any field (e.g. better-sqlite3 upgraded) means rebuild. */
export function buildMarker({ electronVersion, betterSqlite3Version, platform, arch }) {
  return { electron: electronVersion, betterSqlite3: betterSqlite3Version, platform, arch };
}

export function isBuildCurrent(markerText, expected, bindingExists) {
  if (!bindingExists || markerText === null) return false;
  try {
    const found = JSON.parse(markerText);
    return Object.entries(expected).every(([key, value]) => found?.[key] === value);
  } catch {
    return false;
  }
}

/** Files of the better-sqlite3 package needed to build it: sources and gyp files, never a previous build. */
export function shouldCopyPackageFile(relativePath) {
  const first = relativePath.split(/[\\/]/)[0];
  return first !== 'build' && first !== 'node_modules' && first !== 'prebuilds';
}

// node-gyp and prebuild-install read npm_config_* from the environment, and node-gyp lets it override the command
// line. Under `npm start` that can include nodedir (pointing at Node's headers: the build would silently target
// Node's ABI), target, runtime, disturl... Only network and toolchain settings are passed through.
const KEEP_NPM_CONFIG = new Set([
  'proxy',
  'https_proxy',
  'http_proxy',
  'noproxy',
  'no_proxy',
  'cafile',
  'python',
  'msvs_version',
  'jobs',
  'loglevel',
]);

export function toolEnv(env) {
  const out = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const lower = key.toLowerCase();
    if (lower.startsWith('npm_config_') && !KEEP_NPM_CONFIG.has(lower.slice('npm_config_'.length).replaceAll('-', '_')))
      continue;
    if (lower.startsWith('npm_package_config_node_gyp_')) continue;
    if (lower === 'electron_run_as_node') continue;
    out[key] = value;
  }
  return out;
}

/** Environment of the Electron process started by `npm start`. */
export function electronLaunchEnv(env, binding) {
  // toolEnv also drops ELECTRON_RUN_AS_NODE, which would make the binary a plain Node and ignore our app.
  const out = toolEnv(env);
  out[SQLITE_BINDING_ENV] = binding;
  return out;
}

export function nodeGypArgs({ runtime, target, arch, distUrl, devDir, nodedir }) {
  const args = ['rebuild', '--release', `--runtime=${runtime}`, `--target=${target}`, `--arch=${arch}`];
  if (nodedir) args.push(`--nodedir=${nodedir}`);
  else if (distUrl) args.push(`--dist-url=${distUrl}`);
  if (devDir) args.push(`--devdir=${devDir}`);
  return args;
}

export function prebuildInstallArgs({ runtime, target, arch, platform }) {
  return [`--runtime=${runtime}`, `--target=${target}`, `--arch=${arch}`, `--platform=${platform}`, '--verbose'];
}

/** The Electron helper that Chromium's Linux sandbox needs when user namespaces are unavailable. */
export function chromeSandboxNeedsSetup(stat) {
  return stat !== null && (stat.uid !== 0 || (stat.mode & 0o4000) === 0);
}

export function chromeSandboxHint(helper) {
  return [
    'If Electron stopped with "The SUID sandbox helper binary was found, but is not configured correctly",',
    'your system disallows unprivileged user namespaces. Either allow them, or give the helper its permissions:',
    `  sudo chown root:root ${helper} && sudo chmod 4755 ${helper}`,
    'Never run Vestnik with --no-sandbox. `npm start -- --web` opens the app in your browser instead.',
  ].join('\n');
}

export const OFFLINE_MESSAGE =
  'The Electron binary is not available (no internet access to download it?). ' +
  'Starting Vestnik in browser mode instead: open the URL printed below.';

/**
 * The `npm start` flow. Every effect is injected (build, electronStatus, installElectron, ensureSqlite,
 * launchElectron, serve, log); each may be sync or async. Resolves to the process exit code.
 */
export async function runStart(deps) {
  const { args, build, electronStatus, installElectron, ensureSqlite, launchElectron, serve, log } = deps;
  if ((await build()) !== 0) {
    log('Build failed; not starting.');
    return 1;
  }
  if (args.includes('--web')) {
    log('Browser mode (--web).');
    return serve();
  }
  let status = await electronStatus();
  if (!status.ok) {
    log(`Electron binary missing: ${status.reason}. Trying to download it...`);
    await installElectron();
    status = await electronStatus();
  }
  if (!status.ok) {
    log(OFFLINE_MESSAGE);
    return serve();
  }
  const sqlite = await ensureSqlite();
  if (!sqlite.ok) {
    log(`Could not build better-sqlite3 for Electron: ${sqlite.reason}`);
    log('Starting Vestnik in browser mode instead: open the URL printed below.');
    return serve();
  }
  return launchElectron(status.binary, sqlite.binding);
}

// ---------------------------------------------------------------------------------------------------------
// Effects
// ---------------------------------------------------------------------------------------------------------

export const realIo = {
  readText(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return null;
    }
  },
  exists(file) {
    return fs.existsSync(file);
  },
};

function run(command, args, options) {
  const res = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (res.error) return { ok: false, reason: res.error.message };
  return res.status === 0
    ? { ok: true }
    : { ok: false, reason: `${path.basename(args[0] ?? command)} exited with ${res.status ?? res.signal}` };
}

/**
 * Builds better-sqlite3 for `runtime`/`target` into .electron-native/<target>/ (skipped when already built for
 * the same versions, platform and arch). Tries the prebuilt binary that better-sqlite3 publishes for Electron
 * first (the same prebuild-install its own `npm install` uses), then compiles with node-gyp. Builds in a
 * temporary folder and renames it into place, so an interrupted build never looks finished.
 */
export function buildSqliteForElectron({
  root,
  target,
  runtime = 'electron',
  arch = process.arch,
  platform = process.platform,
  fromSource = false,
  nodedir,
  log = console.log,
}) {
  const require = createRequire(path.join(root, 'package.json'));
  let sourceDir;
  let nodeGyp;
  try {
    sourceDir = path.dirname(require.resolve('better-sqlite3/package.json'));
    nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
  } catch (err) {
    return { ok: false, reason: `missing build dependency (${err.message.split('\n')[0]})` };
  }
  const version = JSON.parse(fs.readFileSync(path.join(sourceDir, 'package.json'), 'utf8')).version;
  const paths = nativeBuildPaths(root, target);
  const expected = buildMarker({ electronVersion: target, betterSqlite3Version: version, platform, arch });
  if (isBuildCurrent(realIo.readText(paths.marker), expected, fs.existsSync(paths.binding))) {
    return { ok: true, binding: paths.binding, method: 'cached' };
  }

  const tmp = `${paths.dir}.tmp-${process.pid}`;
  const tmpPackage = path.join(tmp, 'better-sqlite3');
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  fs.cpSync(sourceDir, tmpPackage, {
    recursive: true,
    filter: (src) => shouldCopyPackageFile(path.relative(sourceDir, src)),
  });

  const env = toolEnv(process.env);
  let method = null;
  if (!fromSource && runtime === 'electron') {
    log(`Fetching a prebuilt better-sqlite3 ${version} for Electron ${target} (${platform}-${arch})...`);
    let prebuild = null;
    try {
      prebuild = require.resolve('prebuild-install/bin.js', { paths: [sourceDir] });
    } catch {
      log('prebuild-install is not installed; compiling instead.');
    }
    const res = prebuild
      ? run(process.execPath, [prebuild, ...prebuildInstallArgs({ runtime, target, arch, platform })], {
          cwd: tmpPackage,
          env,
        })
      : { ok: false };
    if (res.ok && fs.existsSync(path.join(tmpPackage, 'build', 'Release', 'better_sqlite3.node'))) method = 'prebuilt';
  }
  if (method === null) {
    log(
      `Compiling better-sqlite3 ${version} for ${runtime} ${target} with node-gyp (a C++ toolchain and Python are needed; takes a few minutes)...`,
    );
    const devDir = runtime === 'electron' ? path.join(os.homedir(), '.electron-gyp') : undefined;
    const args = nodeGypArgs({
      runtime,
      target,
      arch,
      distUrl: runtime === 'electron' ? ELECTRON_HEADERS_URL : undefined,
      devDir,
      nodedir,
    });
    const res = run(process.execPath, [nodeGyp, ...args], { cwd: tmpPackage, env });
    if (!res.ok) {
      fs.rmSync(tmp, { recursive: true, force: true });
      return { ok: false, reason: res.reason };
    }
    method = 'node-gyp';
  }

  fs.writeFileSync(path.join(tmp, 'build.json'), `${JSON.stringify({ ...expected, method }, null, 2)}\n`);
  fs.rmSync(paths.dir, { recursive: true, force: true });
  try {
    fs.renameSync(tmp, paths.dir);
  } catch (err) {
    // Another `npm start` finished the same build first: use it.
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!isBuildCurrent(realIo.readText(paths.marker), expected, fs.existsSync(paths.binding))) {
      return { ok: false, reason: `could not move the build into place: ${err.message}` };
    }
  }
  return { ok: true, binding: paths.binding, method };
}

/** Spawns a long-running child with the terminal, forwards Ctrl+C/termination, resolves to its exit code. */
export function runForeground(command, args, options) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    const forward = (signal) => () => {
      if (child.exitCode === null) child.kill(signal);
    };
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const done = (code) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code);
    };
    child.on('error', (err) => {
      console.error(`Could not start ${command}: ${err.message}`);
      done(1);
    });
    // Stopped by Ctrl+C or a termination request: that is a normal end, not a failure for npm to report.
    child.on('exit', (code, signal) => done(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1)));
  });
}
