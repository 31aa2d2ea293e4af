// Drives one step of load against one server: forks the generator processes (pinned to
// the load cores), hands each its share of clients, starts them on a common monotonic
// clock, samples the server's CPU, RSS and event-loop delay around the measured window,
// then merges what the generators counted.
import { fileURLToPath } from 'node:url';

import { merge, nowUs, summarise } from './histogram.js';
import { cpuUs, rssBytes, runDelayUs, sleep, spawnNode, stopChild } from '../lib/proc.js';

const GENERATOR = fileURLToPath(new URL('./generator.js', import.meta.url));
const SOCKETS_PER_PROCESS = 15000;
const SOCKETS_PER_SOURCE_ADDRESS = 10000;
let stepCounter = 0;

/**
 * @typedef {{room: number, token: string, sid: number, dropper?: boolean, rooms?: number[], open?: number[]}} ClientPlan
 * @typedef {{
 *   server: {pid: number, baseUrl: string, probe: (reset?: boolean) => Promise<any>,
 *     profile: (action: 'start' | 'stop', file?: string) => Promise<void>},
 *   pinning: ReturnType<typeof import('../lib/proc.js').detectPinning>,
 *   mode: 'messages' | 'idle' | 'storm' | 'inbox', clients: ClientPlan[], senderRooms?: Record<number, number[]>,
 *   rate: number, warmMs: number, windowMs: number, drainMs: number, gens: number,
 *   content?: string, stormAtMs?: number, stormSpreadMs?: number, profileFile?: string,
 *   onStart?: (clock: {t0Us: number, windowStartUs: number, windowEndUs: number}) => void,
 * }} LoadSpec
 */

/** A generator process with a small promise-based mailbox. */
function startGenerator(/** @type {string | null} */ cores) {
  const child = spawnNode([GENERATOR], { cores, ipc: true });
  /** @type {any[]} */
  const inbox = [];
  /** @type {((m: any) => void)[]} */
  const waiting = [];
  child.on('message', (m) => (waiting.length ? waiting.shift()?.(m) : inbox.push(m)));
  let exited = false;
  child.on('exit', () => {
    exited = true;
    for (const w of waiting.splice(0)) w({ evt: 'exit' });
  });
  return {
    child,
    send: (/** @type {any} */ m) => {
      if (!exited && child.connected) child.send(m);
    },
    /** Next message, or {evt:'timeout'} / {evt:'exit'}. */
    next(/** @type {number} */ timeoutMs) {
      if (inbox.length) return Promise.resolve(inbox.shift());
      if (exited) return Promise.resolve({ evt: 'exit' });
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(done), 1);
          resolve({ evt: 'timeout' });
        }, timeoutMs);
        const done = (/** @type {any} */ m) => {
          clearTimeout(timer);
          resolve(m);
        };
        waiting.push(done);
      });
    },
  };
}

/** Source addresses: past ~10k sockets, spread over 127.0.x.2, .3 … (rotating x per step). */
function sourceAddress(/** @type {number} */ i, /** @type {number} */ total) {
  if (total < SOCKETS_PER_SOURCE_ADDRESS) return undefined;
  return `127.0.${1 + (stepCounter % 250)}.${2 + Math.floor(i / SOCKETS_PER_SOURCE_ADDRESS)}`;
}

