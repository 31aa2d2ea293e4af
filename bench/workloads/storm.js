// `storm`: clients in rooms with a steady message flow all drop their socket within a few
// seconds and resume with `since`: time until all are back, nothing missed or doubled,
// and the p99 latency of each client's first live message after it is back.
import { runLoad } from '../load/coordinator.js';
import { judge, round, socketFigures } from './figures.js';

/**
 * @param {any} contender
 * @param {{clients: number, perRoom: number, rate: number, spreadMs: number, settleMs: number}} shape
 * @param {any} run
 */
export async function runStormStep(contender, shape, run) {
  const rooms = Math.ceil(shape.clients / shape.perRoom);
  const tokens = await contender.tokens(run.userPool);
  const roomIds = await contender.rooms(rooms);
  /** @type {{room: number, token: string, sid: number, dropper?: boolean}[]} */
  const clients = [];
  /** @type {Record<number, number[]>} */
  const senderRooms = {};
  roomIds.forEach((room, r) => {
    // One steady sender per room that stays connected; the others drop and resume.
    senderRooms[room] = [r];
    clients.push({ room, token: tokens[r % tokens.length], sid: r });
    for (let j = 0; j < shape.perRoom; j++) {
      clients.push({ room, token: tokens[(r + j + 1) % tokens.length], sid: -1, dropper: true });
    }
  });
  const windowMs = shape.spreadMs + shape.settleMs;
  const res = await runLoad({
    server: contender,
    pinning: run.pinning,
    mode: 'storm',
    clients,
    senderRooms,
    rate: shape.rate,
    warmMs: run.warmMs,
    windowMs,
    // Long enough to see how long all take to come back, rather than calling them lost.
    drainMs: run.quick ? 10000 : 30000,
    gens: run.gens,
    profileFile: run.profileFile,
    stormAtMs: run.warmMs,
    stormSpreadMs: shape.spreadMs,
  });
  if (res.failedToStart) return { error: res.failedToStart, connect: res.connect };
  const f = socketFigures(res, { windowMs, loadCores: run.loadCores });
  const figures = {
    offered: rooms * shape.perRoom,
    ...f,
    drops: res.storm.drops,
    back: res.storm.back,
    reconnectFailed: res.storm.failed,
    allBackMs: round(res.storm.allBackMs, 0),
    reconnect: res.reconnect,
    firstAfter: res.firstAfter,
    replayed: res.counters.replayed,
    resyncs: res.counters.resyncs,
  };
  const verdict = judge(figures, 50, res.firstAfter?.p99 ?? null);
  const droppers = rooms * shape.perRoom;
  if (figures.reconnectFailed > 0 || figures.back < droppers) {
    verdict.pass = false;
    verdict.status = 'FAILED';
    verdict.why.push(`${droppers - figures.back} clients not back`);
  }
  return { ...figures, ...verdict };
}
