import type { Message } from './messages.js';

/** Rooms as the caller sees them (see messages.ts for why this file is pure types). */

export interface Room {
  id: number;
  name: string;
  description: string;
  createdAt: string;
  memberCount: number;
  /** Members with a socket open in the room. */
  onlineCount: number;
  /** The newest message that is not deleted, or null. */
  lastMessage: Message | null;
  /** Other people's messages after the read position that are not deleted. */
  unreadCount: number;
  joined: boolean;
}

export interface Member {
  id: number;
  username: string;
  displayName: string;
  online: boolean;
  joinedAt: string;
}

export interface ReadPosition {
  lastReadSeq: number;
  unreadCount: number;
}
