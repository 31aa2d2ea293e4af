// @ts-check
// `inbox` (Fadmann only: the baselines do not speak the per-user socket): N users, each a
// member of 20 rooms of 40 (joined over REST once per server), each holding ONE per-user
// socket (`WS /api/ws`) that subscribes to 1 or 2 of its rooms (its "open" rooms) and
// follows the other 18-19 by `room.activity`. One sender per room posts on the open-loop
// schedule of the step, spread over all rooms. Every `message` frame to a subscriber is a
// delivery counted exactly once; `room.activity` frames are counted, their lag measured and
// the last of each followed room must carry its final message.
//
// The comparison, in the same step right before it, is "today's room sockets": the same
// users and rooms, each user holding one room socket (`WS /api/ws/{roomId}`) per open room
// and nothing for the others: the same message deliveries, no room.activity. The ratio
// per-user ÷ room sockets is what the per-user socket and room.activity cost.
import { runLoad } from '../load/coordinator.js';
import { expectOk, mapLimit } from '../lib/http.js';
import { settle } from '../lib/proc.js';
import { judge, round, socketFigures } from './figures.js';

/** @typedef {import('../../src/contract/rooms.js').Room} Room */

/** The name of the comparison in the results (a row of its own under fadmann). */
export const ROOM_SOCKETS = 'fadmann (room sockets)';
const ROOMS_PER_USER = 20;
const MEMBERS_PER_ROOM = 40;
const SEED_CONCURRENCY = 8;
/** Seeding (logins, rooms, joins) gives up past this: the run stays bounded on a slow machine. */
const SEED_BUDGET_MS = 10 * 60 * 1000;

/**
 * @typedef {{users: number, latencyLimitMs: number}} InboxShape
 * @typedef {{tokens: string[], roomIds: number[], roomsOf: number[][], openOf: number[][]}} Seed
 */

/** Seeded users and rooms per server process (a restarted server has a fresh database). */
const seeds = new WeakMap();

/**
 * Which rooms each user is in: R = N * 20 / 40 rooms, user u in rooms (u + s*j) mod R for
 * j < 20 (s = floor(R / 20)), so every room has exactly 40 members, each pair of users
 * sharing a few rooms. Open rooms: j = 0 for everyone, and j = 1 for even users (1.5 per
 * user on average, about 3 subscribers per room). The sender of room r is user r (r < R),
 * who made it and has it open.
 * @param {number} users
 */
export function inboxLayout(users) {
  const rooms = (users * ROOMS_PER_USER) / MEMBERS_PER_ROOM;
  if (!Number.isInteger(rooms) || rooms < ROOMS_PER_USER)
    throw new Error(`inbox: ${users} users do not make whole rooms of ${MEMBERS_PER_ROOM}`);
  const stride = Math.floor(rooms / ROOMS_PER_USER);
  const roomsOf = Array.from({ length: users }, (_, u) =>
    Array.from({ length: ROOMS_PER_USER }, (_, j) => (u + stride * j) % rooms),
  );
  const openOf = roomsOf.map((mine, u) => (u % 2 === 0 ? mine.slice(0, 2) : mine.slice(0, 1)));
  return { rooms, roomsOf, openOf };
}

/**
 * Logs the users in and makes and joins the rooms over REST, once per server process.
 * @param {any} contender @param {number} users @returns {Promise<Seed>}
 */
async function seed(contender, users) {
  const key = `${contender.pid}:${users}`;
  /** @type {Map<string, Seed>} */
  const mine = seeds.get(contender) ?? new Map();
  seeds.set(contender, mine);
  const known = mine.get(key);
  const started = Date.now();
  const deadline = started + SEED_BUDGET_MS;
  const inTime = () => {
    if (Date.now() > deadline)
      throw new Error(`inbox: seeding took longer than ${SEED_BUDGET_MS / 1000} s`);
  };
  const tokens = await contender.tokens(users);
  if (known) return { ...known, tokens };
  const layout = inboxLayout(users);
  const loggedIn = Date.now();
  // Room r is made by user r (its owner and first member), so nobody is in more than 20.
  const roomIds = await mapLimit(
    Array.from({ length: layout.rooms }, (_, r) => r),
    SEED_CONCURRENCY,
    async (r) => {
      inTime();
      /** @type {Room} */
      const room = await expectOk(
        contender.api('/api/rooms', {
          method: 'POST',
          token: tokens[r],
          body: { name: `inbox-${users}-${r}` },
        }),
      );
      return room.id;
    },
  );
  const joins = layout.roomsOf.flatMap((mine, u) =>
    mine.filter((r) => r !== u).map((r) => /** @type {const} */ ([u, r])),
  );
  const made = Date.now();
  await mapLimit(joins, SEED_CONCURRENCY, ([u, r]) => {
    inTime();
    return expectOk(
      contender.api(`/api/rooms/${roomIds[r]}/members/me`, { method: 'PUT', token: tokens[u] }),
    );
  });
  const s = (/** @type {number} */ a, /** @type {number} */ b) => ((b - a) / 1000).toFixed(1);
  process.stderr.write(
    `  [inbox] seeded ${users} users in ${layout.rooms} rooms of ${MEMBERS_PER_ROOM}: logins ${s(started, loggedIn)} s, rooms ${s(loggedIn, made)} s, ${joins.length} joins ${s(made, Date.now())} s\n`,
  );
  const done = {
    tokens,
    roomIds,
    roomsOf: layout.roomsOf.map((mine) => mine.map((r) => roomIds[r])),
    openOf: layout.openOf.map((mine) => mine.map((r) => roomIds[r])),
  };
  mine.set(key, done);
  return done;
}

