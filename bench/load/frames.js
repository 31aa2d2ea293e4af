// @ts-check
// Reading server frames without a full JSON.parse on the hot path: the frame type, the
// bench stamp carried in `clientId` ("<sender>.<n>.<scheduled µs>") and the `seq`.
// Anything unusual falls back to JSON.parse in the caller. The frames are those of the
// contract (src/contract/frames.ts), checked by `tsc -p bench/tsconfig.json`.

/**
 * @typedef {import('../../src/contract/frames.js').ServerFrame} ServerFrame
 * @typedef {import('../../src/contract/frames.js').ClientFrame} ClientFrame
 * @typedef {Extract<ServerFrame, { type: 'message' }>} MessageFrame
 * @typedef {Extract<ClientFrame, { type: 'message' }>} SendMessageFrame
 */

const TYPE_KEY = Buffer.from('"type":"');
const MESSAGE = Buffer.from('message"');
const CLIENT_KEY = Buffer.from('"clientId":"');
const SEQ_KEY = Buffer.from('"seq":');

/**
 * True when the frame's top-level type is exactly "message": a new message, the only frame
 * counted as a delivery. Other timeline frames (`message.edited`, `reaction`, …) also carry
 * a seq, and fail here on the character after `message`. Nested objects carry no `type`.
 */
export function isMessageFrame(/** @type {Buffer} */ buf) {
  const p = buf.indexOf(TYPE_KEY);
  if (p < 0) return false;
  const start = p + TYPE_KEY.length;
  for (let i = 0; i < MESSAGE.length; i++) if (buf[start + i] !== MESSAGE[i]) return false;
  return true;
}

/**
 * Reads the stamp into `out` = [sender, n, scheduledUs]; false if there is none.
 * @param {Buffer} buf @param {number[]} out
 */
export function readStamp(buf, out) {
  const p = buf.indexOf(CLIENT_KEY);
  if (p < 0) return false;
  let i = p + CLIENT_KEY.length;
  for (let k = 0; k < 3; k++) {
    let v = 0;
    let digits = 0;
    for (let c = buf[i]; c >= 48 && c <= 57; c = buf[++i]) {
      v = v * 10 + (c - 48);
      digits++;
    }
    if (digits === 0) return false;
    out[k] = v;
    const sep = buf[i++];
    if (k < 2 ? sep !== 46 : sep !== 34) return false;
  }
  return true;
}

/** The first `seq` of the frame (a `message` frame's is its message's), or -1. */
export function readSeq(/** @type {Buffer} */ buf) {
  const p = buf.indexOf(SEQ_KEY);
  if (p < 0) return -1;
  let v = 0;
  let i = p + SEQ_KEY.length;
  for (let c = buf[i]; c >= 48 && c <= 57; c = buf[++i]) v = v * 10 + (c - 48);
  return v;
}

/** The stamp for message `n` of sender `sid`, scheduled at `us`. */
export const stamp = (
  /** @type {number} */ sid,
  /** @type {number} */ n,
  /** @type {number} */ us,
) => `${sid}.${n}.${us}`;

/**
 * The `message` frame a sender sends, as a typed frame serialised once with placeholders:
 * the compiler checks the fields, and each send only concatenates (JSON.stringify per send
 * costs about 20 times more). `content` and `clientId` must be JSON-safe (no quotes,
 * backslashes or control characters), as the plan's text and the stamps are.
 * @type {SendMessageFrame}
 */
const SEND_TEMPLATE = { type: 'message', content: '\u0000', clientId: '\u0000' };
const [SEND_HEAD, SEND_MID, SEND_TAIL] = JSON.stringify(SEND_TEMPLATE).split('\\u0000');

/** @param {string} content @param {string} clientId */
export const messageFrame = (content, clientId) =>
  SEND_HEAD + content + SEND_MID + clientId + SEND_TAIL;

/** The `ping` frame, serialised once. */
export const PING = JSON.stringify(/** @type {ClientFrame} */ ({ type: 'ping' }));
