import { MAX_INT32 } from '../common/int32.js';
import type { ErrorCode } from '../contract/frames.js';
import { MAX_CLIENT_ID_LENGTH, MAX_CONTENT_LENGTH, NO_NUL } from '../contract/messages.js';
import { MAX_ATTACHMENTS } from '../contract/uploads.js';

export type { ErrorCode, ErrorFrame, ServerFrame, UserSocketFrame } from '../contract/frames.js';

/**
 * A client frame once validated (the contract's ClientFrame and UserClientFrame with their
 * defaults filled in). `roomId` is the frame's room on the per-user socket, null on a room
 * socket (whose room is the socket's).
 */
export type ClientFrame =
  | {
      type: 'message';
      roomId: number | null;
      content: string;
      clientId: string | null;
      replyToId: number | null;
      attachmentIds: number[];
    }
  | { type: 'typing'; roomId: number | null; isTyping: boolean }
  | { type: 'read'; roomId: number | null; seq: number }
  | { type: 'subscribe'; roomId: number; since: number | null }
  | { type: 'unsubscribe'; roomId: number }
  | { type: 'ping' };

/** A frame that was refused: answered with an `error` frame, the socket stays open. */
export class FrameError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly clientId?: string | number,
    readonly roomId?: number,
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
export function parseClientFrame(data: Buffer | string, perUser = false): ClientFrame {
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
    return validate(fields, perUser);
  } catch (error) {
    const { clientId, roomId } = fields;
    // An error answering a frame that had a clientId carries it, whatever it was; one
    // answering a room's frame on the per-user socket carries its room.
    const echoed = typeof clientId === 'string' || typeof clientId === 'number';
    const room = perUser && isId(roomId) ? roomId : undefined;
    if (!echoed && room === undefined) throw error;
    const { code, message } = error as FrameError;
    throw new FrameError(code, message, echoed ? clientId : undefined, room);
  }
}

function validate(fields: Record<string, unknown>, perUser: boolean): ClientFrame {
  const type = perUser || !ROOM_FRAMES_ONLY.has(fields.type) ? fields.type : undefined;
  switch (type) {
    case 'message':
      return validateMessage(fields, roomIdOf(fields, perUser));
    case 'typing': {
      const roomId = roomIdOf(fields, perUser);
      if (typeof fields.isTyping !== 'boolean') {
        throw new FrameError('invalid', 'isTyping must be a boolean');
      }
      return { type: 'typing', roomId, isTyping: fields.isTyping };
    }
    case 'read': {
      const roomId = roomIdOf(fields, perUser);
      return { type: 'read', roomId, seq: cursor(fields.seq, 'seq') };
    }
    case 'subscribe': {
      const roomId = roomIdOf(fields, true);
      const since =
        fields.since === undefined || fields.since === null ? null : cursor(fields.since, 'since');
      return { type: 'subscribe', roomId, since };
    }
    case 'unsubscribe':
      return { type: 'unsubscribe', roomId: roomIdOf(fields, true) };
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

/** Frames that only the per-user socket knows: the room socket answers them `unknown_type`. */
const ROOM_FRAMES_ONLY = new Set<unknown>(['subscribe', 'unsubscribe']);

function isId(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= MAX_INT32;
}

function cursor(value: unknown, field: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new FrameError('invalid', `${field} must be a non-negative integer`);
  }
  return value as number;
}

/** On the per-user socket every room's frame names its room; a room socket's is its own. */
function roomIdOf(fields: Record<string, unknown>, perUser: true): number;
function roomIdOf(fields: Record<string, unknown>, perUser: boolean): number | null;
function roomIdOf(fields: Record<string, unknown>, perUser: boolean): number | null {
  if (!perUser) return null;
  if (!isId(fields.roomId)) {
    throw new FrameError('invalid', 'roomId must be a room id (a positive integer)');
  }
  return fields.roomId;
}

function validateMessage(fields: Record<string, unknown>, roomId: number | null): ClientFrame {
  const { content, clientId, replyToId } = fields;
  if (typeof content !== 'string') {
    throw new FrameError('invalid', 'content must be a string');
  }
  const attachmentIds = attachmentIdsOf(fields.attachmentIds);
  const trimmed = content.trim();
  if (trimmed.length < (attachmentIds.length > 0 ? 0 : 1) || trimmed.length > MAX_CONTENT_LENGTH) {
    throw new FrameError(
      'invalid',
      `content must be 1 to ${MAX_CONTENT_LENGTH} characters after trimming (empty only with attachmentIds)`,
    );
  }
  if (!NO_NUL.test(trimmed))
    throw new FrameError('invalid', 'content must not contain NUL characters');
  if (replyToId !== undefined && replyToId !== null && !isId(replyToId)) {
    throw new FrameError('invalid', 'replyToId must be a message id (a positive integer)');
  }
  const reply = (replyToId as number | null | undefined) ?? null;
  if (clientId === undefined || clientId === null) {
    return {
      type: 'message',
      roomId,
      content: trimmed,
      clientId: null,
      replyToId: reply,
      attachmentIds,
    };
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
  return { type: 'message', roomId, content: trimmed, clientId, replyToId: reply, attachmentIds };
}

/** Absent, or 1 to MAX_ATTACHMENTS distinct upload ids. */
function attachmentIdsOf(value: unknown): number[] {
  if (value === undefined || value === null) return [];
  if (
    !Array.isArray(value) ||
    value.length < 1 ||
    value.length > MAX_ATTACHMENTS ||
    !value.every(isId) ||
    new Set(value).size !== value.length
  ) {
    throw new FrameError(
      'invalid',
      `attachmentIds must be 1 to ${MAX_ATTACHMENTS} distinct upload ids (positive integers)`,
    );
  }
  return value as number[];
}
