import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The shell is tested under Node, where there is no Electron binary (`require('electron')` only returns a
 * path string). So only the two entry files may import 'electron' at runtime; every other shell module is pure
 * (type-only imports are erased) and no test imports 'electron' at all.
 */
const root = path.resolve(__dirname, '..', '..', '..');
const ENTRY_FILES = new Set(['electron/main/index.ts', 'electron/preload/index.ts']);

function tsFiles(dir: string): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs
    .readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.posix.join(dir, f.split(path.sep).join('/')));
}

/** Runtime imports of 'electron' (static, dynamic or require); `import type` does not count. */
function importsElectronAtRuntime(source: string): boolean {
  return (
    /^\s*import\s+(?!type\b)[^;]*?from\s+['"]electron['"]/m.test(source) ||
    /^\s*import\s+['"]electron['"]/m.test(source) ||
    /\bimport\(\s*['"]electron['"]\s*\)/.test(source) ||
    /\brequire\(\s*['"]electron['"]\s*\)/.test(source)
  );
}

describe('electron import boundary', () => {
  it('the detector tells a type import from a runtime import', () => {
    expect(importsElectronAtRuntime("import type { BrowserWindow } from 'electron';")).toBe(false);
    expect(importsElectronAtRuntime("import { app } from 'electron';")).toBe(true);
    expect(importsElectronAtRuntime("import {\n  app,\n} from 'electron';")).toBe(true);
    expect(importsElectronAtRuntime("const e = require('electron');")).toBe(true);
  });

  it('only the main and preload entry files import electron at runtime', () => {
    const shellFiles = [...tsFiles('electron/main'), ...tsFiles('electron/preload')];
    expect(shellFiles.length).toBeGreaterThan(5);
    const offenders = shellFiles.filter(
      (f) => !ENTRY_FILES.has(f) && importsElectronAtRuntime(fs.readFileSync(path.join(root, f), 'utf8')),
    );
    expect(offenders).toEqual([]);
    for (const entry of ENTRY_FILES) {
      expect(importsElectronAtRuntime(fs.readFileSync(path.join(root, entry), 'utf8')), entry).toBe(true);
    }
  });

  it('the core and shared code never import electron, not even its types', () => {
    const anyImport =
      /\bfrom\s+['"]electron['"]|\bimport\s+['"]electron['"]|\b(?:require|import)\(\s*['"]electron['"]\s*\)/;
    const files = [...tsFiles('electron/core'), ...tsFiles('shared')];
    const offenders = files.filter((f) => anyImport.test(fs.readFileSync(path.join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('no test imports electron', () => {
    const self = 'test/unit/electron/boundaries.test.ts';
    const offenders = tsFiles('test').filter(
      (f) => f !== self && importsElectronAtRuntime(fs.readFileSync(path.join(root, f), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
