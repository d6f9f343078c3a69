#!/usr/bin/env node
'use strict';
// The `vestnik` command. Runs the bundled CLI; builds it first when the checkout has not been built yet.
const path = require('node:path');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const cli = path.join(root, 'dist', 'cli', 'index.cjs');
if (!fs.existsSync(cli)) {
  const res = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--only=cli'], {
    stdio: 'inherit',
  });
  if (res.status !== 0) process.exit(res.status || 1);
}
require(cli)
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`vestnik: ${err && err.message ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
