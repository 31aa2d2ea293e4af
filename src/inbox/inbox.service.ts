import { Injectable } from '@nestjs/common';

import type { AuthUser } from '../common/auth-user.js';
import type { ReadPosition, Room } from '../contract/rooms.js';
import { MessageRepository } from '../messages/message-repository.js';
import { CreateRoomDto } from '../rooms/dto/create-room.dto.js';
import { ListRoomsQueryDto } from '../rooms/dto/list-rooms.dto.js';
import { RoomsService, RoomView } from '../rooms/rooms.service.js';

export interface InboxPage {
  rooms: Room[];
  /** The cursor of the next page, or null on the last one. */
  nextAfter: string | null;
}

/**
 * Rooms as one user sees them across the timeline: what rooms/ knows (identity, counts,
 * membership) with what messages/ knows (the newest message, the unread count). The one
 * module that reads both, so that rooms/ never reads the message table.
 */
@Injectable()
export class InboxService {
  constructor(
    private readonly rooms: RoomsService,
    private readonly messages: MessageRepository,
  ) {}

  async list(user: AuthUser, query: ListRoomsQueryDto): Promise<InboxPage> {
    const page = await this.rooms.list(user, query);
    return { rooms: await this.withTimeline(user, page.rooms), nextAfter: page.nextAfter };
  }

  async get(user: AuthUser, roomId: number): Promise<Room> {
    const [room] = await this.withTimeline(user, [await this.rooms.get(user, roomId)]);
    return room;
  }

  async create(user: AuthUser, input: CreateRoomDto): Promise<Room> {
    const view = await this.rooms.create(user, input);
    return toRoom(view, null, 0);
  }

  async join(user: AuthUser, roomId: number): Promise<Room> {
    await this.rooms.enter(user, roomId);
    return this.get(user, roomId);
  }

  async markRead(user: AuthUser, roomId: number, seq: number): Promise<ReadPosition> {
    const lastReadSeq = await this.rooms.markRead(user, roomId, seq);
    return {
      lastReadSeq,
      unreadCount: await this.messages.unreadCount(roomId, user.id, lastReadSeq),
    };
  }

  private async withTimeline(user: AuthUser, views: RoomView[]): Promise<Room[]> {
    if (views.length === 0) return [];
    const joined = views.filter((view) => view.joined);
    const [lastMessages, unread] = await Promise.all([
      this.messages.lastMessages(views.map((view) => view.id)),
      joined.length === 0
        ? new Map<number, number>()
        : joined.length === 1
          ? this.messages
              .unreadCount(joined[0].id, user.id, joined[0].lastReadSeq!)
              .then((count) => new Map([[joined[0].id, count]]))
          : this.messages.unreadCounts(user.id),
    ]);
    return views.map((view) => {
      const last = lastMessages.get(view.id);
      return toRoom(
        view,
        last ? this.messages.toMessage(last, user.id) : null,
        unread.get(view.id) ?? 0,
      );
    });
  }
}

function toRoom(
  { lastReadSeq: _, ...view }: RoomView,
  lastMessage: Room['lastMessage'],
  unreadCount: number,
): Room {
  return { ...view, lastMessage, unreadCount };
}
