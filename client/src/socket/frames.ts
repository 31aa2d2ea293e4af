import type { UserSocketFrame } from '@contract/frames.js';

export type {
  ClientFrame,
  ErrorFrame,
  RoomFrame,
  ServerFrame,
  TimelineFrame,
  UserClientFrame,
  UserReadyFrame,
  UserSocketFrame,
} from '@contract/frames.js';
export type { UserRef } from '@contract/messages.js';
export { CloseCode, MAX_SUBSCRIPTIONS } from '@contract/frames.js';

/** Parses one frame; anything that is not an object with a string `type` is dropped. */
export function parseFrame(data: unknown): UserSocketFrame | null {
  if (typeof data !== 'string') return null;
  try {
    const frame = JSON.parse(data) as { type?: unknown };
    return frame && typeof frame === 'object' && typeof frame.type === 'string'
      ? (frame as UserSocketFrame)
      : null;
  } catch {
    return null;
  }
}

/** The room a frame belongs to, for the frames of one room; null for the user's own. */
export function frameRoomId(frame: UserSocketFrame): number | null {
  switch (frame.type) {
    case 'ready':
    case 'notification':
    case 'membership':
    case 'room.updated':
    case 'room.activity':
    case 'pong':
      return null;
    default:
      return typeof frame.roomId === 'number' ? frame.roomId : null;
  }
}
