// @ts-check
// A load-generator process (forked by coordinator.js, talks over IPC): opens its share of
// the clients, then runs an open-loop schedule (each send stamped with its *scheduled*
// time), counts every receipt at every member, and reports histograms and counters.
// Phases: setup -> 'connected'; start -> 'sent'; expect -> 'result'; close -> exit.
import { Client } from './client.js';
import { messageFrame, stamp } from './frames.js';
import { encode, newHistogram, nowUs, record } from './histogram.js';
import { UserClient } from './user-client.js';

const TICK_MS = 1;

/** @param {any} plan */
export function newContext(plan) {
  /** @type {Map<number, Map<number, number>>} */
  const senderIndex = new Map();
  for (const [room, sids] of Object.entries(plan.senderRooms ?? {})) {
    const index = /** @type {number[]} */ (sids).map((sid, i) => /** @type {const} */ ([sid, i]));
    senderIndex.set(Number(room), new Map(index));
  }
  return {
    baseUrl: plan.baseUrl,
    connectTimeoutMs: plan.connectTimeoutMs,
    maxPerSender: plan.maxPerSender ?? 0,
    trackSeq: plan.mode === 'storm',
    senderIndex,
    windowStartUs: Infinity,
    windowEndUs: Infinity,
    latency: newHistogram(),
    firstAfter: newHistogram(),
    pingLatency: newHistogram(),
    reconnect: newHistogram(),
    handshake: newHistogram(),
    sendLag: newHistogram(),
    /** `inbox`: from the scheduled send of the message a `room.activity` carries to its receipt. */
    activityLag: newHistogram(),
    receipts: 0,
    unique: 0,
    duplicates: 0,
    unexpected: 0,
    foreign: 0,
    inWindow: 0,
    replayed: 0,
    badFrames: 0,
    socketErrors: 0,
    unexpectedCloses: 0,
    resyncs: 0,
    /** Timeline frames other than `message` (edits, reactions, …): not deliveries. */
    events: 0,
    eventsInWindow: 0,
    pongs: 0,
    pings: 0,
    /** `inbox` (per-user sockets): `room.activity` frames and what was odd about them. */
    activityFrames: 0,
    activityInWindow: 0,
    activityTooSoon: 0,
    activityUnexpected: 0,
    activitySlowPath: 0,
    readyMissing: 0,
    /** @type {Record<string, number>} */
    errorFrames: {},
    /** @type {import('../../src/contract/frames.js').ErrorFrame[]} */
    errorSamples: [],
  };
}

/** @type {any} */
let plan;
/** @type {ReturnType<typeof newContext>} */
let ctx;
/** @type {(Client | UserClient)[]} */
let clients = [];
const sentBySender = new Map();
let sendFailed = 0;
let cpuAtStart = process.cpuUsage();
let cpuInWindow = { user: 0, system: 0 };
const storm = { drops: 0, back: 0, failed: 0, firstDropUs: 0, lastBackUs: 0 };

const send = (/** @type {any} */ msg) => process.send?.(msg);

/**
 * Runs `work` over `items` with at most `limit` in flight.
 * @template T @param {T[]} items @param {number} limit @param {(item: T) => Promise<void>} work
 */
async function pool(items, limit, work) {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(runners);
}

async function connectAll() {
  const started = Date.now();
  let ok = 0;
  let failed = 0;
  /** @type {string[]} */
  const errors = [];
  const deadline = started + plan.connectBudgetMs;
  await pool(clients, plan.concurrency, async (/** @type {Client | UserClient} */ c) => {
    if (Date.now() > deadline) {
      failed++;
      return;
    }
    const t = nowUs();
    try {
      await c.open();
      record(ctx.handshake, nowUs() - t);
      ok++;
    } catch (err) {
      failed++;
      if (errors.length < 3) errors.push(String(/** @type {Error} */ (err).message ?? err));
    }
  });
  send({
    evt: 'connected',
    ok,
    failed,
    errors,
    elapsedMs: Date.now() - started,
    handshake: encode(ctx.handshake),
  });
}

