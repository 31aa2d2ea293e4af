// @ts-check
// One simulated user on the per-user socket (`WS /api/ws?token=…`, the `inbox` workload):
// waits for `ready` (every joined room's counters), subscribes to its open rooms (each
// answered by `subscribed`), then counts every `message` frame of those rooms exactly as a
// room socket's client does (per sender and number: losses and duplicates are exact), and
// follows its other rooms by `room.activity`: how many, how late (from the scheduled send
// of the `lastMessage` they carry), how close together per room, and whether the last one
// of each room carries the room's final message. Frames are read without JSON.parse on the
// hot paths (`message`, `room.activity`).
import { WebSocket } from 'ws';

import { isMessageFrame, PING, readStamp } from './frames.js';
import { nowUs, record } from './histogram.js';

/**
 * @typedef {import('../../src/contract/frames.js').UserSocketFrame} UserSocketFrame
 * @typedef {import('../../src/contract/frames.js').UserClientFrame} UserClientFrame
 * @typedef {Extract<UserSocketFrame, { type: 'room.activity' }>} RoomActivityFrame
 * @typedef {Extract<UserClientFrame, { type: 'subscribe' }>} SubscribeFrame
 * @typedef {Extract<UserClientFrame, { type: 'message' }>} UserSendFrame
 * @typedef {{room: number, token: string, sid: number, rooms: number[], open: number[], localAddress?: string}} UserClientSpec
 * @typedef {ReturnType<typeof import('./generator.js').newContext>} Context
 */

/** Two `room.activity` frames of one room closer than this at the client count as too soon. */
export const ACTIVITY_TOO_SOON_MS = 400;

const STAMP = [0, 0, 0];

/** `{"type":"room.activity"`: the frame's head as the server serialises it (type first). */
const ACTIVITY_TEMPLATE = /** @type {RoomActivityFrame} */ ({
  type: 'room.activity',
  roomId: 0,
  lastSeq: 0,
  lastMessage: null,
  unreadCount: 0,
  mentionCount: 0,
});
const ACTIVITY_HEAD = Buffer.from(JSON.stringify(ACTIVITY_TEMPLATE).split(',')[0]);
const ROOM_ID_KEY = Buffer.from('"roomId":');

/** The `message` frame of the per-user socket: the room socket's with `roomId` in front. */
const SEND_TEMPLATE = /** @type {UserSendFrame} */ ({
  roomId: 0,
  type: 'message',
  content: '',
  clientId: '',
});
const SEND_HEAD = JSON.stringify(SEND_TEMPLATE).slice(0, '{"roomId":'.length);

/** @param {Context} ctx @param {number} us */
const inWindow = (ctx, us) => us >= ctx.windowStartUs && us < ctx.windowEndUs;

/** The first integer after `key` (at or after `from`), or -1. @param {Buffer} buf @param {Buffer} key */
function readIntAfter(buf, key, from = 0) {
  const p = buf.indexOf(key, from);
  if (p < 0) return -1;
  let i = p + key.length;
  let v = 0;
  let digits = 0;
  for (let c = buf[i]; c >= 48 && c <= 57; c = buf[++i]) {
    v = v * 10 + (c - 48);
    digits++;
  }
  return digits > 0 ? v : -1;
}

export class UserClient {
  /** @param {UserClientSpec} spec @param {Context} ctx */
  constructor(spec, ctx) {
    this.spec = spec;
    this.ctx = ctx;
    /** @type {WebSocket | null} */
    this.ws = null;
    // Every sender of every open room gets its own slots: sender ids are unique across rooms.
    /** @type {Map<number, number>} sender id -> index in `counts` */
    this.senders = new Map();
    for (const room of spec.open) {
      for (const sid of ctx.senderIndex.get(room)?.keys() ?? []) {
        this.senders.set(sid, this.senders.size);
      }
    }
    this.counts = new Uint8Array(this.senders.size * ctx.maxPerSender);
    const open = new Set(spec.open);
    /** The rooms followed by `room.activity`: joined, not subscribed. */
    this.followed = spec.rooms.filter((r) => !open.has(r));
    /**
     * Per followed room: the last `room.activity` received (client time, and the stamp of
     * the lastMessage it carried: sender and number, -1 without one).
     * @type {Map<number, {atUs: number, sid: number, n: number}>}
     */
    this.activity = new Map();
    this.closing = false;
    this.pingAtUs = 0;
  }

