// Fadmann is measured from dist/: build it first when it is missing or older than src/,
// so a run never measures a stale server without saying so.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time under `dir` (0 when missing). */
function newest(/** @type {string} */ dir) {
  if (!existsSync(dir)) return 0;
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    // Specs are not built into dist/.
    if (!entry.isFile() || entry.name.endsWith('.spec.ts')) continue;
    max = Math.max(max, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return max;
}

/**
 * Builds the server with `npm run build:server` when dist/main.js is missing or src/ is
 * newer than dist/. Answers what happened, or throws with the build's last lines.
 * @param {string} root the repository
 */
export function ensureBuilt(root) {
  const main = join(root, 'dist', 'main.js');
  const stale = !existsSync(main) || newest(join(root, 'src')) > newest(join(root, 'dist'));
  if (!stale) return 'dist/ is up to date';
  const started = Date.now();
  const res = spawnSync('npm', ['run', 'build:server'], { cwd: root, encoding: 'utf8' });
  if (res.status !== 0 || !existsSync(main)) {
    const tail = `${res.stdout ?? ''}${res.stderr ?? ''}`.trim().split('\n').slice(-5).join(' | ');
    throw new Error(`npm run build:server failed: ${tail}`);
  }
  return `built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`;
}

/** The commit dist/ was built from, as far as git can tell ("abc1234", "+dirty" when src/ has changes). */
export function sourceVersion(/** @type {string} */ root) {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' });
  if (head.status !== 0) return 'unknown';
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src'], {
    cwd: root,
    encoding: 'utf8',
  });
  return `${head.stdout.trim()}${dirty.stdout.trim() ? '+dirty' : ''}`;
}
