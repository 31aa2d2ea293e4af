// `history` (GET /messages pages on a big room) and `login` (POST /auth/login of existing
// users), both with autocannon in a generator process; `login` also reports what the
// password hash alone costs, so the hashing is seen apart from the server's own work.
import { fileURLToPath } from 'node:url';

import { hashPassword } from '../baselines/auth.js';
import { cpuUs, rssBytes, spawnNode, stopChild } from '../lib/proc.js';
import { round } from './figures.js';

const HTTP_LOAD = fileURLToPath(new URL('../load/http-load.js', import.meta.url));
const PASSWORD = 'bench-password';

/** Runs autocannon against `contender`, sampling the server around the window. */
async function autocannonStep(contender, plan, run) {
  const child = spawnNode([HTTP_LOAD], { cores: run.pinning.load, ipc: true });
  try {
    const messages = [];
    let wake = () => {};
    child.on('message', (m) => {
      messages.push(m);
      wake();
    });
    child.on('exit', () => wake());
    const next = async (/** @type {number} */ timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      while (messages.length === 0 && child.exitCode === null && Date.now() < deadline) {
        await new Promise((r) => {
          wake = () => r(undefined);
          setTimeout(r, 200);
        });
      }
      return messages.shift() ?? { evt: 'timeout' };
    };
    // Logins take tens of ms each on purpose: give them a window long enough to count.
    const warmMs = plan.kind === 'login' ? Math.max(500, run.warmMs) : run.warmMs;
    const windowMs = plan.kind === 'login' ? Math.max(1500, run.windowMs) : run.windowMs;
    child.send({ ...plan, baseUrl: contender.baseUrl, warmMs, windowMs });
    const w = await next(warmMs + 20000);
    if (w.evt !== 'window') return { error: `autocannon: ${w.evt}` };
    const cpu0 = cpuUs(contender.pid);
    await contender.probe(true);
    if (run.profileFile) await contender.profile('start');
    const r = await next(windowMs + 30000);
    const cpu1 = cpuUs(contender.pid);
    const eld = await contender.probe(false);
    if (run.profileFile) await contender.profile('stop', run.profileFile);
    if (r.evt !== 'result') return { error: `autocannon: ${r.evt}` };
    const rps = r.requests / Math.max(0.001, r.durationS);
    const figures = {
      requests: r.requests,
      rps: round(rps, 1),
      latency: r.latency,
      non2xx: r.non2xx,
      errors: r.errors + r.timeouts,
      statusCodes: r.statusCodes,
      serverCpuUs: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null,
      cpuUsPerRequest:
        cpu0 !== null && cpu1 !== null && r.requests > 0
          ? round((cpu1 - cpu0) / r.requests, 1)
          : null,
      rssMB: round((rssBytes(contender.pid) ?? 0) / 2 ** 20, 1),
      eldP99: eld?.p99 ?? null,
    };
    const why = [];
    if (figures.errors > 0) why.push(`${figures.errors} errors/timeouts`);
    if (figures.non2xx > 0) why.push(`${figures.non2xx} non-2xx`);
    if (r.requests === 0) why.push('no request answered');
    // A closed loop keeps the server at 100% on purpose: its event-loop delay is reported,
    // not judged (the ELD rule is for the stepped, open-loop workloads).
    const pass = why.length === 0;
    return {
      ...figures,
      pass,
      exact: figures.errors === 0 && figures.non2xx === 0,
      status: pass ? 'PASS' : 'FAILED',
      why,
    };
  } finally {
    await stopChild(child, 1000);
  }
}

/** @param {any} contender @param {{messages: number, connections: number}} shape @param {any} run */
export async function runHistoryStep(contender, shape, run) {
  const room = await contender.historyRoom(shape.messages);
  const res = await autocannonStep(
    contender,
    {
      kind: 'history',
      roomId: room.roomId,
      lastSeq: room.lastSeq,
      token: room.token,
      connections: shape.connections,
    },
    run,
  );
  return { offered: shape.connections, roomMessages: room.lastSeq, ...res };
}

let hashMs = 0;

/** One argon2id hash with Fadmann's parameters, in ms (the median of a few, in this process, once per run). */
export async function hashCostMs(samples = 5) {
  if (hashMs > 0) return hashMs;
  const times = [];
  for (let i = 0; i < samples; i++) {
    const t = process.hrtime.bigint();
    await hashPassword(PASSWORD);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  hashMs = times[Math.floor(times.length / 2)];
  return hashMs;
}

/** @param {any} contender @param {{users: number, connections: number}} shape @param {any} run */
export async function runLoginStep(contender, shape, run) {
  const usernames = Array.from({ length: shape.users }, (_, i) => `bench_login${i}`);
  await contender.loginUsers(usernames, PASSWORD);
  const res = await autocannonStep(
    contender,
    { kind: 'login', usernames, password: PASSWORD, connections: shape.connections },
    run,
  );
  const oneHashMs = await hashCostMs();
  return {
    offered: shape.connections,
    ...res,
    hashMs: round(oneHashMs, 1),
    // With the server pinned to one core, one core's worth of hashing is the ceiling.
    hashCeilingPerSec: round(1000 / oneHashMs, 1),
    shareOfHashCeiling: res.rps ? round(res.rps / (1000 / oneHashMs), 2) : null,
  };
}
