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
    const anyJoined = page.rooms.some((view) => view.joined);
    const unread = anyJoined ? await this.messages.unreadCounts(user.id) : new Map();
    const rooms = await this.withLastMessages(user, page.rooms, (view) => unread.get(view.id) ?? 0);
    return { rooms, nextAfter: page.nextAfter };
  }

  async get(user: AuthUser, roomId: number): Promise<Room> {
    const view = await this.rooms.get(user, roomId);
    const unread = view.joined
      ? await this.messages.unreadCount(roomId, user.id, view.lastReadSeq!)
      : 0;
    const [room] = await this.withLastMessages(user, [view], () => unread);
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

  private async withLastMessages(
    user: AuthUser,
    views: RoomView[],
    unreadCountOf: (view: RoomView) => number,
  ): Promise<Room[]> {
    if (views.length === 0) return [];
    const lastMessages = await this.messages.lastMessages(views.map((view) => view.id));
    return views.map((view) => {
      const last = lastMessages.get(view.id);
      return toRoom(
        view,
        last ? this.messages.toMessage(last, user.id) : null,
        unreadCountOf(view),
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