  /** Opens the socket; resolves once `ready` came and every open room answered `subscribed`. */
  open() {
    const { ctx, spec } = this;
    const url = `${ctx.baseUrl}/api/ws?token=${encodeURIComponent(spec.token)}`;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, {
        perMessageDeflate: false,
        skipUTF8Validation: true,
        handshakeTimeout: ctx.connectTimeoutMs,
        localAddress: spec.localAddress,
      });
      this.ws = ws;
      const waiting = new Set(spec.open);
      let settled = false;
      const timer = setTimeout(
        () => fail(new Error(`not subscribed within ${ctx.connectTimeoutMs} ms`)),
        ctx.connectTimeoutMs,
      );
      const fail = (/** @type {Error} */ err) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(err);
        ws.terminate();
      };
      ws.on('message', (data) => {
        const buf = /** @type {Buffer} */ (data);
        if (isMessageFrame(buf)) return this.onMessage(buf);
        if (buf.indexOf(ACTIVITY_HEAD) === 0 && this.onActivity(buf)) return;
        /** @type {UserSocketFrame} */
        let frame;
        try {
          frame = JSON.parse(buf.toString());
        } catch {
          ctx.badFrames++;
          return;
        }
        if (frame.type === 'ready') {
          const joined = new Set(frame.rooms.map((r) => r.id));
          const missing = spec.rooms.filter((r) => !joined.has(r));
          if (missing.length > 0) {
            ctx.readyMissing += missing.length;
            return fail(new Error(`ready lacks ${missing.length} joined rooms (${missing[0]}…)`));
          }
          for (const room of spec.open) {
            /** @type {SubscribeFrame} */
            const subscribe = { type: 'subscribe', roomId: room };
            ws.send(JSON.stringify(subscribe));
          }
        } else if (frame.type === 'subscribed') {
          waiting.delete(frame.roomId);
          if (waiting.size === 0 && !settled) {
            settled = true;
            clearTimeout(timer);
            resolve(undefined);
          }
        } else if (frame.type === 'error' && !settled) {
          this.onOther(frame);
          fail(new Error(`error ${frame.code} (room ${frame.roomId ?? '-'}): ${frame.message}`));
        } else this.onOther(frame);
      });
      ws.on('unexpected-response', (_req, res) =>
        fail(new Error(`HTTP ${res.statusCode} on upgrade`)),
      );
      ws.on('error', (err) => {
        if (!settled) fail(err);
        else ctx.socketErrors++;
      });
      ws.on('close', (code) => {
        if (!settled) fail(new Error(`closed ${code} before subscribed`));
        else if (!this.closing && ws === this.ws) ctx.unexpectedCloses++;
      });
    });
  }

  /** The hot path: one delivery of a subscribed room. @param {Buffer} buf */
  onMessage(buf) {
    const { ctx } = this;
    const now = nowUs();
    if (!readStamp(buf, STAMP)) {
      ctx.foreign++;
      return;
    }
    const [sid, n, scheduled] = STAMP;
    const index = this.senders.get(sid);
    if (index === undefined || n >= ctx.maxPerSender) {
      ctx.unexpected++;
      return;
    }
    const slot = index * ctx.maxPerSender + n;
    const seen = this.counts[slot];
    if (seen === 0) ctx.unique++;
    else ctx.duplicates++;
    if (seen < 255) this.counts[slot] = seen + 1;
    ctx.receipts++;
    if (inWindow(ctx, now)) ctx.inWindow++;
    if (scheduled >= ctx.windowStartUs && scheduled < ctx.windowEndUs)
      record(ctx.latency, now - scheduled);
  }

  /**
   * `room.activity` of a followed room: counted, its lag from the scheduled send of the
   * message it carries, its distance from the previous one of the room. False when the
   * frame does not read as expected (the caller parses it then).
   * @param {Buffer} buf
   */
  onActivity(buf) {
    const { ctx } = this;
    const now = nowUs();
    // The top-level roomId comes right after the type, before lastMessage's own roomId.
    const roomId = readIntAfter(buf, ROOM_ID_KEY, ACTIVITY_HEAD.length);
    if (roomId < 0) return false;
    ctx.activityFrames++;
    if (inWindow(ctx, now)) ctx.activityInWindow++;
    let state = this.activity.get(roomId);
    if (!state) {
      if (!this.followed.includes(roomId)) ctx.activityUnexpected++;
      state = { atUs: 0, sid: -1, n: -1 };
      this.activity.set(roomId, state);
    } else if (now - state.atUs < ACTIVITY_TOO_SOON_MS * 1000) ctx.activityTooSoon++;
    state.atUs = now;
    // The lastMessage's stamp (its clientId); none when the room has no message yet.
    if (readStamp(buf, STAMP)) {
      const [sid, n, scheduled] = STAMP;
      state.sid = sid;
      state.n = n;
      if (scheduled >= ctx.windowStartUs && scheduled < ctx.windowEndUs)
        record(ctx.activityLag, now - scheduled);
    } else {
      state.sid = -1;
      state.n = -1;
    }
    return true;
  }

  /**
   * Followed rooms whose last `room.activity` does not (yet) carry the room's final message,
   * given each room's only sender and how many it sent.
   * @param {Map<number, number>} senderOfRoom @param {Record<string, number>} sent
   */
  staleRooms(senderOfRoom, sent) {
    let stale = 0;
    for (const room of this.followed) {
      const sid = senderOfRoom.get(room);
      const total = sid === undefined ? 0 : (sent[sid] ?? 0);
      if (total === 0) continue;
      const last = this.activity.get(room);
      if (!last || last.sid !== sid || last.n !== total - 1) stale++;
    }
    return stale;
  }

  /** Every frame but `message` and `room.activity`. @param {UserSocketFrame} frame */
  onOther(frame) {
    const { ctx } = this;
    switch (frame.type) {
      case 'pong':
        if (this.pingAtUs > 0) {
          record(ctx.pingLatency, nowUs() - this.pingAtUs);
          this.pingAtUs = 0;
          ctx.pongs++;
        }
        break;
      case 'message':
        // Spaced or reordered JSON: the slow path.
        this.onMessage(Buffer.from(JSON.stringify({ type: 'message', message: frame.message })));
        break;
      case 'room.activity':
        // Not the expected head: re-serialised in the expected order.
        ctx.activitySlowPath++;
        this.onActivity(Buffer.from(JSON.stringify({ ...ACTIVITY_TEMPLATE, ...frame })));
        break;
      case 'message.edited':
      case 'message.deleted':
      case 'reaction':
      case 'message.pinned':
        ctx.events++;
        if (inWindow(ctx, nowUs())) ctx.eventsInWindow++;
        break;
      case 'error':
        ctx.errorFrames[frame.code] = (ctx.errorFrames[frame.code] ?? 0) + 1;
        if (ctx.errorSamples.length < 3) ctx.errorSamples.push(frame);
        break;
      case 'resync':
        ctx.resyncs++;
        break;
    }
  }

  /**
   * Sends one of the generator's `message` frames (the room socket's) into this user's
   * sending room: the same frame with `roomId` in front.
   * @param {string} json
   */
  send(json) {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(`${SEND_HEAD}${this.spec.room},${json.slice(1)}`);
    return true;
  }

  ping(/** @type {number} */ scheduledUs) {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.pingAtUs = scheduledUs;
    this.ws.send(PING);
    return true;
  }

  close() {
    this.closing = true;
    this.ws?.terminate();
  }
}
