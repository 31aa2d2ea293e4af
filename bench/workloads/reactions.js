// @ts-check
// `reactions` (Fadmann only: the baselines have no reactions): one busy room where senders
// post messages over the socket while members add and remove reactions over REST
// (`PUT` / `DELETE /api/messages/{id}/reactions/{emoji}`), each change a `reaction`
// timeline event fanned out to every socket. Stepped by the reaction rate; measures the
// message delivery rate and latency while reactions flow, and the REST latency.
import { runLoad } from '../load/coordinator.js';
import { newHistogram, nowUs, record, summarise } from '../load/histogram.js';
import { expectOk, mapLimit } from '../lib/http.js';
import { judge, round, socketFigures } from './figures.js';

/** @typedef {import('../../src/contract/messages.js').Message} Message */
/** @typedef {import('../../src/contract/messages.js').ReactionSummary} ReactionSummary */

const EMOJIS = ['👍', '🎉', '😂', '👀', '🚀', '🙏'];
const TARGET_MESSAGES = 20;
const MAX_IN_FLIGHT = 256;
const TICK_MS = 1;

/**
 * @param {any} contender
 * @param {{perRoom: number, senders: number, messageRate: number, latencyLimitMs: number}} shape
 * @param {number} reactionRate offered reaction changes/s
 * @param {any} run
 */
export async function runReactionsStep(contender, shape, reactionRate, run) {
  /** @type {string[]} */
  const tokens = await contender.tokens(run.userPool);
  /** @type {number[]} */
  const [room] = await contender.rooms(1);
  await mapLimit(tokens, 4, (token) =>
    expectOk(contender.api(`/api/rooms/${room}/members/me`, { method: 'PUT', token })),
  );
  // Fresh messages each step, so that every reaction starts from none.
  const targets = await mapLimit(
    Array.from({ length: TARGET_MESSAGES }, (_, i) => i),
    4,
    async (i) => {
      /** @type {Message} */
      const message = await expectOk(
        contender.api(`/api/rooms/${room}/messages`, {
          method: 'POST',
          token: tokens[i % tokens.length],
          body: { content: `react to me (${i})` },
        }),
      );
      return message.id;
    },
  );

  /** @type {{room: number, token: string, sid: number}[]} */
  const clients = [];
  /** @type {number[]} */
  const senders = [];
  for (let j = 0; j < shape.perRoom; j++) {
    const isSender = j < shape.senders;
    if (isSender) senders.push(j);
    clients.push({ room, token: tokens[j % tokens.length], sid: isSender ? j : -1 });
  }
  const reactions = reactionLoad(contender, tokens, targets, reactionRate);
  const res = await runLoad({
    server: contender,
    pinning: run.pinning,
    mode: 'messages',
    clients,
    senderRooms: { [room]: senders },
    rate: shape.messageRate,
    warmMs: run.warmMs,
    windowMs: run.windowMs,
    drainMs: run.drainMs,
    gens: run.gens,
    profileFile: run.profileFile,
    onStart: reactions.start,
  });
  const r = await reactions.done();
  if (res.failedToStart) return { error: res.failedToStart, connect: res.connect };
  const f = socketFigures(res, { windowMs: run.windowMs, loadCores: run.loadCores });
  const windowS = run.windowMs / 1000;
  const figures = {
    offered: reactionRate,
    messageRate: shape.messageRate,
    offeredDeliveries: shape.messageRate * shape.perRoom,
    ...f,
    reactionsPerSec: round(r.okInWindow / windowS, 0),
    reactionLatency: r.latency,
    reactionErrors: r.failed,
    reactionStatuses: r.statuses,
    reactionsSkipped: r.skipped,
    eventsPerSec: round((res.counters?.eventsInWindow ?? 0) / windowS, 0),
    cpuUsPerDelivery:
      f.serverCpuUs != null
        ? round(f.serverCpuUs / Math.max(1, (f.deliveriesPerSec ?? 0) * windowS), 2)
        : null,
  };
  const verdict = judge(figures, shape.latencyLimitMs, f.latency?.p99 ?? null);
  if (r.failed > 0) {
    verdict.pass = false;
    verdict.status = verdict.exact ? 'SLOW' : 'FAILED';
    verdict.why.push(`${r.failed} reaction requests failed ${JSON.stringify(r.statuses)}`);
  }
  if (r.skipped > 0)
    verdict.why.push(`${r.skipped} reactions not sent (${MAX_IN_FLIGHT} in flight)`);
  return { ...figures, ...verdict };
}

/**
 * The open-loop reaction schedule: change k at t0 + k/rate until the window ends, each one
 * toggling a (user, message, emoji) so that every request is a change (a `reaction` event).
 * Latency is from the scheduled time, so a slow server cannot hide it.
 * @param {any} contender @param {string[]} tokens @param {number[]} targets @param {number} rate
 */
function reactionLoad(contender, tokens, targets, rate) {
  const latency = newHistogram();
  /** @type {Record<string, number>} */
  const statuses = {};
  const on = new Set();
  const inFlight = new Set();
  let okInWindow = 0;
  let failed = 0;
  let skipped = 0;
  /** @type {() => void} */
  let finished = () => undefined;
  const ended = new Promise((resolve) => (finished = () => resolve(undefined)));

  /** @param {number} scheduled @param {{windowStartUs: number, windowEndUs: number}} clock */
  function one(scheduled, clock) {
    const user = Math.floor(Math.random() * tokens.length);
    const message = targets[Math.floor(Math.random() * targets.length)];
    const emoji = EMOJIS[Math.floor(Math.random() * EMOJIS.length)];
    const key = `${user}:${message}:${emoji}`;
    const add = !on.has(key);
    if (add) on.add(key);
    else on.delete(key);
    const path = `/api/messages/${message}/reactions/${encodeURIComponent(emoji)}`;
    const call = contender
      .api(path, { method: add ? 'PUT' : 'DELETE', token: tokens[user], timeoutMs: 10000 })
      .then(
        (/** @type {{status: number, body: ReactionSummary}} */ res) => {
          const now = nowUs();
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          if (res.status !== 200) return void failed++;
          record(latency, now - scheduled);
          if (now >= clock.windowStartUs && now < clock.windowEndUs) okInWindow++;
        },
        () => {
          statuses.network = (statuses.network ?? 0) + 1;
          failed++;
        },
      )
      .finally(() => inFlight.delete(call));
    inFlight.add(call);
  }

  return {
    /** @param {{t0Us: number, windowStartUs: number, windowEndUs: number}} clock */
    start(clock) {
      if (!(rate > 0)) return finished();
      const intervalUs = rate > 0 ? 1e6 / rate : Infinity;
      let k = 0;
      const tick = () => {
        const now = nowUs();
        for (;;) {
          const scheduled = Math.round(clock.t0Us + k * intervalUs);
          if (scheduled > now || scheduled >= clock.windowEndUs) break;
          k++;
          if (inFlight.size >= MAX_IN_FLIGHT) skipped++;
          else one(scheduled, clock);
        }
        if (clock.t0Us + k * intervalUs < clock.windowEndUs) setTimeout(tick, TICK_MS);
        else finished();
      };
      const delayMs = (clock.t0Us - nowUs()) / 1000;
      setTimeout(tick, Math.max(0, Math.floor(delayMs)));
    },
    /** Resolves once the schedule ended (or never started) and every request answered. */
    async done() {
      await Promise.race([ended, new Promise((r) => setTimeout(r, 1000))]);
      await Promise.allSettled([...inFlight]);
      return { latency: summarise(latency), statuses, okInWindow, failed, skipped };
    },
  };
}
