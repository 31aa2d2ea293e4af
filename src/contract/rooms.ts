import type { Message } from './messages.js';
import type { UserSummary } from './users.js';

/** Rooms as the caller sees them (see messages.ts for why this file is pure types). */

/** `public`: anyone may read and join; `private` and `direct`: members only, invisible to others. */
export type RoomKind = 'public' | 'private' | 'direct';
export type Role = 'owner' | 'moderator' | 'member';
/** `none` mutes the room; `all` also asks clients to alert on every message. */
export type NotifyLevel = 'all' | 'mentions' | 'none';

export interface Room {
  id: number;
  /** null for a direct room: clients name it after its other members. */
  name: string | null;
  description: string;
  kind: RoomKind;
  createdAt: string;
  memberCount: number;
  /** Members with a socket open in the room, across instances. */
  onlineCount: number;
  /** The newest message that is not deleted, or null. */
  lastMessage: Message | null;
  /** Other people's messages after the read position that are not deleted. */
  unreadCount: number;
  /** The caller's unread notifications in the room. */
  mentionCount: number;
  joined: boolean;
  /** The caller's role, or null for a non-member. */
  role: Role | null;
  /** The caller's notification level (the default for a non-member). */
  notifyLevel: NotifyLevel;
  /** Direct rooms only: everyone in it, the caller included. */
  members?: UserSummary[];
}

/** What every member of a room sees alike (`room.updated`): the rest of Room is per caller. */
export type RoomIdentity = Pick<
  Room,
  'id' | 'name' | 'description' | 'kind' | 'createdAt' | 'memberCount'
>;

export interface Member {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  online: boolean;
  joinedAt: string;
}

export interface Ban {
  user: UserSummary;
  /** Who banned; null once that account is gone. */
  by: UserSummary | null;
  createdAt: string;
}

export interface ReadPosition {
  lastReadSeq: number;
  unreadCount: number;
}

export interface CreateRoom {
  name: string;
  description?: string;
  private?: boolean;
}

export interface UpdateRoom {
  name?: string;
  description?: string;
}

export interface CreateDirectRoom {
  /** 1 to MAX_DIRECT_OTHERS other users. */
  userIds: number[];
}

/** How a member came or went, in `member` frames to the room. */
export type MemberAction = 'joined' | 'left' | 'added' | 'removed' | 'banned' | 'role';
/** How the caller's own membership changed, in `membership` frames (a new DM is `added`). */
export type MembershipAction = MemberAction;

export const MAX_DIRECT_OTHERS = 8;
export const ROOM_NAME_MAX = 64;
export const ROOM_DESCRIPTION_MAX = 500;