/** The open-loop message schedule of this process: evenly spaced, round-robin over its senders. */
function runMessages(/** @type {any} */ start, /** @type {() => void} */ done) {
  const senders = clients.filter((c) => c.spec.sid >= 0);
  const durationUs = (start.warmMs + start.windowMs) * 1000;
  const total = senders.length > 0 ? Math.floor((start.rate * durationUs) / 1e6) : 0;
  const intervalUs = total > 0 ? durationUs / total : 0;
  const content = plan.content;
  let k = 0;
  const tick = () => {
    const now = nowUs();
    while (k < total) {
      const scheduled = Math.round(start.t0Us + k * intervalUs);
      if (scheduled > now) break;
      const sender = senders[k % senders.length];
      const sid = sender.spec.sid;
      const n = sentBySender.get(sid) ?? 0;
      sentBySender.set(sid, n + 1);
      const json = messageFrame(content, stamp(sid, n, scheduled));
      if (!sender.send(json)) sendFailed++;
      record(ctx.sendLag, now - scheduled);
      k++;
    }
    if (k < total) setTimeout(tick, TICK_MS);
    else done();
  };
  for (const s of senders) sentBySender.set(s.spec.sid, 0);
  waitUntil(start.t0Us, tick);
}

/** Idle heartbeat: every client sends one `ping` at a random moment of the window. */
function runPings(/** @type {any} */ start, /** @type {() => void} */ done) {
  const from = ctx.windowStartUs;
  const span = ctx.windowEndUs - from;
  const order = clients
    .map((c) => ({ c, at: from + Math.random() * span * 0.9 }))
    .sort((a, b) => a.at - b.at);
  let i = 0;
  const tick = () => {
    const now = nowUs();
    while (i < order.length && order[i].at <= now) {
      if (order[i].c.ping(Math.round(order[i].at))) ctx.pings++;
      i++;
    }
    if (i < order.length) setTimeout(tick, TICK_MS);
  };
  waitUntil(start.t0Us, tick);
  waitUntil(ctx.windowEndUs, done);
}

/** Storm: each dropper drops its socket at a random moment of the spread and resumes with `since`. */
function runStorm(/** @type {any} */ start) {
  const droppers = /** @type {Client[]} */ (clients).filter((c) => c.spec.dropper);
  const from = start.t0Us + start.stormAtMs * 1000;
  for (const c of droppers) {
    const at = from + Math.random() * start.stormSpreadMs * 1000;
    waitUntil(at, () => drop(c));
  }
}

async function drop(/** @type {Client} */ c) {
  const t = nowUs();
  if (storm.firstDropUs === 0) storm.firstDropUs = t;
  storm.drops++;
  const old = c.ws;
  c.ws = null;
  old?.terminate();
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await c.open(c.lastSeq);
      c.awaitFirst = true;
      const back = nowUs();
      record(ctx.reconnect, back - t);
      storm.back++;
      storm.lastBackUs = Math.max(storm.lastBackUs, back);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  storm.failed++;
}

function waitUntil(/** @type {number} */ us, /** @type {() => void} */ fn) {
  const delayMs = (us - nowUs()) / 1000;
  if (delayMs <= 0) fn();
  else setTimeout(fn, Math.floor(delayMs));
}

function onStart(/** @type {any} */ start) {
  ctx.windowStartUs = start.t0Us + start.warmMs * 1000;
  ctx.windowEndUs = ctx.windowStartUs + start.windowMs * 1000;
  waitUntil(ctx.windowStartUs, () => (cpuAtStart = process.cpuUsage()));
  waitUntil(ctx.windowEndUs, () => (cpuInWindow = process.cpuUsage(cpuAtStart)));
  const finished = () =>
    send({
      evt: 'sent',
      sent: Object.fromEntries(sentBySender),
      sendFailed,
      pings: ctx.pings,
    });
  if (plan.mode === 'idle') return runPings(start, finished);
  if (plan.mode === 'storm') runStorm(start);
  runMessages(start, () => waitUntil(ctx.windowEndUs, finished));
}

