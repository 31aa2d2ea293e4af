import type { LiveFrame, TimelineFrame } from '../contract/frames.js';
import type { UserRef } from '../contract/messages.js';

export type { UserRef };

/** The events of a room as they travel between instances and out to sockets (the frames). */
export type RoomEvent =
  | TimelineFrame
  | LiveFrame
  /** Not a frame: the user left the room over REST, so the gateway closes their sockets there. */
  | { type: 'left'; user: UserRef };

export type RoomEventHandler = (roomId: number, event: RoomEvent) => void;
export type SessionEndedHandler = (sessionId: string) => void;

/** The seq of a timeline event (a new message's is its message's), or null for a live one. */
export function timelineSeq(event: RoomEvent): number | null {
  if (event.type === 'message') return event.message.seq;
  return 'seq' in event && event.type !== 'read' ? event.seq : null;
}
