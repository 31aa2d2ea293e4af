import { Injectable } from '@nestjs/common';

import type { InboxRoomState } from '../contract/frames.js';
import type { Message } from '../contract/messages.js';
import { MessageRepository } from '../messages/message-repository.js';
import { NotificationRepository } from '../messages/notification-repository.js';
import { RoomsService } from '../rooms/rooms.service.js';

/** What `room.activity` says of one room: the same for everyone but the two counts. */
export interface RoomActivity {
  roomId: number;
  lastSeq: number;
  /** As in live frames (reactions' `me` false), so that it is serialised once for everyone. */
  lastMessage: Message | null;
  /** userId -> that member's counts; non-members are absent. */
  counts: Map<number, { unreadCount: number; mentionCount: number }>;
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

  /** One room as each of `userIds` sees it now (three queries, whatever their number). */
  async activity(roomId: number, userIds: number[]): Promise<RoomActivity> {
    const [unread, last, mentions] = await Promise.all([
      this.messages.unreadOf(roomId, userIds),
      this.messages.lastMessages([roomId]),
      this.notifications.unreadCountsIn(roomId, userIds),
    ]);
    const row = last.get(roomId);
    const counts = new Map<number, { unreadCount: number; mentionCount: number }>();
    let lastSeq = 0;
    for (const [userId, member] of unread) {
      lastSeq = member.lastSeq;
      counts.set(userId, {
        unreadCount: member.unreadCount,
        mentionCount: mentions.get(userId) ?? 0,
      });
    }
    return {
      roomId,
      lastSeq,
      lastMessage: row ? this.messages.toMessage(row) : null,
      counts,
    };
  }
}
