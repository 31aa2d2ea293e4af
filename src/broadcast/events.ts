import type { LiveFrame, TimelineFrame } from '../contract/frames.js';
import type { UserRef } from '../contract/messages.js';
import type { Notification } from '../contract/notifications.js';
import type { RoomIdentity } from '../contract/rooms.js';

export type { UserRef };

/**
 * What the Broadcaster carries, by topic: `room:ID` (a room's frames, and `room.updated`),
 * `user:ID` (what concerns one person wherever they are), `session:ID` (a login session),
 * and `presence` (who has sockets where, between instances; see RoomPresence).
 */
export type Topic = RoomTopic | UserTopic | SessionTopic | 'presence';
export type RoomTopic = `room:${number}`;
export type UserTopic = `user:${number}`;
export type SessionTopic = `session:${string}`;

export const roomTopic = (roomId: number): RoomTopic => `room:${roomId}`;
export const userTopic = (userId: number): UserTopic => `user:${userId}`;
export const sessionTopic = (sessionId: string): SessionTopic => `session:${sessionId}`;

/** A room's events: its frames, and a change of its name or description. */
export type RoomEvent = TimelineFrame | LiveFrame | { type: 'room.updated'; room: RoomIdentity };

export type UserEvent = { type: 'notification'; notification: Notification };

export type SessionEvent = { type: 'ended' };

/** How instances tell each other who is online where (see RoomPresence). */
export type PresenceEvent =
  | { type: 'change'; instance: string; roomId: number; user: UserRef; online: boolean }
  /** A new instance asks the others for their snapshots. */
  | { type: 'hello'; instance: string }
  | { type: 'snapshot'; instance: string; entries: [roomId: number, user: UserRef][] }
  | { type: 'alive'; instance: string };

export type EventOn<T extends Topic> = T extends RoomTopic
  ? RoomEvent
  : T extends UserTopic
    ? UserEvent
    : T extends SessionTopic
      ? SessionEvent
      : PresenceEvent;

export type AnyEvent = RoomEvent | UserEvent | SessionEvent | PresenceEvent;
export type TopicHandler = (topic: Topic, event: AnyEvent) => void;

/** The seq of a timeline event (a new message's is its message's), or null for a live one. */
export function timelineSeq(event: RoomEvent): number | null {
  if (event.type === 'message') return event.message.seq;
  return 'seq' in event && event.type !== 'read' ? event.seq : null;
}
