import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The specs run from the repository root (where jest is started). */
export const repoRoot = process.cwd();
export const chromiumPath = '/usr/bin/chromium';
/** `node dist/main.js`; BROWSER_SPEC_SERVER can point at another build of the server. */
export const serverEntry = process.env.BROWSER_SPEC_SERVER || join(repoRoot, 'dist', 'main.js');
export const clientIndex = join(repoRoot, 'client', 'dist', 'index.html');
export const screenshotDir = join(repoRoot, 'test-artifacts', 'screenshots');

/** Why the browser specs cannot run here, or null when everything they need exists. */
export function missingPrerequisite(): string | null {
  if (!existsSync(chromiumPath)) {
    return `${chromiumPath} is missing: install it with "apt-get install -y chromium"`;
  }
  if (!existsSync(serverEntry)) return `${serverEntry} is missing: run "npm run build" first`;
  if (!existsSync(clientIndex)) return `${clientIndex} is missing: run "npm run build" first`;
  return null;
}