/** Waits (bounded) until every expected delivery has arrived, then reports. */
function onExpect(/** @type {any} */ msg) {
  let expected = 0;
  if (plan.mode === 'idle') expected = ctx.pings;
  else {
    for (const c of clients) {
      if (!c.senders) continue;
      for (const sid of c.senders.keys()) expected += msg.sent[sid] ?? 0;
    }
  }
  const arrived = () => (plan.mode === 'idle' ? ctx.pongs : ctx.unique);
  // inbox: also wait until each followed room's last `room.activity` carries its final message.
  const stale = plan.mode === 'inbox' ? staleActivity(msg.sent) : () => 0;
  // In a storm, also wait for every dropped client to be back (or to have given up).
  const reconnecting = () => storm.drops - storm.back - storm.failed;
  const deadline = Date.now() + msg.drainMs;
  const check = () => {
    const waiting = arrived() < expected || reconnecting() > 0 || stale() > 0;
    if (waiting && Date.now() < deadline) return void setTimeout(check, 20);
    const c = ctx;
    send({
      evt: 'result',
      expected,
      arrived: arrived(),
      counters: {
        receipts: c.receipts,
        unique: c.unique,
        duplicates: c.duplicates,
        unexpected: c.unexpected,
        foreign: c.foreign,
        inWindow: c.inWindow,
        replayed: c.replayed,
        badFrames: c.badFrames,
        socketErrors: c.socketErrors,
        unexpectedCloses: c.unexpectedCloses,
        resyncs: c.resyncs,
        events: c.events,
        eventsInWindow: c.eventsInWindow,
        pongs: c.pongs,
        pings: c.pings,
        activityFrames: c.activityFrames,
        activityInWindow: c.activityInWindow,
        activityTooSoon: c.activityTooSoon,
        activityUnexpected: c.activityUnexpected,
        activitySlowPath: c.activitySlowPath,
        activityStale: stale(),
        readyMissing: c.readyMissing,
      },
      errorFrames: c.errorFrames,
      errorSamples: c.errorSamples,
      cpuUs: cpuInWindow.user + cpuInWindow.system,
      storm,
      latency: encode(c.latency),
      firstAfter: encode(c.firstAfter),
      pingLatency: encode(c.pingLatency),
      reconnect: encode(c.reconnect),
      sendLag: encode(c.sendLag),
      histograms: { activityLag: encode(c.activityLag) },
    });
  };
  check();
}

/**
 * `inbox`: a counter of the (socket, followed room) pairs whose last `room.activity` does
 * not carry the room's final message yet; each room has one sender.
 * @param {Record<string, number>} sent
 */
function staleActivity(sent) {
  /** @type {Map<number, number>} */
  const senderOfRoom = new Map();
  for (const [room, index] of ctx.senderIndex) {
    for (const sid of index.keys()) senderOfRoom.set(room, sid);
  }
  const users = clients.filter((c) => c instanceof UserClient);
  return () => users.reduce((n, c) => n + c.staleRooms(senderOfRoom, sent), 0);
}

process.on('message', (/** @type {any} */ msg) => {
  if (msg.cmd === 'setup') {
    plan = msg.plan;
    ctx = newContext(plan);
    clients = plan.clients.map((/** @type {any} */ spec) =>
      plan.mode === 'inbox' ? new UserClient(spec, ctx) : new Client(spec, ctx),
    );
    void connectAll();
  } else if (msg.cmd === 'start') onStart(msg);
  else if (msg.cmd === 'expect') onExpect(msg);
  else if (msg.cmd === 'close') {
    for (const c of clients) c.close();
    setTimeout(() => process.exit(0), 50);
  }
});
process.on('disconnect', () => process.exit(0));
