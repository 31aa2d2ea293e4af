// `idle`: N authenticated sockets held open, each sending one `ping` in the window (the
// server's own WebSocket heartbeat runs too); memory per connection and handshakes/s.
import { runLoad } from '../load/coordinator.js';
import { judge, round, socketFigures } from './figures.js';

const ROOMS = 100;

/** @param {any} contender @param {number} n sockets @param {any} run */
export async function runIdleStep(contender, n, run) {
  // Memory per socket is measured on a fresh process: memory freed by an earlier step
  // would otherwise be reused and hide what the sockets cost.
  if (run.freshServer && !(await contender.restart())) {
    return { error: `restart failed: ${contender.reason}` };
  }
  const tokens = await contender.tokens(run.userPool);
  const roomIds = await contender.rooms(Math.min(ROOMS, n));
  const clients = Array.from({ length: n }, (_, i) => ({
    room: roomIds[i % roomIds.length],
    token: tokens[i % tokens.length],
    sid: -1,
  }));
  const res = await runLoad({
    server: contender,
    pinning: run.pinning,
    mode: 'idle',
    clients,
    rate: 0,
    warmMs: run.warmMs,
    windowMs: run.windowMs,
    drainMs: run.drainMs,
    gens: run.gens,
    profileFile: run.profileFile,
  });
  if (res.failedToStart) return { error: res.failedToStart, connect: res.connect };
  const f = socketFigures(res, { windowMs: run.windowMs, loadCores: run.loadCores });
  const held = res.connect.ok;
  const rssDelta = (res.server.rssEnd ?? 0) - (res.server.rssBefore ?? 0);
  const figures = {
    offered: n,
    ...f,
    held,
    pings: res.counters.pings,
    pongs: res.counters.pongs,
    latency: res.pingLatency,
    deliveredPct:
      res.counters.pings > 0 ? round((res.counters.pongs / res.counters.pings) * 100, 3) : 100,
    handshakesPerSec: round(held / Math.max(0.001, res.connect.elapsedMs / 1000), 0),
    handshake: res.connect.handshake,
    rssPerConnKB: held > 0 ? round(rssDelta / held / 1024, 2) : null,
    cpuUsPerSocketSecond:
      f.serverCpuUs !== null ? round(f.serverCpuUs / held / (run.windowMs / 1000), 3) : null,
  };
  const verdict = judge(figures, 50, res.pingLatency?.p99 ?? null);
  if (figures.socketTrouble > 0) {
    verdict.pass = false;
    verdict.status = 'FAILED';
    verdict.why.push(`${figures.socketTrouble} sockets dropped`);
  }
  return { ...figures, ...verdict };
}
