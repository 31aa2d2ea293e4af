// @ts-check
// One simulated chat client: one socket to one room, counting every message it receives
// (per sender and message number, so losses and duplicates are exact) and recording the
// latency from the scheduled send time. Only `message` frames count as deliveries: the
// other timeline frames (`message.edited`, `reaction`, …) carry a seq too, and only move
// the resume cursor.
import { WebSocket } from 'ws';

import { isMessageFrame, PING, readSeq, readStamp } from './frames.js';
import { nowUs, record } from './histogram.js';

const STAMP = [0, 0, 0];

/**
 * @typedef {import('../../src/contract/frames.js').ServerFrame} ServerFrame
 * @typedef {{room: number, token: string, sid: number, localAddress?: string, dropper?: boolean}} ClientSpec
 * @typedef {ReturnType<typeof import('./generator.js').newContext>} Context
 */

/** @param {Context} ctx @param {number} us */
const inWindow = (ctx, us) => us >= ctx.windowStartUs && us < ctx.windowEndUs;

export class Client {
  /** @param {ClientSpec} spec @param {Context} ctx */
  constructor(spec, ctx) {
    this.spec = spec;
    this.ctx = ctx;
    /** @type {WebSocket | null} */
    this.ws = null;
    /** @type {Map<number, number> | undefined} sender id -> index in `counts` */
    this.senders = ctx.senderIndex.get(spec.room);
    this.counts = new Uint8Array((this.senders?.size ?? 0) * ctx.maxPerSender);
    this.lastSeq = 0;
    this.readyAtUs = 0;
    this.awaitFirst = false;
    this.pingAtUs = 0;
    this.sent = 0;
    this.closing = false;
  }

  /** Opens the socket; resolves on the `ready` frame. @param {number | null} since */
  open(since = null) {
    const { ctx, spec } = this;
    let url = `${ctx.baseUrl}/api/ws/${spec.room}?token=${encodeURIComponent(spec.token)}`;
    if (since !== null) url += `&since=${since}`;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, {
        perMessageDeflate: false,
        skipUTF8Validation: true,
        handshakeTimeout: ctx.connectTimeoutMs,
        localAddress: spec.localAddress,
      });
      this.ws = ws;
      let ready = false;
      ws.on('message', (data) => {
        const buf = /** @type {Buffer} */ (data);
        if (isMessageFrame(buf)) return this.onMessage(buf);
        /** @type {ServerFrame} */
        let frame;
        try {
          frame = JSON.parse(buf.toString());
        } catch {
          ctx.badFrames++;
          return;
        }
        if (frame.type === 'ready') {
          if (typeof frame.lastSeq === 'number' && frame.lastSeq > this.lastSeq)
            this.lastSeq = frame.lastSeq;
          this.readyAtUs = nowUs();
          ready = true;
          resolve(undefined);
        } else this.onOther(frame);
      });
      ws.on('unexpected-response', (_req, res) => {
        reject(new Error(`HTTP ${res.statusCode} on upgrade`));
        ws.terminate();
      });
      ws.on('error', (err) => {
        if (!ready) reject(err);
        else ctx.socketErrors++;
      });
      ws.on('close', (code) => {
        if (!ready) reject(new Error(`closed ${code} before ready`));
        else if (!this.closing && ws === this.ws) ctx.unexpectedCloses++;
      });
    });
  }

  /** The hot path: one delivery. @param {Buffer} buf */
  onMessage(buf) {
    const { ctx } = this;
    const now = nowUs();
    if (!readStamp(buf, STAMP)) {
      ctx.foreign++;
      return;
    }
    const [sid, n, scheduled] = STAMP;
    const index = this.senders?.get(sid);
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
    if (ctx.trackSeq) {
      const seq = readSeq(buf);
      if (seq > this.lastSeq) this.lastSeq = seq;
      if (scheduled < this.readyAtUs) {
        // Sent before this socket was (re)opened: a replay, not a live delivery.
        ctx.replayed++;
        return;
      }
      if (this.awaitFirst) {
        this.awaitFirst = false;
        record(ctx.firstAfter, now - scheduled);
      }
    }
    if (scheduled >= ctx.windowStartUs && scheduled < ctx.windowEndUs)
      record(ctx.latency, now - scheduled);
  }

  /** Every frame but the fast path's `message`. @param {ServerFrame} frame */
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
      case 'message.edited':
      case 'message.deleted':
      case 'reaction':
      case 'message.pinned':
        // Timeline events: not deliveries, but the resume cursor is the highest seq seen.
        if (ctx.trackSeq && frame.seq > this.lastSeq) this.lastSeq = frame.seq;
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

  /** Sends message `n` of this sender, stamped with its scheduled time. */
  send(/** @type {string} */ json) {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(json);
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
