import type { RoomEvent } from '../broadcast/events.js';
import type { UserRef } from '../contract/messages.js';
import type { MemberAction, Role } from '../contract/rooms.js';

/** The room's live `member` frame: who came or went, and their role now (null once gone). */
export function memberEvent(
  user: UserRef,
  action: MemberAction,
  role: Role | null,
): Extract<RoomEvent, { type: 'member' }> {
  return { type: 'member', user: { id: user.id, username: user.username }, action, role };
}
