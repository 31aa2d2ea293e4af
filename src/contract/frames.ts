import type { Message, UserRef } from './messages.js';
import type { Notification } from './notifications.js';
import type {
  MemberAction,
  MembershipAction,
  Role,
  Room,
  RoomIdentity,
  RoomKind,
} from './rooms.js';

/**
 * The frame protocol of the room socket `WS /api/ws/{roomId}` and the per-user socket
 * `WS /api/ws`, written once for the server, the SPA and the bench; docs/asyncapi.yaml
 * describes the same frames and a test keeps the two in step.
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
  | { type: 'presence'; user: UserRef; online: boolean }
  /** Someone came or went, or changed role; `role` is theirs now (null once gone). */
  | { type: 'member'; user: UserRef; action: MemberAction; role: Role | null };

/** A frame of one room: the room socket sends them as they are, the per-user socket with `roomId`. */
export type RoomFrame = TimelineFrame | LiveFrame;
export type WithRoomId<F> = F & { roomId: number };

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
  /** On the per-user socket: the room of the frame refused. */
  roomId?: number;
}

export interface ReadyFrame {
  type: 'ready';
  /** name is null for a direct room. */
  room: { id: number; name: string | null };
  user: UserRef;
  online: UserRef[];
  /** The room's last event (every timeline event counts). */
  lastSeq: number;
}

export type ResyncFrame = { type: 'resync'; lastSeq: number };

/** What the room socket sends. */
export type ServerFrame = ReadyFrame | RoomFrame | ErrorFrame | ResyncFrame | { type: 'pong' };

export interface InboxRoomState {
  id: number;
  lastSeq: number;
  unreadCount: number;
  mentionCount: number;
}

/** The per-user socket's first frame: every joined room's counters. */
export interface UserReadyFrame {
  type: 'ready';
  user: UserRef;
  rooms: InboxRoomState[];
}

/** What the per-user socket sends: its own frames, and each subscribed room's with `roomId`. */
export type UserSocketFrame =
  | UserReadyFrame
  | {
      type: 'subscribed';
      roomId: number;
      room: { id: number; name: string | null; kind: RoomKind };
      online: UserRef[];
      lastSeq: number;
    }
  | WithRoomId<RoomFrame>
  | WithRoomId<ResyncFrame>
  | {
      type: 'room.activity';
      roomId: number;
      lastSeq: number;
      lastMessage: Message | null;
      unreadCount: number;
      mentionCount: number;
    }
  | { type: 'notification'; notification: Notification }
  | { type: 'membership'; roomId: number; action: MembershipAction; room: Room }
  | { type: 'room.updated'; room: RoomIdentity }
  | ErrorFrame
  | { type: 'pong' };

/** What a client sends on the room socket. */
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

/** What a client sends on the per-user socket: room frames carry `roomId`. */
export type UserClientFrame =
  | WithRoomId<Exclude<ClientFrame, { type: 'ping' }>>
  | { type: 'subscribe'; roomId: number; since?: number | null }
  | { type: 'unsubscribe'; roomId: number }
  | { type: 'ping' };

export type ServerFrameType = ServerFrame['type'] | UserSocketFrame['type'];
export type ClientFrameType = ClientFrame['type'] | UserClientFrame['type'];

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
  member: true,
  subscribed: true,
  'room.activity': true,
  notification: true,
  membership: true,
  'room.updated': true,
  error: true,
  resync: true,
  pong: true,
};
const clientFrameTypes: Record<ClientFrameType, true> = {
  message: true,
  typing: true,
  read: true,
  subscribe: true,
  unsubscribe: true,
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
/** Rooms one per-user socket may subscribe to at once. */
export const MAX_SUBSCRIPTIONS = 50;
/** `room.activity` for one room goes to a socket at most this often. */
export const ROOM_ACTIVITY_INTERVAL_MS = 500;
