// Processes: spawning pinned to cores (taskset, when the machine allows) with the file
// limit raised, reading a process's CPU time and RSS from /proc, stopping by PID only.
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

/**
 * Where the server and the load generator run: the server alone on core 0, the
 * generators on the others, when there are two cores or more and taskset works.
 */
export function detectPinning() {
  const cores = availableParallelism();
  const tasksetWorks = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  const hardLimit = Number(spawnSync('sh', ['-c', 'ulimit -Hn']).stdout?.toString().trim()) || 1024;
  if (cores < 2 || !tasksetWorks) {
    return { cores, pinned: false, server: null, load: null, fdLimit: hardLimit, tasksetWorks };
  }
  return {
    cores,
    pinned: true,
    server: '0',
    load: `1-${cores - 1}`,
    fdLimit: hardLimit,
    tasksetWorks,
  };
}

/** Pins the calling process (all its threads) to the load cores. */
export function pinSelf(/** @type {string | null} */ cores) {
  if (cores) spawnSync('taskset', ['-a', '-pc', cores, String(process.pid)]);
}

let priority = 0;

/**
 * Opt-in (`--nice N`): runs the servers and generators at nice -N, so that on a shared
 * machine other people's processes disturb the measurement less (at their expense).
 */
export function setPriority(/** @type {number} */ n) {
  priority = Math.max(0, Math.min(19, Math.floor(n)));
}

/**
 * Spawns `node args…` through `sh` to raise `ulimit -n` as far as allowed and to pin it
 * with taskset; `exec` keeps the PID, so the PID returned is the node process itself.
 * @param {string[]} args node arguments
 * @param {{cores: string | null, env?: NodeJS.ProcessEnv, ipc?: boolean, quiet?: boolean, cwd?: string}} opts
 */
export function spawnNode(args, { cores, env, ipc = false, quiet = false, cwd }) {
  const pin = (cores ? `taskset -c ${cores} ` : '') + (priority ? `nice -n -${priority} ` : '');
  const script = `ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec ${pin}"$0" "$@"`;
  const out = quiet ? 'pipe' : 'inherit';
  const stdio = /** @type {any} */ (['ignore', out, out]);
  if (ipc) stdio.push('ipc');
  /** @type {import('node:child_process').ChildProcess & {tail?: string}} */
  const child = spawn('sh', ['-c', script, process.execPath, ...args], {
    env: env ?? process.env,
    stdio,
    cwd,
  });
  if (quiet) {
    // Keep the last lines for error reports; never let a full pipe block the child.
    child.tail = '';
    const keep = (/** @type {Buffer} */ b) =>
      (child.tail = (child.tail + b.toString()).slice(-4000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }
  return child;
}

/** User + system CPU time of a process, all threads, in microseconds; null if gone. */
export function cpuUs(/** @type {number} */ pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLK_TCK;
  } catch {
    return null;
  }
}

/**
 * How long the process's main thread was runnable but waiting for a CPU (the run-queue
 * delay of /proc/<pid>/schedstat), in microseconds; null if gone or not available. On a
 * shared machine this says how much of a window the server was starved by others.
 */
export function runDelayUs(/** @type {number} */ pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(' ');
    return fields.length >= 2 ? Number(fields[1]) / 1000 : null;
  } catch {
    return null;
  }
}

/** Resident set size in bytes; null if gone. */
export function rssBytes(/** @type {number} */ pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Stops one child by its PID: SIGTERM, then SIGKILL after `graceMs`.
 * @param {import('node:child_process').ChildProcess} child
 */
export function stopChild(child, graceMs = 5000) {
  return new Promise((resolve) => {
    const pid = child.pid;
    if (child.exitCode !== null || child.signalCode !== null || !pid) return resolve(undefined);
    const timer = setTimeout(() => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    try {
      process.kill(child.pid, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve(undefined);
    }
  });
}

export const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/** Waits (bounded) until the process is quiet, so one variant's backlog does not weigh on the next. */
export async function settle(/** @type {any} */ c, /** @type {number} */ maxMs) {
  const deadline = Date.now() + maxMs;
  let before = c.pid ? cpuUs(c.pid) : null;
  while (before !== null && Date.now() < deadline) {
    await sleep(250);
    const now = cpuUs(c.pid);
    if (now === null || now - before < 25_000) return;
    before = now;
  }
}
