import type { Message, UserRef } from './messages.js';

/**
 * The frame protocol of `WS /api/ws/{roomId}`, written once for the server, the SPA and the
 * bench; docs/asyncapi.yaml describes the same frames and a test keeps the two in step.
 */

/** Timeline events: each takes the room's next seq and is replayed by `since`. */
export type TimelineFrame =
  | { type: 'message'; message: Message }
  | {
      type: 'message.edited';
      seq: number;
      messageId: number;
      content: string;
      editedAt: string;
      mentions: UserRef[];
    }
  | { type: 'message.deleted'; seq: number; messageId: number }
  | {
      type: 'reaction';
      seq: number;
      messageId: number;
      emoji: string;
      user: UserRef;
      added: boolean;
      /** How many people reacted with this emoji after this event. */
      count: number;
    }
  | { type: 'message.pinned'; seq: number; messageId: number; pinned: boolean; by: UserRef };

/** Live only, never replayed. */
export type LiveFrame =
  | { type: 'typing'; user: UserRef; isTyping: boolean }
  | { type: 'read'; user: UserRef; seq: number }
  | { type: 'presence'; user: UserRef; online: boolean };

export type ErrorCode =
  | 'bad_json'
  | 'unknown_type'
  | 'invalid'
  | 'not_found'
  | 'too_many_subscriptions'
  | 'rate_limited'
  | 'forbidden'
  | 'internal';

export interface ErrorFrame {
  type: 'error';
  code: ErrorCode;
  message: string;
  /** The clientId of the frame refused, when it had one. */
  clientId?: string | number;
  /** With `rate_limited`: when to send again. */
  retryAfterMs?: number;
}

export interface ReadyFrame {
  type: 'ready';
  room: { id: number; name: string };
  user: UserRef;
  online: UserRef[];
  /** The room's last event (every timeline event counts). */
  lastSeq: number;
}

export type ServerFrame =
  | ReadyFrame
  | TimelineFrame
  | LiveFrame
  | ErrorFrame
  | { type: 'resync'; lastSeq: number }
  | { type: 'pong' };

export type ClientFrame =
  | {
      type: 'message';
      content: string;
      clientId?: string | null;
      replyToId?: number | null;
      attachmentIds?: number[];
    }
  | { type: 'typing'; isTyping: boolean }
  | { type: 'read'; seq: number }
  | { type: 'ping' };

export type ServerFrameType = ServerFrame['type'];
export type ClientFrameType = ClientFrame['type'];

/** Every frame type, for code that must list them (the protocol document's test). */
const serverFrameTypes: Record<ServerFrameType, true> = {
  ready: true,
  message: true,
  'message.edited': true,
  'message.deleted': true,
  reaction: true,
  'message.pinned': true,
  typing: true,
  read: true,
  presence: true,
  error: true,
  resync: true,
  pong: true,
};
const clientFrameTypes: Record<ClientFrameType, true> = {
  message: true,
  typing: true,
  read: true,
  ping: true,
};
export const SERVER_FRAME_TYPES = Object.keys(serverFrameTypes) as ServerFrameType[];
export const CLIENT_FRAME_TYPES = Object.keys(clientFrameTypes) as ClientFrameType[];

/** WebSocket close codes of the contract. */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  policy: 1008,
  tooBig: 1009,
  internal: 1011,
  unauthorized: 4401,
  forbidden: 4403,
  notFound: 4404,
} as const;

/** A resume that missed more than this many events gets `resync` instead of a replay. */
export const MAX_REPLAY = 1000;
