#!/usr/bin/env node
// Builds the web app (web/ → web/dist) when dist is missing or older than any source file.
// Used by `npm start` (prestart) so a fresh checkout serves the app without a manual step.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'web', 'dist', 'index.html');
const sources = [join(root, 'web', 'src'), join(root, 'web', 'index.html'), join(root, 'web', 'vite.config.ts')];
// The app bundles catalogues and schemas from src/ too (and whatever they import): any server
// source change may change the bundle.
sources.push(join(root, 'src'));

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

if (process.env.SERVE_WEB === 'false') process.exit(0);
const built = existsSync(dist) ? statSync(dist).mtimeMs : 0;
const changed = Math.max(...sources.map(newest));
if (built && built >= changed) process.exit(0);
try {
  createRequire(import.meta.url).resolve('vite');
} catch {
  // A production install without devDependencies: serve the API (and any existing build) anyway.
  console.warn('vite is not installed (npm install without --omit=dev builds the web app); skipping the web build.');
  process.exit(0);
}
console.log(built ? 'web app sources changed: rebuilding web/dist…' : 'building the web app (web/dist)…');
const result = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], {
  cwd: root,
  stdio: 'inherit',
  // Always a production bundle, even when called from a test runner that sets NODE_ENV=test.
  env: { ...process.env, NODE_ENV: 'production' },
});
process.exit(result.status ?? 1);
