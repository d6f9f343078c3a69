import { build } from 'esbuild';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../../shared/ipc/names';

/**
 * A sandboxed preload can require nothing but 'electron' (and a few polyfilled built-ins), and gets no Node
 * globals. Bundle the preload exactly as scripts/build.mjs does and run it in a bare V8 context whose only
 * module is a fake 'electron': proves the bundle is self-contained and exposes one object through
 * contextBridge, without an Electron binary.
 */
const root = path.resolve(__dirname, '..', '..', '..');

async function bundlePreload(): Promise<string> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['electron/preload/index.ts'],
    bundle: true,
    platform: 'browser',
    target: 'chrome120',
    format: 'cjs',
    external: ['electron'],
    write: false,
    logLevel: 'silent',
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error('no preload output');
  return out.text;
}

describe('preload bundle', () => {
  it('runs in a bare context with only electron available and exposes exactly window.vestnik', async () => {
    const code = await bundlePreload();
    const exposed: [string, unknown][] = [];
    const requested: string[] = [];
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.push([key, api]) },
      ipcRenderer: {
        invoke: () => Promise.resolve({ ok: true, value: null }),
        on: () => undefined,
        removeListener: () => undefined,
      },
    };
    const sandbox = {
      require: (id: string) => {
        requested.push(id);
        if (id === 'electron') return fakeElectron;
        throw new Error(`module not available in a sandboxed preload: ${id}`);
      },
      module: { exports: {} },
      exports: {},
      console,
    };
    vm.runInNewContext(code, sandbox, { filename: 'dist/preload/index.cjs' });

    expect(requested).toEqual(['electron']);
    expect(exposed.map(([key]) => key)).toEqual(['vestnik']);
    const api = exposed[0]?.[1] as Record<string, Record<string, unknown>>;
    const count = Object.values(api).reduce(
      (n, group) => n + (typeof group === 'object' ? Object.keys(group).length : 0),
      0,
    );
    expect(count).toBe(CHANNEL_NAMES.length);
    expect(typeof api.on).toBe('function');
  });
});
