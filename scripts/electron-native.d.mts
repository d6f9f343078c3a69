// Types for ./electron-native.mjs (plain JS so `npm start` runs on bare Node 20), used by its unit tests.

export declare const NATIVE_DIR: string;
export declare const ELECTRON_HEADERS_URL: string;
export declare const SQLITE_BINDING_ENV: string;
export declare const OFFLINE_MESSAGE: string;

export type Env = Record<string, string | undefined>;

export interface Io {
  readText(file: string): string | null;
  exists(file: string): boolean;
}

export type BinaryStatus = { ok: true; binary: string } | { ok: false; reason: string };
export type SqliteBuild =
  { ok: true; binding: string; method: 'cached' | 'prebuilt' | 'node-gyp' } | { ok: false; reason: string };

export interface BuildMarker {
  electron: string;
  betterSqlite3: string;
  platform: string;
  arch: string;
}

export declare function electronPlatformPath(platform: string): string | null;
export declare function electronBinaryStatus(opts: {
  electronDir: string;
  version: string;
  platform: string;
  io: Io;
}): BinaryStatus;
export declare function nativeBuildPaths(
  root: string,
  electronVersion: string,
): { dir: string; packageDir: string; binding: string; marker: string };
export declare function buildMarker(opts: {
  electronVersion: string;
  betterSqlite3Version: string;
  platform: string;
  arch: string;
}): BuildMarker;
export declare function isBuildCurrent(
  markerText: string | null,
  expected: BuildMarker,
  bindingExists: boolean,
): boolean;
export declare function shouldCopyPackageFile(relativePath: string): boolean;
export declare function toolEnv(env: Env): Record<string, string>;
export declare function electronLaunchEnv(env: Env, binding: string): Record<string, string>;
export declare function nodeGypArgs(opts: {
  runtime: string;
  target: string;
  arch: string;
  distUrl?: string;
  devDir?: string;
  nodedir?: string;
}): string[];
export declare function prebuildInstallArgs(opts: {
  runtime: string;
  target: string;
  arch: string;
  platform: string;
}): string[];
export declare function chromeSandboxNeedsSetup(stat: { uid: number; mode: number } | null): boolean;
export declare function chromeSandboxHint(helper: string): string;

type MaybePromise<T> = T | Promise<T>;

export interface StartDeps {
  args: readonly string[];
  build(): MaybePromise<number>;
  electronStatus(): MaybePromise<BinaryStatus>;
  installElectron(): MaybePromise<void>;
  ensureSqlite(): MaybePromise<SqliteBuild>;
  launchElectron(binary: string, binding: string): MaybePromise<number>;
  serve(): MaybePromise<number>;
  log(message: string): void;
}
export declare function runStart(deps: StartDeps): Promise<number>;

export declare const realIo: Io;
export declare function buildSqliteForElectron(opts: {
  root: string;
  target: string;
  runtime?: 'electron' | 'node';
  arch?: string;
  platform?: string;
  fromSource?: boolean;
  nodedir?: string;
  log?: (message: string) => void;
}): SqliteBuild;
export declare function runForeground(
  command: string,
  args: readonly string[],
  options?: { cwd?: string; env?: Record<string, string> },
): Promise<number>;
