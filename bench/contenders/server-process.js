// A server under test as a child process: started pinned to the server core with the
// event-loop probe preloaded, waited for on its health route, stopped by its PID.
import { fileURLToPath, pathToFileURL } from 'node:url';

import { freePort, request } from '../lib/http.js';
import { sleep, spawnNode, stopChild } from '../lib/proc.js';

const PROBE = pathToFileURL(fileURLToPath(new URL('../load/eld-probe.js', import.meta.url))).href;

/**
 * @param {{script: string, nodeArgs?: string[], env: NodeJS.ProcessEnv, cores: string | null,
 *   cwd?: string, healthPath?: string, startTimeoutMs?: number}} opts
 */
export async function startServerProcess(opts) {
  const port = await freePort();
  const probePort = await freePort();
  const env = {
    ...opts.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    BENCH_PROBE_PORT: String(probePort),
  };
  const args = ['--import', PROBE, ...(opts.nodeArgs ?? []), opts.script];
  const child = spawnNode(args, { cores: opts.cores, env, quiet: true, cwd: opts.cwd });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.startTimeoutMs ?? 30000);
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      return { error: `exited (${child.exitCode ?? child.signalCode}): ${tailOf(child)}` };
    }
    try {
      const res = await request(`${baseUrl}${opts.healthPath ?? '/api/health'}`, {
        timeoutMs: 2000,
      });
      if (res.status === 200) break;
      lastError = `health answered ${res.status}`;
    } catch (err) {
      lastError = String(/** @type {Error} */ (err).message);
    }
    await sleep(200);
  }
  if (Date.now() >= deadline) {
    await stopChild(child, 2000);
    return { error: `not healthy within the start timeout (${lastError}): ${tailOf(child)}` };
  }
  return {
    child,
    pid: /** @type {number} */ (child.pid),
    baseUrl,
    /** The event-loop delay since the last reset, in ms. */
    async probe(reset = false) {
      try {
        return (
          await request(`http://127.0.0.1:${probePort}/eld${reset ? '?reset=1' : ''}`, {
            timeoutMs: 5000,
          })
        ).body;
      } catch {
        return null;
      }
    },
    /** Starts or stops (writing `file`) a CPU profile inside the server. */
    async profile(/** @type {'start' | 'stop'} */ action, file = '') {
      const q = action === 'stop' ? `?file=${encodeURIComponent(file)}` : '';
      await request(`http://127.0.0.1:${probePort}/profile/${action}${q}`, { timeoutMs: 60000 });
    },
    tail: () => tailOf(child),
    stop: (graceMs = 8000) => stopChild(child, graceMs),
  };
}

const tailOf = (/** @type {any} */ child) =>
  String(child.tail ?? '')
    .trim()
    .split('\n')
    .slice(-6)
    .join(' | ')
    .slice(-800);