/**
 * One step: today's room sockets, then the per-user sockets, on the same server, users,
 * rooms and schedule. The per-user result is fadmann's; the room sockets' rides along in
 * `variants`, and the report shows the ratio of the two.
 * @param {any} contender @param {InboxShape} shape @param {number} rate offered msgs/s over all rooms
 * @param {any} run
 */
export async function runInboxStep(contender, shape, rate, run) {
  const s = await seed(contender, shape.users);
  const rooms = s.roomIds.length;
  /** @type {Record<number, number[]>} one sender per room: user r sends in room r */
  const senderRooms = {};
  s.roomIds.forEach((room, r) => (senderRooms[room] = [r]));
  const sidOf = (/** @type {number} */ u, /** @type {number} */ room) =>
    u < rooms && room === s.roomIds[u] ? u : -1;

  const roomSocketClients = s.openOf.flatMap((open, u) =>
    open.map((room) => ({ room, token: s.tokens[u], sid: sidOf(u, room) })),
  );
  const perUserClients = s.openOf.map((open, u) => ({
    room: open[0],
    token: s.tokens[u],
    sid: sidOf(u, open[0]),
    rooms: s.roomsOf[u],
    open,
  }));
  const common = {
    server: contender,
    pinning: run.pinning,
    senderRooms,
    rate,
    warmMs: run.warmMs,
    windowMs: run.windowMs,
    drainMs: run.drainMs,
    gens: run.gens,
  };
  const figures = (/** @type {any} */ res, /** @type {boolean} */ perUser) =>
    inboxFigures(res, perUser, {
      rate,
      shape,
      run,
      rooms,
      sockets: perUser ? shape.users : roomSocketClients.length,
    });

  const roomRes = await runLoad({
    ...common,
    mode: 'messages',
    clients: roomSocketClients,
    profileFile: run.profileFile?.replace(/\.cpuprofile$/, '-room-sockets.cpuprofile'),
  });
  const roomSockets = figures(roomRes, false);
  await settle(contender, run.quick ? 1000 : 15000);
  const userRes = await runLoad({
    ...common,
    mode: 'inbox',
    clients: perUserClients,
    profileFile: run.profileFile,
  });
  const perUser = figures(userRes, true);
  // A lost or doubled delivery on room sockets must fail the step (and --quick) as well.
  if (!perUser.error && (roomSockets.error || roomSockets.exact === false)) {
    perUser.pass = false;
    perUser.exact = false;
    perUser.status = 'FAILED';
    perUser.why.push(`room sockets: ${roomSockets.error ?? roomSockets.why.join('; ')}`);
  }
  return { ...perUser, variants: { [ROOM_SOCKETS]: roomSockets } };
}

/**
 * @param {any} res the coordinator's result
 * @param {boolean} perUser
 * @param {{rate: number, shape: InboxShape, run: any, rooms: number, sockets: number}} o
 * @returns {any} the step's figures and verdict, or its error
 */
function inboxFigures(res, perUser, { rate, shape, run, rooms, sockets }) {
  if (res.failedToStart) return { error: res.failedToStart, connect: res.connect };
  const f = socketFigures(res, { windowMs: run.windowMs, loadCores: run.loadCores });
  const windowS = run.windowMs / 1000;
  const c = res.counters ?? {};
  const activityInWindow = perUser ? (c.activityInWindow ?? 0) : 0;
  const framesInWindow = (c.inWindow ?? 0) + activityInWindow;
  const fig = {
    offered: rate,
    rooms,
    sockets,
    ...f,
    activityPerSec: perUser ? round(activityInWindow / windowS, 0) : null,
    activityFrames: perUser ? (c.activityFrames ?? 0) : null,
    activityLag: perUser ? (res.histograms?.activityLag ?? null) : null,
    activityTooSoon: perUser ? (c.activityTooSoon ?? 0) : null,
    activityStale: perUser ? (c.activityStale ?? 0) : null,
    activityUnexpected: perUser ? (c.activityUnexpected ?? 0) : null,
    framesPerSec: round(framesInWindow / windowS, 0),
    // Share of the window the server's main thread was runnable but not running (others' load).
    cpuWaitPct:
      res.server?.runDelayUs != null
        ? round((res.server.runDelayUs / (run.windowMs * 1000)) * 100, 0)
        : null,
    serverCpuPct:
      f.serverCpuUs != null ? round((f.serverCpuUs / (run.windowMs * 1000)) * 100, 0) : null,
    // Server CPU per delivered frame: message frames and room.activity frames alike.
    cpuUsPerDelivery:
      f.serverCpuUs != null ? round(f.serverCpuUs / Math.max(1, framesInWindow), 2) : null,
    // The same messages in both variants: the fairest single figure of what each costs.
    cpuUsPerMessage: f.serverCpuUs != null ? round(f.serverCpuUs / (rate * windowS), 1) : null,
  };
  const verdict = judge(fig, shape.latencyLimitMs, f.latency?.p99 ?? null);
  if (perUser) {
    const wrong = [];
    if (fig.activityStale)
      wrong.push(
        `${fig.activityStale} followed rooms whose last room.activity lacks the room's final message`,
      );
    if (fig.activityUnexpected)
      wrong.push(
        `${fig.activityUnexpected} room.activity for rooms not followed (subscribed or not joined)`,
      );
    if (wrong.length) {
      // A stale or misplaced room.activity is a lost update: not exactly once.
      verdict.pass = false;
      verdict.exact = false;
      verdict.status = 'FAILED';
      verdict.why.push(...wrong);
    }
    if (fig.activityTooSoon)
      verdict.why.push(
        `(info) ${fig.activityTooSoon} room.activity frames arrived < 400 ms after the previous of their room`,
      );
  }
  return { ...fig, ...verdict };
}
