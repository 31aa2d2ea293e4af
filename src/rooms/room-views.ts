import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';

import type { AuthUser } from '../common/auth-user.js';
import { AppError } from '../common/app-error.js';
import type { NotifyLevel, Role, RoomIdentity, RoomKind } from '../contract/rooms.js';
import type { UserSummary } from '../contract/users.js';
import { ListRoomsQueryDto, ROOM_PAGE_MAX } from './dto/list-rooms.dto.js';
import { RoomMember } from './room-member.entity.js';
import { RoomPresence } from './room-presence.js';
import { Room } from './room.entity.js';

/**
 * A room as rooms/ knows it for one user: identity, counts, membership. The inbox adds what
 * comes from the timeline (the last message, the unread and mention counts).
 */
export interface RoomView {
  id: number;
  name: string | null;
  description: string;
  kind: RoomKind;
  createdAt: string;
  memberCount: number;
  onlineCount: number;
  joined: boolean;
  role: Role | null;
  notifyLevel: NotifyLevel;
  /** Direct rooms only: everyone in it. */
  members?: UserSummary[];
  /** The member's read position; null for a non-member. */
  lastReadSeq: number | null;
}

/** Where the next page starts: among named rooms by name, or among direct rooms by id. */
export type RoomCursor = { after: string } | { afterDirect: number };

export interface RoomPage {
  rooms: RoomView[];
  /** The cursor of the next page, or null on the last one. */
  next: RoomCursor | null;
}

/** A member's level, or the default of the room's kind. */
export function notifyLevelOf(kind: RoomKind, level: NotifyLevel | null | undefined): NotifyLevel {
  return level ?? (kind === 'direct' ? 'all' : 'mentions');
}

/** Rooms as one user sees them: the list's pages and single rooms, with their counts. */
@Injectable()
export class RoomViews {
  constructor(
    @InjectRepository(Room) private readonly rooms: Repository<Room>,
    @InjectRepository(RoomMember) private readonly members: Repository<RoomMember>,
    private readonly presence: RoomPresence,
  ) {}

  /**
   * Public rooms and the caller's own private rooms by name, then the caller's direct rooms
   * by id; only the page's rooms are counted.
   */
  async page(user: AuthUser, query: ListRoomsQueryDto): Promise<RoomPage> {
    const limit = query.limit ?? ROOM_PAGE_MAX;
    const found =
      query.afterDirect === undefined ? await this.named(user.id, query, limit + 1) : [];
    if (found.length <= limit && query.joined !== false) {
      found.push(...(await this.direct(user.id, query.afterDirect ?? 0, limit + 1 - found.length)));
    }
    const rooms = found.slice(0, limit);
    const last = rooms[rooms.length - 1];
    const next: RoomCursor | null =
      found.length <= limit
        ? null
        : last.nameLower === null
          ? { afterDirect: last.id }
          : { after: last.nameLower };
    return { rooms: await this.of(user.id, rooms), next };
  }

  /** One room as the user sees it, whether or not they may read it (`not_found` if unknown). */
  async one(userId: number, roomId: number): Promise<RoomView> {
    const room = await this.rooms.findOneBy({ id: roomId });
    if (!room) throw new AppError('not_found', `Room ${roomId} not found`);
    const [view] = await this.of(userId, [room]);
    return view;
  }

  /** What every member sees alike (`room.updated`). */
  async identity(roomId: number): Promise<RoomIdentity> {
    const [room, memberCount] = await Promise.all([
      this.rooms.findOneByOrFail({ id: roomId }),
      this.members.countBy({ roomId }),
    ]);
    const { id, name, description, kind } = room;
    return { id, name, description, kind, createdAt: room.createdAt.toISOString(), memberCount };
  }

  private named(userId: number, query: ListRoomsQueryDto, take: number): Promise<Room[]> {
    const page = this.rooms
      .createQueryBuilder('room')
      .where('room.nameLower IS NOT NULL')
      .orderBy('room.nameLower', 'ASC');
    const membership = 'mine.roomId = room.id AND mine.userId = :userId';
    if (query.joined) {
      page.innerJoin(RoomMember, 'mine', membership, { userId });
    } else {
      page.leftJoin(RoomMember, 'mine', membership, { userId });
      // Others' private rooms are never listed, whatever the filter.
      page.andWhere(
        query.joined === false
          ? "mine.userId IS NULL AND room.kind = 'public'"
          : "(room.kind = 'public' OR mine.userId IS NOT NULL)",
      );
    }
    if (query.after !== undefined) {
      page.andWhere('room.nameLower > :after', { after: query.after.toLowerCase() });
    }
    return page.take(take).getMany();
  }

  private direct(userId: number, afterId: number, take: number): Promise<Room[]> {
    return this.rooms
      .createQueryBuilder('room')
      .innerJoin(RoomMember, 'mine', 'mine.roomId = room.id AND mine.userId = :userId', { userId })
      .where("room.kind = 'direct'")
      .andWhere('room.id > :afterId', { afterId })
      .orderBy('room.id', 'ASC')
      .take(take)
      .getMany();
  }

  private async of(userId: number, rooms: Room[]): Promise<RoomView[]> {
    if (rooms.length === 0) return [];
    const ids = rooms.map((room) => room.id);
    const directIds = rooms.filter((room) => room.kind === 'direct').map((room) => room.id);
    const [memberCounts, mine, directMembers] = await Promise.all([
      this.members
        .createQueryBuilder('member')
        .select('member.roomId', 'roomId')
        .addSelect('COUNT(*)', 'count')
        .where('member.roomId IN (:...ids)', { ids })
        .groupBy('member.roomId')
        .getRawMany<{ roomId: number; count: string | number }>(),
      this.members.findBy({ userId, roomId: In(ids) }),
      directIds.length === 0 ? [] : this.membersWithUsers(directIds),
    ]);
    const countOf = new Map(memberCounts.map((row) => [Number(row.roomId), Number(row.count)]));
    const mineOf = new Map(mine.map((member) => [member.roomId, member]));
    return rooms.map((room) => {
      const member = mineOf.get(room.id);
      const view: RoomView = {
        id: room.id,
        name: room.name,
        description: room.description,
        kind: room.kind,
        createdAt: room.createdAt.toISOString(),
        memberCount: countOf.get(room.id) ?? 0,
        onlineCount: this.presence.usersIn(room.id).size,
        joined: member !== undefined,
        role: member?.role ?? null,
        notifyLevel: notifyLevelOf(room.kind, member?.notifyLevel),
        lastReadSeq: member?.lastReadSeq ?? null,
      };
      if (room.kind === 'direct') {
        view.members = directMembers
          .filter((entry) => entry.roomId === room.id)
          .map(({ user }) => ({
            id: user!.id,
            username: user!.username,
            displayName: user!.displayName,
          }));
      }
      return view;
    });
  }

  private membersWithUsers(roomIds: number[]): Promise<RoomMember[]> {
    return this.members.find({
      where: { roomId: In(roomIds) },
      relations: { user: true },
      order: { userId: 'ASC' },
    });
  }
}
