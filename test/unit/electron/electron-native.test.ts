import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  buildMarker,
  chromeSandboxNeedsSetup,
  electronBinaryStatus,
  electronLaunchEnv,
  electronPlatformPath,
  isBuildCurrent,
  nativeBuildPaths,
  nodeGypArgs,
  OFFLINE_MESSAGE,
  prebuildInstallArgs,
  runStart,
  shouldCopyPackageFile,
  toolEnv,
  type BinaryStatus,
  type SqliteBuild,
  type StartDeps,
} from '../../../scripts/electron-native.mjs';

const electronDir = path.resolve('/proj/node_modules/electron');

function fakeIo(files: Record<string, string>) {
  const abs = Object.fromEntries(Object.entries(files).map(([k, v]) => [path.join(electronDir, k), v]));
  return { readText: (f: string) => abs[f] ?? null, exists: (f: string) => f in abs };
}

describe('Electron binary detection', () => {
  it('knows where install.js puts the executable', () => {
    expect(electronPlatformPath('linux')).toBe('electron');
    expect(electronPlatformPath('win32')).toBe('electron.exe');
    expect(electronPlatformPath('darwin')).toBe('Electron.app/Contents/MacOS/Electron');
    expect(electronPlatformPath('aix')).toBeNull();
  });

  it('is missing without path.txt (the state after npm install here: postinstall denied)', () => {
    const status = electronBinaryStatus({ electronDir, version: '40.10.2', platform: 'linux', io: fakeIo({}) });
    expect(status.ok).toBe(false);
    expect(status.ok ? '' : status.reason).toMatch(/path\.txt/);
  });

  it('is missing when dist holds another version or the executable is gone', () => {
    const old = fakeIo({ 'path.txt': 'electron', 'dist/version': 'v39.0.0', 'dist/electron': '' });
    expect(electronBinaryStatus({ electronDir, version: '40.10.2', platform: 'linux', io: old }).ok).toBe(false);
    const gone = fakeIo({ 'path.txt': 'electron', 'dist/version': '40.10.2' });
    expect(electronBinaryStatus({ electronDir, version: '40.10.2', platform: 'linux', io: gone }).ok).toBe(false);
  });

  it('is found when installed for this version', () => {
    const io = fakeIo({ 'path.txt': 'electron', 'dist/version': 'v40.10.2\n', 'dist/electron': '' });
    expect(electronBinaryStatus({ electronDir, version: '40.10.2', platform: 'linux', io })).toEqual({
      ok: true,
      binary: path.join(electronDir, 'dist', 'electron'),
    });
  });
});

describe('Electron build of better-sqlite3', () => {
  const root = path.resolve('/proj');

  it('lives in .electron-native/<electron version>/, outside node_modules', () => {
    const p = nativeBuildPaths(root, '40.10.2');
    expect(p.dir).toBe(path.join(root, '.electron-native', '40.10.2'));
    expect(p.binding).toBe(path.join(p.dir, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'));
    expect(p.binding.includes(`${path.sep}node_modules${path.sep}`)).toBe(false);
  });

  it('is reused only when the marker matches every field and the binary exists', () => {
    const expected = buildMarker({
      electronVersion: '40.10.2',
      betterSqlite3Version: '12.11.1',
      platform: 'linux',
      arch: 'x64',
    });
    const marker = JSON.stringify({ ...expected, method: 'node-gyp' });
    expect(isBuildCurrent(marker, expected, true)).toBe(true);
    expect(isBuildCurrent(marker, expected, false)).toBe(false);
    expect(isBuildCurrent(null, expected, true)).toBe(false);
    expect(isBuildCurrent('{not json', expected, true)).toBe(false);
    expect(isBuildCurrent(JSON.stringify({ ...expected, betterSqlite3: '12.10.0' }), expected, true)).toBe(false);
    expect(isBuildCurrent(JSON.stringify({ ...expected, arch: 'arm64' }), expected, true)).toBe(false);
  });

  it('copies sources, never a previous (Node-ABI) build', () => {
    expect(shouldCopyPackageFile('')).toBe(true);
    expect(shouldCopyPackageFile('binding.gyp')).toBe(true);
    expect(shouldCopyPackageFile('package.json')).toBe(true);
    expect(shouldCopyPackageFile(path.join('src', 'better_sqlite3.cpp'))).toBe(true);
    expect(shouldCopyPackageFile(path.join('deps', 'sqlite3', 'sqlite3.c'))).toBe(true);
    expect(shouldCopyPackageFile('build')).toBe(false);
    expect(shouldCopyPackageFile(path.join('build', 'Release', 'better_sqlite3.node'))).toBe(false);
    expect(shouldCopyPackageFile('node_modules')).toBe(false);
  });

  it('node-gyp targets Electron headers; nodedir would override them, so it is only used when asked', () => {
    expect(
      nodeGypArgs({
        runtime: 'electron',
        target: '40.10.2',
        arch: 'x64',
        distUrl: 'https://electronjs.org/headers',
        devDir: '/h/.electron-gyp',
      }),
    ).toEqual([
      'rebuild',
      '--release',
      '--runtime=electron',
      '--target=40.10.2',
      '--arch=x64',
      '--dist-url=https://electronjs.org/headers',
      '--devdir=/h/.electron-gyp',
    ]);
    expect(prebuildInstallArgs({ runtime: 'electron', target: '40.10.2', arch: 'arm64', platform: 'darwin' })).toEqual([
      '--runtime=electron',
      '--target=40.10.2',
      '--arch=arm64',
      '--platform=darwin',
      '--verbose',
    ]);
  });

  it('strips npm config that would retarget the build (nodedir, target, runtime, disturl), keeps proxies', () => {
    const env = toolEnv({
      PATH: '/usr/bin',
      HOME: '/home/u',
      npm_config_nodedir: '/usr',
      NPM_CONFIG_TARGET: '20.0.0',
      npm_config_runtime: 'node',
      npm_config_disturl: 'https://nodejs.org/dist',
      npm_config_dist_url: 'https://nodejs.org/dist',
      npm_package_config_node_gyp_nodedir: '/usr',
      npm_config_https_proxy: 'http://proxy:3128',
      npm_config_cafile: '/etc/ca.pem',
      ELECTRON_RUN_AS_NODE: '1',
      UNSET: undefined,
    });
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/u',
      npm_config_https_proxy: 'http://proxy:3128',
      npm_config_cafile: '/etc/ca.pem',
    });
  });

  it('launches Electron with the binding and never as plain Node', () => {
    const env = electronLaunchEnv({ PATH: '/bin', ELECTRON_RUN_AS_NODE: '1', npm_config_nodedir: '/usr' }, '/b.node');
    expect(env).toEqual({ PATH: '/bin', VESTNIK_SQLITE_BINDING: '/b.node' });
  });

  it('suggests chrome-sandbox setup only when the helper is not root-owned setuid', () => {
    expect(chromeSandboxNeedsSetup(null)).toBe(false);
    expect(chromeSandboxNeedsSetup({ uid: 1000, mode: 0o100755 })).toBe(true);
    expect(chromeSandboxNeedsSetup({ uid: 0, mode: 0o100755 })).toBe(true);
    expect(chromeSandboxNeedsSetup({ uid: 0, mode: 0o104755 })).toBe(false);
  });
});

