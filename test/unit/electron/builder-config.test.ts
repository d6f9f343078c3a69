import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * electron-builder.yml, read and validated by electron-builder's own code (app-builder-lib's getConfig and
 * schema validator), so a misspelled key fails here instead of being ignored at packaging time; and the
 * security-relevant settings are pinned.
 */
const root = path.resolve(__dirname, '..', '..', '..');
const require = createRequire(path.join(root, 'package.json'));

type Config = Record<string, unknown> & {
  electronFuses?: Record<string, boolean>;
  files?: unknown[];
  asarUnpack?: unknown[];
  linux?: Record<string, unknown>;
  mac?: Record<string, unknown>;
  win?: Record<string, unknown>;
  directories?: Record<string, unknown>;
};

interface ConfigModule {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<Config>;
  validateConfiguration(config: Config, logger: unknown): Promise<void>;
}

function builderLib(): { config: ConfigModule; logger: unknown } {
  const config = require('app-builder-lib/out/util/config/config.js') as ConfigModule;
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  return { config, logger: new DebugLogger(false) };
}

async function load(): Promise<Config> {
  const { config, logger } = builderLib();
  const loaded = await config.getConfig(root, 'electron-builder.yml', null);
  await config.validateConfiguration(loaded, logger);
  return loaded;
}

let loaded: Config;
beforeAll(async () => {
  loaded = await load();
});

describe('electron-builder.yml', () => {
  it('passes electron-builder schema validation (a typo would not)', async () => {
    const config = loaded;
    const { config: lib, logger } = builderLib();
    const typo = { ...config, electronFuses: { ...config.electronFuses, runAsNod: false } };
    await expect(lib.validateConfiguration(typo, logger)).rejects.toThrow(/configuration/i);
  });

  it('flips the security fuses', () => {
    const { electronFuses } = loaded;
    expect(electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packages dist/ in an asar, unpacks native modules, rebuilds them for Electron', () => {
    const config = loaded;
    expect(config.appId).toBe('ru.vestnik.app');
    expect(config.productName).toBe('Vestnik');
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(true);
    // getConfig normalises the list into file sets: [{ filter: [...] }].
    const patterns = (config.files ?? []).flatMap((f) =>
      typeof f === 'string' ? [f] : ((f as { filter?: string[] }).filter ?? []),
    );
    expect(patterns).toEqual(expect.arrayContaining(['dist/**/*', 'package.json']));
    expect(patterns.some((p) => p.startsWith('src') || p.startsWith('electron/') || p.startsWith('test'))).toBe(false);
    expect(config.asarUnpack).toEqual(['**/*.node']);
    expect(config.directories).toMatchObject({ output: 'release', buildResources: 'resources' });
  });

  it('builds AppImage + deb, NSIS and a hardened-runtime dmg', () => {
    const config = loaded;
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'], category: 'Office' });
    expect(String(config.linux?.maintainer)).toMatch(/<[^>]+@[^>]+>/);
    expect(config.win).toMatchObject({ target: ['nsis'] });
    expect(config.mac).toMatchObject({ target: ['dmg'], hardenedRuntime: true });
  });

  it('the icon electron-builder converts for every platform exists', () => {
    const icon = fs.readFileSync(path.join(root, 'resources', 'icon.png'));
    expect(icon.subarray(1, 4).toString('latin1')).toBe('PNG');
    // IHDR width/height: electron-builder needs at least 512×512 (1024 for macOS Retina).
    expect(icon.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
    expect(icon.readUInt32BE(20)).toBe(icon.readUInt32BE(16));
  });
});
