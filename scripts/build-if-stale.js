#!/usr/bin/env node
// `npm start` runs this first: it builds only when a source is newer than the last build, so a start with a
// current dist/ does not pay tsc's few seconds. Plain JavaScript because it must run before anything is compiled.
'use strict';
const { statSync, readdirSync, existsSync, utimesSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..');
const stamp = join(root, 'dist', '.tsbuildinfo');

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its folder's mtime
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function isStale() {
  if (!existsSync(stamp) || !existsSync(join(root, 'dist', 'main.js'))) return true;
  const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((p) => join(root, p));
  const newestInput = Math.max(...inputs.filter((p) => existsSync(p)).map(newestMtime));
  return newestInput > statSync(stamp).mtimeMs;
}

if (process.argv.includes('--force') || isStale()) {
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  // tsc leaves its build info untouched when no output changed (a file saved unchanged): mark the build as current.
  if (result.status === 0 && existsSync(stamp)) utimesSync(stamp, new Date(), new Date());
  process.exit(result.status ?? 1);
}
