// `fanout`, `rooms` and `dm`: R rooms of C clients, S senders per room, an offered
// message rate stepped up; every member counts every message.
import { runLoad } from '../load/coordinator.js';
import { judge, round, socketFigures } from './figures.js';

/**
 * @param {any} contender
 * @param {{rooms: number, perRoom: number, senders: number, latencyLimitMs: number}} shape
 * @param {number} rate offered messages/s
 * @param {any} run settings: pinning, warmMs, windowMs, drainMs, gens
 */
export async function runMessagingStep(contender, shape, rate, run) {
  const total = shape.rooms * shape.perRoom;
  const tokens = await contender.tokens(Math.min(run.userPool, total));
  const roomIds = await contender.rooms(shape.rooms);
  /** @type {{room: number, token: string, sid: number}[]} */
  const clients = [];
  /** @type {Record<number, number[]>} */
  const senderRooms = {};
  let sid = 0;
  roomIds.forEach((room, r) => {
    senderRooms[room] = [];
    for (let j = 0; j < shape.perRoom; j++) {
      const isSender = j < shape.senders;
      if (isSender) senderRooms[room].push(sid);
      clients.push({
        room,
        token: tokens[(r * shape.perRoom + j) % tokens.length],
        sid: isSender ? sid++ : -1,
      });
    }
  });
  const res = await runLoad({
    server: contender,
    pinning: run.pinning,
    mode: 'messages',
    clients,
    senderRooms,
    rate,
    warmMs: run.warmMs,
    windowMs: run.windowMs,
    drainMs: run.drainMs,
    gens: run.gens,
    profileFile: run.profileFile,
  });
  if (res.failedToStart) return { error: res.failedToStart, connect: res.connect };
  const f = socketFigures(res, { windowMs: run.windowMs, loadCores: run.loadCores });
  const windowS = run.windowMs / 1000;
  const inbound = rate * windowS;
  return {
    offered: rate,
    offeredDeliveries: rate * shape.perRoom,
    ...f,
    cpuUsPerDelivery:
      f.serverCpuUs !== null
        ? round(f.serverCpuUs / Math.max(1, f.deliveriesPerSec * windowS), 2)
        : null,
    cpuUsPerMessage: f.serverCpuUs !== null ? round(f.serverCpuUs / inbound, 1) : null,
    ...judge(f, shape.latencyLimitMs, f.latency?.p99 ?? null),
  };
}