/** @param {LoadSpec} spec */
export async function runLoad(spec) {
  stepCounter++;
  const { server, pinning } = spec;
  const gens = Math.max(spec.gens, Math.ceil(spec.clients.length / SOCKETS_PER_PROCESS));
  const senders = spec.clients.filter((c) => c.sid >= 0).length;
  const durationS = (spec.warmMs + spec.windowMs) / 1000;
  const maxPerSender = senders > 0 ? Math.ceil((spec.rate / senders) * durationS) + 2 : 0;
  const shares = Array.from({ length: gens }, () => /** @type {any[]} */ ([]));
  spec.clients.forEach((c, i) =>
    shares[i % gens].push({ ...c, localAddress: sourceAddress(i, spec.clients.length) }),
  );

  const rssBefore = rssBytes(server.pid);
  const procs = shares.map(() => startGenerator(pinning.load));
  const failures = [];
  try {
    // Bounded, but long enough for a server that shakes hands slowly (~70/s) to be measured.
    // With --profile, the connect phase (handshakes) gets a profile of its own.
    if (spec.profileFile) await server.profile('start');
    const connectBudgetMs = Math.max(20000, spec.clients.length * 15);
    procs.forEach((p, i) =>
      p.send({
        cmd: 'setup',
        plan: {
          baseUrl: server.baseUrl.replace(/^http/, 'ws'),
          mode: spec.mode,
          clients: shares[i],
          senderRooms: spec.senderRooms,
          maxPerSender,
          content: spec.content ?? 'The quick brown fox jumps over the lazy dog, again and again.',
          concurrency: 64,
          connectTimeoutMs: 10000,
          connectBudgetMs,
        },
      }),
    );
    const connected = await Promise.all(procs.map((p) => p.next(connectBudgetMs + 15000)));
    if (spec.profileFile) {
      await server.profile(
        'stop',
        spec.profileFile.replace(/\.cpuprofile$/, '-connect.cpuprofile'),
      );
    }
    const connect = {
      ok: connected.reduce((s, m) => s + (m.ok ?? 0), 0),
      failed:
        connected.reduce((s, m) => s + (m.failed ?? 0), 0) +
        connected.filter((m) => m.evt !== 'connected').length,
      errors: connected.flatMap((m) => m.errors ?? []).slice(0, 3),
      elapsedMs: Math.max(...connected.map((m) => m.elapsedMs ?? 0)),
      handshake: summarise(merge(connected.map((m) => m.handshake))),
    };
    if (connect.ok === 0) {
      return {
        connect,
        failedToStart: `no client connected: ${connect.errors.join('; ') || 'unknown'}`,
      };
    }
    const rssConnected = rssBytes(server.pid);

    // A common start on the monotonic clock; every process stamps against it.
    const t0Us = nowUs() + 150_000;
    const windowStartUs = t0Us + spec.warmMs * 1000;
    const windowEndUs = windowStartUs + spec.windowMs * 1000;
    procs.forEach((p, i) => {
      const local = shares[i].filter((c) => c.sid >= 0).length;
      p.send({
        cmd: 'start',
        t0Us,
        warmMs: spec.warmMs,
        windowMs: spec.windowMs,
        rate: senders > 0 ? (spec.rate * local) / senders : 0,
        stormAtMs: spec.stormAtMs ?? 0,
        stormSpreadMs: spec.stormSpreadMs ?? 0,
      });
    });
    // Load of the workload's own (REST) on the same clock, e.g. the reactions of `reactions`.
    spec.onStart?.({ t0Us, windowStartUs, windowEndUs });
    await sleep((windowStartUs - nowUs()) / 1000);
    const cpu0 = cpuUs(server.pid);
    const wait0 = runDelayUs(server.pid);
    await server.probe(true);
    if (spec.profileFile) await server.profile('start');
    await sleep((windowEndUs - nowUs()) / 1000);
    const cpu1 = cpuUs(server.pid);
    const wait1 = runDelayUs(server.pid);
    const eld = await server.probe(false);
    const rssEnd = rssBytes(server.pid);
    if (spec.profileFile) await server.profile('stop', spec.profileFile);

    const sentMsgs = await Promise.all(procs.map((p) => p.next(spec.windowMs + 30000)));
    /** @type {Record<string, number>} */
    const sent = {};
    let sendFailed = 0;
    for (const m of sentMsgs) {
      Object.assign(sent, m.sent ?? {});
      sendFailed += m.sendFailed ?? 0;
      if (m.evt !== 'sent') failures.push(`generator: ${m.evt}`);
    }
    procs.forEach((p) => p.send({ cmd: 'expect', sent, drainMs: spec.drainMs }));
    const results = await Promise.all(procs.map((p) => p.next(spec.drainMs + 10000)));
    for (const r of results) if (r.evt !== 'result') failures.push(`generator: ${r.evt}`);
    const ok = results.filter((r) => r.evt === 'result');
    const sum = (/** @type {(r: any) => number} */ f) => ok.reduce((s, r) => s + (f(r) ?? 0), 0);
    /** @type {Record<string, number>} */
    const errorFrames = {};
    for (const r of ok)
      for (const [k, v] of Object.entries(r.errorFrames))
        errorFrames[k] = (errorFrames[k] ?? 0) + v;
    const counterNames = Object.keys(ok[0]?.counters ?? {});
    const histogramNames = Object.keys(ok[0]?.histograms ?? {});
    return {
      connect,
      failures,
      sentTotal: Object.values(sent).reduce((s, n) => s + n, 0),
      sendFailed,
      expected: sum((r) => r.expected),
      arrived: sum((r) => r.arrived),
      counters: Object.fromEntries(counterNames.map((k) => [k, sum((r) => r.counters[k])])),
      errorFrames,
      errorSamples: ok.flatMap((r) => r.errorSamples).slice(0, 3),
      storm: {
        drops: sum((r) => r.storm.drops),
        back: sum((r) => r.storm.back),
        failed: sum((r) => r.storm.failed),
        // From the first drop to the last client back; null when none came back.
        allBackMs: ok.some((r) => r.storm.back > 0)
          ? (Math.max(...ok.map((r) => r.storm.lastBackUs)) -
              Math.min(...ok.map((r) => r.storm.firstDropUs || Infinity))) /
            1000
          : null,
      },
      latency: summarise(merge(ok.map((r) => r.latency))),
      firstAfter: summarise(merge(ok.map((r) => r.firstAfter))),
      pingLatency: summarise(merge(ok.map((r) => r.pingLatency))),
      reconnect: summarise(merge(ok.map((r) => r.reconnect))),
      sendLag: summarise(merge(ok.map((r) => r.sendLag))),
      // A mode's own histograms (e.g. inbox's activityLag), merged by name.
      histograms: Object.fromEntries(
        histogramNames.map((k) => [k, summarise(merge(ok.map((r) => r.histograms?.[k])))]),
      ),
      generatorCpuUs: sum((r) => r.cpuUs),
      generators: procs.length,
      server: {
        cpuUs: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null,
        // The main thread's wait for a CPU in the window (others' load on the server's core).
        runDelayUs: wait0 !== null && wait1 !== null ? wait1 - wait0 : null,
        rssBefore,
        rssConnected,
        rssEnd,
        eld,
      },
    };
  } finally {
    procs.forEach((p) => p.send({ cmd: 'close' }));
    const exited = (/** @type {any} */ p) =>
      p.child.exitCode !== null || p.child.signalCode !== null
        ? Promise.resolve()
        : new Promise((r) => p.child.once('exit', r));
    await Promise.all(procs.map((p) => Promise.race([exited(p), sleep(3000)])));
    await Promise.all(procs.map((p) => stopChild(p.child, 1000)));
  }
}
