// Builds everything the shells run: the Electron main process and preload (esbuild), the CLI (esbuild) and
// the renderer (Vite). `node scripts/build.mjs --only=cli,main` builds a subset.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const only = (process.argv.find((a) => a.startsWith('--only=')) ?? '').slice(7).split(',').filter(Boolean);
const wanted = (name) => only.length === 0 || only.includes(name);

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
  // Native and Electron modules stay outside the bundle.
  external: ['electron', 'better-sqlite3'],
};

const jobs = [];
if (wanted('main')) {
  jobs.push(build({ ...common, entryPoints: ['electron/main/index.ts'], outfile: 'dist/main/index.cjs' }));
}
if (wanted('preload')) {
  // One CommonJS file with everything inlined: a sandboxed preload can only require('electron').
  jobs.push(
    build({
      ...common,
      platform: 'browser',
      target: 'chrome120',
      entryPoints: ['electron/preload/index.ts'],
      outfile: 'dist/preload/index.cjs',
      external: ['electron'],
    }),
  );
}
if (wanted('cli')) {
  jobs.push(build({ ...common, entryPoints: ['electron/core/cli/index.ts'], outfile: 'dist/cli/index.cjs' }));
}
// The import worker runs beside whichever bundle starts it (see electron/core/import/start-worker.ts).
for (const dir of ['main', 'cli'].filter(wanted)) {
  jobs.push(
    build({ ...common, entryPoints: ['electron/core/import/worker.ts'], outfile: `dist/${dir}/import-worker.cjs` }),
  );
}
await Promise.all(jobs);

if (wanted('renderer')) {
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  // Always a production React build, also when called from the test runner (which sets NODE_ENV=test).
  const res = spawnSync(process.execPath, [vite, 'build', '--config', 'vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (res.status !== 0) process.exit(res.status ?? 1);
}
