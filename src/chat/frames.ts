import { MAX_INT32 } from '../common/int32.js';
import type { ErrorCode } from '../contract/frames.js';
import { MAX_CLIENT_ID_LENGTH, MAX_CONTENT_LENGTH, NO_NUL } from '../contract/messages.js';

export type { ErrorCode, ErrorFrame, ServerFrame } from '../contract/frames.js';

/** A client frame once validated (the contract's ClientFrame with its defaults filled in). */
export type ClientFrame =
  | { type: 'message'; content: string; clientId: string | null; replyToId: number | null }
  | { type: 'typing'; isTyping: boolean }
  | { type: 'read'; seq: number }
  | { type: 'ping' };

/** A frame that was refused: answered with an `error` frame, the socket stays open. */
export class FrameError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly clientId?: string | number,
  ) {
    super(message);
  }
}

/**
 * Parses and validates one client frame by hand (this is the hot path: no class-validator).
 * Not JSON: `bad_json`. Not a JSON object: `invalid`. No string `type`, or one we do not
 * know: `unknown_type`. A bad field: `invalid`, naming the field. Unknown extra fields are
 * ignored, so that newer clients can talk to older servers. Throws a FrameError.
 */
export function parseClientFrame(data: Buffer | string): ClientFrame {
  let frame: unknown;
  try {
    frame = JSON.parse(typeof data === 'string' ? data : data.toString());
  } catch {
    throw new FrameError('bad_json', 'The frame is not valid JSON');
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
    throw new FrameError('invalid', 'A frame must be a JSON object with a "type"');
  }
  const fields = frame as Record<string, unknown>;
  try {
    return validate(fields);
  } catch (error) {
    const { clientId } = fields;
    if (typeof clientId !== 'string' && typeof clientId !== 'number') throw error;
    // An error answering a frame that had a clientId carries it, whatever it was.
    throw new FrameError((error as FrameError).code, (error as FrameError).message, clientId);
  }
}

function validate(fields: Record<string, unknown>): ClientFrame {
  switch (fields.type) {
    case 'message':
      return validateMessage(fields);
    case 'typing':
      if (typeof fields.isTyping !== 'boolean') {
        throw new FrameError('invalid', 'isTyping must be a boolean');
      }
      return { type: 'typing', isTyping: fields.isTyping };
    case 'read':
      if (!Number.isSafeInteger(fields.seq) || (fields.seq as number) < 0) {
        throw new FrameError('invalid', 'seq must be a non-negative integer');
      }
      return { type: 'read', seq: fields.seq as number };
    case 'ping':
      return { type: 'ping' };
    default:
      throw new FrameError(
        'unknown_type',
        typeof fields.type === 'string'
          ? `Unknown frame type "${fields.type.slice(0, 32)}"`
          : 'A frame needs a string "type"',
      );
  }
}

function validateMessage(fields: Record<string, unknown>): ClientFrame {
  const { content, clientId, replyToId } = fields;
  if (typeof content !== 'string') {
    throw new FrameError('invalid', 'content must be a string');
  }
  const trimmed = content.trim();
  if (trimmed.length < 1 || trimmed.length > MAX_CONTENT_LENGTH) {
    throw new FrameError(
      'invalid',
      `content must be 1 to ${MAX_CONTENT_LENGTH} characters after trimming`,
    );
  }
  if (!NO_NUL.test(trimmed))
    throw new FrameError('invalid', 'content must not contain NUL characters');
  if (
    replyToId !== undefined &&
    replyToId !== null &&
    (!Number.isSafeInteger(replyToId) ||
      (replyToId as number) < 1 ||
      (replyToId as number) > MAX_INT32)
  ) {
    throw new FrameError('invalid', 'replyToId must be a message id (a positive integer)');
  }
  const reply = (replyToId as number | null | undefined) ?? null;
  if (clientId === undefined || clientId === null) {
    return { type: 'message', content: trimmed, clientId: null, replyToId: reply };
  }
  if (
    typeof clientId !== 'string' ||
    clientId.length < 1 ||
    clientId.length > MAX_CLIENT_ID_LENGTH ||
    !NO_NUL.test(clientId)
  ) {
    throw new FrameError(
      'invalid',
      `clientId must be a string of 1 to ${MAX_CLIENT_ID_LENGTH} characters, without NUL`,
    );
  }
  return { type: 'message', content: trimmed, clientId, replyToId: reply };
}
