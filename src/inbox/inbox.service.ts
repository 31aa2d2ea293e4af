import { Injectable } from '@nestjs/common';

import type { AuthUser } from '../common/auth-user.js';
import type { ReadPosition, Room } from '../contract/rooms.js';
import { MessageRepository } from '../messages/message-repository.js';
import { NotificationRepository } from '../messages/notification-repository.js';
import { CreateRoomDto } from '../rooms/dto/create-room.dto.js';
import { ListRoomsQueryDto } from '../rooms/dto/list-rooms.dto.js';
import { UpdateRoomDto } from '../rooms/dto/update-room.dto.js';
import { DirectRooms } from '../rooms/direct-rooms.service.js';
import { RoomCursor, RoomView, RoomViews } from '../rooms/room-views.js';
import { RoomsService } from '../rooms/rooms.service.js';

export interface InboxPage {
  rooms: Room[];
  /** The cursor of the next page, or null on the last one. */
  next: RoomCursor | null;
}

/**
 * Rooms as one user sees them across the timeline: what rooms/ knows (identity, counts,
 * membership, role) with what messages/ knows (the newest message, the unread count, the
 * unread notifications). The one module that reads both, so that rooms/ never reads the
 * message table.
 */
@Injectable()
export class InboxService {
  constructor(
    private readonly rooms: RoomsService,
    private readonly views: RoomViews,
    private readonly directRooms: DirectRooms,
    private readonly messages: MessageRepository,
    private readonly notifications: NotificationRepository,
  ) {}

  async list(user: AuthUser, query: ListRoomsQueryDto): Promise<InboxPage> {
    const page = await this.rooms.list(user, query);
    const anyJoined = page.rooms.some((view) => view.joined);
    const [unread, mentions] = await Promise.all([
      anyJoined ? this.messages.unreadCounts(user.id) : new Map<number, number>(),
      this.notifications.unreadCountsByRoom(user.id),
    ]);
    const rooms = await this.withTimeline(
      user,
      page.rooms,
      (view) => unread.get(view.id) ?? 0,
      (view) => mentions.get(view.id) ?? 0,
    );
    return { rooms, next: page.next };
  }

  async get(user: AuthUser, roomId: number): Promise<Room> {
    return this.one(user, await this.rooms.get(user, roomId));
  }

  /**
   * The room as the user sees it now, without an access check (a removed member's
   * `membership` frame carries it): `not_found` only for an unknown room.
   */
  async roomFor(user: AuthUser, roomId: number): Promise<Room> {
    return this.one(user, await this.views.one(user.id, roomId));
  }

  async create(user: AuthUser, input: CreateRoomDto): Promise<Room> {
    const view = await this.rooms.create(user, input);
    return toRoom(view, null, 0, 0);
  }

  async update(user: AuthUser, roomId: number, input: UpdateRoomDto): Promise<Room> {
    return this.one(user, await this.rooms.update(user, roomId, input));
  }

  async join(user: AuthUser, roomId: number): Promise<Room> {
    await this.rooms.enter(user, roomId);
    return this.roomFor(user, roomId);
  }

  /** The direct room of the caller and `userIds`; `created` false when it existed. */
  async openDirect(user: AuthUser, userIds: number[]): Promise<{ room: Room; created: boolean }> {
    const { roomId, created } = await this.directRooms.open(user, userIds);
    return { room: await this.roomFor(user, roomId), created };
  }

  async markRead(user: AuthUser, roomId: number, seq: number): Promise<ReadPosition> {
    const lastReadSeq = await this.read(user, roomId, seq);
    return {
      lastReadSeq,
      unreadCount: await this.messages.unreadCount(roomId, user.id, lastReadSeq),
    };
  }

  /**
   * Moves the read position forward (REST and the sockets): the room's notifications up to
   * it are read with it. Answers the position.
   */
  async read(user: AuthUser, roomId: number, seq: number): Promise<number> {
    const lastReadSeq = await this.rooms.markRead(user, roomId, seq);
    await this.notifications.readUpTo(user.id, roomId, lastReadSeq, new Date());
    return lastReadSeq;
  }

  private async one(user: AuthUser, view: RoomView): Promise<Room> {
    const [unread, mentions] = await Promise.all([
      view.lastReadSeq === null ? 0 : this.messages.unreadCount(view.id, user.id, view.lastReadSeq),
      this.notifications.unreadCountIn(user.id, view.id),
    ]);
    const [room] = await this.withTimeline(
      user,
      [view],
      () => unread,
      () => mentions,
    );
    return room;
  }

  private async withTimeline(
    user: AuthUser,
    views: RoomView[],
    unreadCountOf: (view: RoomView) => number,
    mentionCountOf: (view: RoomView) => number,
  ): Promise<Room[]> {
    if (views.length === 0) return [];
    const lastMessages = await this.messages.lastMessages(views.map((view) => view.id));
    return views.map((view) => {
      const last = lastMessages.get(view.id);
      return toRoom(
        view,
        last ? this.messages.toMessage(last, user.id) : null,
        unreadCountOf(view),
        mentionCountOf(view),
      );
    });
  }
}

function toRoom(
  { lastReadSeq: _, ...view }: RoomView,
  lastMessage: Room['lastMessage'],
  unreadCount: number,
  mentionCount: number,
): Room {
  return { ...view, lastMessage, unreadCount, mentionCount };
}
