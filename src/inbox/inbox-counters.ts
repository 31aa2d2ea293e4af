import { Injectable } from '@nestjs/common';

import type { InboxRoomState } from '../contract/frames.js';
import type { Message } from '../contract/messages.js';
import { MessageRepository } from '../messages/message-repository.js';
import { NotificationRepository } from '../messages/notification-repository.js';
import { RoomsService } from '../rooms/rooms.service.js';

/** What `room.activity` says of one room to one member. */
export interface RoomActivity {
  roomId: number;
  lastSeq: number;
  lastMessage: Message | null;
  unreadCount: number;
  mentionCount: number;
}

/** The counters of the per-user socket: every joined room's in `ready`, one room's in `room.activity`. */
@Injectable()
export class InboxCounters {
  constructor(
    private readonly rooms: RoomsService,
    private readonly messages: MessageRepository,
    private readonly notifications: NotificationRepository,
  ) {}

  /** Every room the user is a member of: three queries, whatever the number of rooms. */
  async ready(userId: number): Promise<InboxRoomState[]> {
    const [memberships, unread, mentions] = await Promise.all([
      this.rooms.memberships(userId),
      this.messages.unreadCounts(userId),
      this.notifications.unreadCountsByRoom(userId),
    ]);
    return memberships.map(({ roomId, lastSeq }) => ({
      id: roomId,
      lastSeq,
      unreadCount: unread.get(roomId) ?? 0,
      mentionCount: mentions.get(roomId) ?? 0,
    }));
  }

  /** One room as its member sees it now; null once they are no longer a member. */
  async activity(userId: number, roomId: number): Promise<RoomActivity | null> {
    const [counts, last, mentionCount] = await Promise.all([
      this.messages.unreadOf(roomId, userId),
      this.messages.lastMessages([roomId]),
      this.notifications.unreadCountIn(userId, roomId),
    ]);
    if (!counts) return null;
    const row = last.get(roomId);
    return {
      roomId,
      lastSeq: counts.lastSeq,
      lastMessage: row ? this.messages.toMessage(row, userId) : null,
      unreadCount: counts.unreadCount,
      mentionCount,
    };
  }
}
