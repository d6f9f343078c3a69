import path from 'node:path';

/**
 * Which better-sqlite3 native binary the Electron main process loads.
 *
 * node_modules/better-sqlite3 is built for Node's ABI (the tests, the CLI and the web shell run under Node).
 * Electron has its own ABI, so:
 * - in development, `npm start` (scripts/start.mjs) builds a separate copy for Electron into
 *   .electron-native/<electron version>/ and passes its path in VESTNIK_SQLITE_BINDING;
 * - in the packaged app, electron-builder has rebuilt node_modules/better-sqlite3 for Electron (npmRebuild) and
 *   unpacked the .node file from the asar, so the default lookup is right and we pass nothing.
 *
 * Security contract: the variable is honoured only when the app is NOT packaged. A packaged app must not load
 * native code named by an environment variable: that would undo the runAsNode / NODE_OPTIONS fuses.
 */
export const SQLITE_BINDING_ENV = 'VESTNIK_SQLITE_BINDING';

export function resolveNativeBinding(
  env: Readonly<Record<string, string | undefined>>,
  isPackaged: boolean,
): string | undefined {
  if (isPackaged) return undefined;
  const value = env[SQLITE_BINDING_ENV];
  if (value === undefined || value === '') return undefined;
  if (!path.isAbsolute(value) || path.extname(value) !== '.node') {
    throw new Error(`${SQLITE_BINDING_ENV} must be an absolute path to a .node file`);
  }
  return value;
}

/** Turns the usual native-module failure into an instruction a developer can act on. */
export function describeStartupError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (
    /NODE_MODULE_VERSION|was compiled against a different Node\.js version|invalid ELF header|not a valid Win32 application/i.test(
      message,
    )
  ) {
    return (
      'The SQLite module (better-sqlite3) is not built for this Electron version.\n' +
      'Start the app with `npm start`: it builds an Electron copy into .electron-native/ and uses it.\n\n' +
      message
    );
  }
  return message;
}
