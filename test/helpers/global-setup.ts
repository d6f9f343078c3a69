import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * Builds what the tests run: the CLI bundle (spawned by CLI tests) and the renderer (served by the web shell
 * in Playwright tests), so tests always run against the current source.
 */
export default function setup(): void {
  const root = path.resolve(__dirname, '..', '..');
  // VESTNIK_TEST_BUILD=cli narrows the build for a quick local run of non-UI tests.
  const parts = process.env.VESTNIK_TEST_BUILD ?? 'cli,renderer';
  const res = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), `--only=${parts}`], {
    cwd: root,
    stdio: 'inherit',
  });
  if (res.status !== 0) throw new Error('build for tests failed');
}