describe('npm start flow', () => {
  const present: BinaryStatus = { ok: true, binary: '/e/electron' };
  const missing: BinaryStatus = { ok: false, reason: 'path.txt is missing' };
  const built: SqliteBuild = { ok: true, binding: '/p/.electron-native/40.10.2/b.node', method: 'cached' };

  function deps(overrides: Partial<StartDeps>) {
    const calls: string[] = [];
    const log = vi.fn();
    const base: StartDeps = {
      args: [],
      log,
      build: () => (calls.push('build'), 0),
      electronStatus: () => (calls.push('status'), present),
      installElectron: () => void calls.push('install'),
      ensureSqlite: () => (calls.push('sqlite'), built),
      launchElectron: (binary, binding) => (calls.push(`electron ${binary} ${binding}`), 0),
      serve: () => (calls.push('serve'), 0),
    };
    return { d: { ...base, ...overrides }, calls, log };
  }

  it('with the binary: build, SQLite for Electron, launch', async () => {
    const { d, calls } = deps({});
    expect(await runStart(d)).toBe(0);
    expect(calls).toEqual(['build', 'status', 'sqlite', 'electron /e/electron /p/.electron-native/40.10.2/b.node']);
  });

  it('without the binary: downloads it once, then launches', async () => {
    const statuses = [missing, present];
    const { d, calls } = deps({ electronStatus: () => (calls.push('status'), statuses.shift() ?? missing) });
    expect(await runStart(d)).toBe(0);
    expect(calls).toEqual([
      'build',
      'status',
      'install',
      'status',
      'sqlite',
      'electron /e/electron /p/.electron-native/40.10.2/b.node',
    ]);
  });

  it('offline: says so plainly and starts browser mode', async () => {
    const { d, calls, log } = deps({ electronStatus: () => (calls.push('status'), missing) });
    expect(await runStart(d)).toBe(0);
    expect(calls).toEqual(['build', 'status', 'install', 'status', 'serve']);
    expect(log).toHaveBeenCalledWith(OFFLINE_MESSAGE);
  });

  it('SQLite cannot be built for Electron: browser mode, never Electron with a Node-ABI module', async () => {
    const { d, calls } = deps({ ensureSqlite: () => (calls.push('sqlite'), { ok: false, reason: 'no compiler' }) });
    expect(await runStart(d)).toBe(0);
    expect(calls).toEqual(['build', 'status', 'sqlite', 'serve']);
  });

  it('--web goes straight to browser mode; a failed build starts nothing', async () => {
    const web = deps({ args: ['--web'] });
    await runStart(web.d);
    expect(web.calls).toEqual(['build', 'serve']);
    const broken = deps({ build: () => (broken.calls.push('build'), 2) });
    expect(await runStart(broken.d)).toBe(1);
    expect(broken.calls).toEqual(['build']);
  });

  it('passes the exit code of what it started', async () => {
    const { d } = deps({ launchElectron: () => 3 });
    expect(await runStart(d)).toBe(3);
  });
});
