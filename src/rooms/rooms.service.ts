import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';

import type { AuthUser } from '../common/auth-user.js';
import { Broadcaster } from '../broadcast/broadcaster.js';
import { AppError } from '../common/app-error.js';
import { TokenBuckets } from '../common/token-buckets.js';
import { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { CreateRoomDto } from './dto/create-room.dto.js';
import { ListRoomsQueryDto, ROOM_PAGE_MAX } from './dto/list-rooms.dto.js';
import { MemberResponse } from './dto/member.response.js';
import { RoomMember } from './room-member.entity.js';
import { Room } from './room.entity.js';
import { nameSkeleton } from './room-name.js';
import { RoomPresence } from './room-presence.js';

export type RoomSummary = Pick<Room, 'id' | 'name' | 'lastSeq'>;

/**
 * A room as rooms/ knows it for one user: identity, counts, membership. The inbox adds what
 * comes from the timeline (the last message, the unread count).
 */
export interface RoomView {
  id: number;
  name: string;
  description: string;
  createdAt: string;
  memberCount: number;
  onlineCount: number;
  joined: boolean;
  /** The member's read position; null for a non-member. */
  lastReadSeq: number | null;
}

export interface RoomPage {
  rooms: RoomView[];
  /** The cursor of the next page, or null on the last one. */
  nextAfter: string | null;
}

export const DEFAULT_ROOMS = [
  { name: 'general', description: 'Announcements and everything for everyone' },
  { name: 'random', description: 'Off-topic, links and fun' },
];

@Injectable()
export class RoomsService implements OnApplicationBootstrap {
  private readonly statements: Record<'summary' | 'isMember' | 'join', string>;
  /** ROOM_CREATION_RATE per user. */
  private readonly creations: TokenBuckets<number>;

  constructor(
    @InjectRepository(Room) private readonly rooms: Repository<Room>,
    @InjectRepository(RoomMember) private readonly members: Repository<RoomMember>,
    private readonly database: Database,
    private readonly presence: RoomPresence,
    private readonly broadcaster: Broadcaster,
    config: AppConfig,
  ) {
    this.creations = new TokenBuckets(config.roomCreationRate);
    this.statements = {
      summary: database.sql('SELECT "id", "name", "lastSeq" FROM "room" WHERE "id" = ?'),
      isMember: database.sql(
        'SELECT 1 AS "member" FROM "room_member" WHERE "roomId" = ? AND "userId" = ?',
      ),
      join: database.sql(
        'INSERT INTO "room_member" ("roomId", "userId", "lastReadSeq", "joinedAt") VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ),
    };
  }

  /** The default rooms exist after every start, created once. */
  async onApplicationBootstrap(): Promise<void> {
    await this.rooms
      .createQueryBuilder()
      .insert()
      .values(
        DEFAULT_ROOMS.map((room) => ({
          ...room,
          nameLower: room.name,
          nameSkeleton: nameSkeleton(room.name),
          createdAt: new Date(),
        })),
      )
      .orIgnore()
      .updateEntity(false)
      .execute();
  }

  /** A page of rooms by name; only the page's rooms are counted and joined. */
  async list(user: AuthUser, query: ListRoomsQueryDto): Promise<RoomPage> {
    const limit = query.limit ?? ROOM_PAGE_MAX;
    const page = this.rooms.createQueryBuilder('room').orderBy('room.nameLower', 'ASC');
    if (query.joined !== undefined) {
      const membership = 'mine.roomId = room.id AND mine.userId = :userId';
      if (query.joined) page.innerJoin(RoomMember, 'mine', membership, { userId: user.id });
      else
        page
          .leftJoin(RoomMember, 'mine', membership, { userId: user.id })
          .where('mine.userId IS NULL');
    }
    if (query.after !== undefined) {
      page.andWhere('room.nameLower > :after', { after: query.after.toLowerCase() });
    }
    const found = await page.take(limit + 1).getMany();
    const rooms = found.slice(0, limit);
    if (rooms.length === 0) return { rooms: [], nextAfter: null };
    const ids = rooms.map((room) => room.id);
    const [memberCounts, mine] = await Promise.all([
      this.members
        .createQueryBuilder('member')
        .select('member.roomId', 'roomId')
        .addSelect('COUNT(*)', 'count')
        .where('member.roomId IN (:...ids)', { ids })
        .groupBy('member.roomId')
        .getRawMany<{ roomId: number; count: string | number }>(),
      this.members
        .createQueryBuilder('member')
        .where('member.userId = :userId AND member.roomId IN (:...ids)', { userId: user.id, ids })
        .getMany(),
    ]);
    const countOf = new Map(memberCounts.map((row) => [Number(row.roomId), Number(row.count)]));
    const readOf = new Map(mine.map((member) => [member.roomId, member.lastReadSeq]));
    return {
      rooms: rooms.map((room) =>
        this.toView(room, countOf.get(room.id) ?? 0, readOf.get(room.id) ?? null),
      ),
      nextAfter: found.length > limit ? rooms[rooms.length - 1].nameLower : null,
    };
  }

  async get(user: AuthUser, roomId: number): Promise<RoomView> {
    const room = await this.require(roomId);
    const [memberCount, member] = await Promise.all([
      this.members.countBy({ roomId }),
      this.members.findOneBy({ roomId, userId: user.id }),
    ]);
    return this.toView(room, memberCount, member?.lastReadSeq ?? null);
  }

  /** ROOM_CREATION_RATE per user; names unique case-insensitively and by look (409). */
  async create(user: AuthUser, input: CreateRoomDto): Promise<RoomView> {
    const retryAfterMs = this.creations.take(user.id);
    if (retryAfterMs > 0) {
      throw new AppError('rate_limited', 'Too many new rooms; try again later', retryAfterMs);
    }
    const room = this.rooms.create({
      name: input.name,
      nameLower: input.name.toLowerCase(),
      nameSkeleton: nameSkeleton(input.name),
      description: input.description ?? '',
      lastSeq: 0,
      createdById: user.id,
      createdAt: new Date(),
    });
    await this.refuseTakenName(room);
    try {
      await this.database.transaction(async (manager) => {
        await manager.insert(Room, room);
        await manager.insert(RoomMember, {
          roomId: room.id,
          userId: user.id,
          lastReadSeq: 0,
          joinedAt: new Date(),
        });
      });
    } catch (error) {
      await this.refuseTakenName(room); // a concurrent create took it first
      throw error;
    }
    return this.toView(room, 1, 0);
  }

  private async refuseTakenName({ name, nameLower }: Room): Promise<void> {
    const taken = await this.rooms.findOne({
      where: [{ nameLower }, { nameSkeleton: nameSkeleton(name) }],
      select: { name: true, nameLower: true },
    });
    if (!taken) return;
    if (taken.nameLower === nameLower) {
      throw new AppError('conflict', `A room named "${name}" already exists`);
    }
    throw new AppError('conflict', `"${name}" looks too much like the room "${taken.name}"`);
  }

  /** The room, or `not_found`. */
  async require(roomId: number): Promise<Room> {
    const room = await this.rooms.findOneBy({ id: roomId });
    if (!room) throw new AppError('not_found', `Room ${roomId} not found`);
    return room;
  }

  /** The caller's membership, or `forbidden` (and `not_found` for an unknown room). */
  async requireMember(userId: number, roomId: number): Promise<RoomMember> {
    const member = await this.members.findOneBy({ roomId, userId });
    if (member) return member;
    await this.require(roomId);
    throw new AppError('forbidden', `Join room ${roomId} first`);
  }

  async membersOf(roomId: number): Promise<MemberResponse[]> {
    await this.require(roomId);
    const members = await this.members.find({
      where: { roomId },
      relations: { user: true },
      order: { joinedAt: 'ASC' },
    });
    const online = this.presence.usersIn(roomId);
    return members.map(({ user, joinedAt }) => ({
      id: user!.id,
      username: user!.username,
      displayName: user!.displayName,
      online: online.has(user!.id),
      joinedAt: joinedAt.toISOString(),
    }));
  }

  /** Joins the room (idempotent) and answers the bare room: all a socket handshake needs. */
  async enter(user: AuthUser, roomId: number): Promise<RoomSummary> {
    const room = await this.summary(roomId);
    const [member] = await this.database.query(this.statements.isMember, [roomId, user.id]);
    if (!member) {
      const joinedAt = this.database.toColumnValue(RoomMember, 'joinedAt', new Date());
      await this.database.query(this.statements.join, [roomId, user.id, room.lastSeq, joinedAt]);
    }
    return room;
  }

  /** The room's id, name and last event, for the socket path: one prepared statement. */
  async summary(roomId: number): Promise<RoomSummary> {
    const [room] = await this.database.query<RoomSummary>(this.statements.summary, [roomId]);
    if (!room) throw new AppError('not_found', `Room ${roomId} not found`);
    return { id: Number(room.id), name: room.name, lastSeq: Number(room.lastSeq) };
  }

  async leave(user: AuthUser, roomId: number): Promise<void> {
    await this.require(roomId);
    await this.members.delete({ roomId, userId: user.id });
    this.broadcaster.publish(roomId, {
      type: 'left',
      user: { id: user.id, username: user.username },
    });
  }

  /** Moves the read position forward (never back, never past the last event) and tells the room. */
  async markRead(user: AuthUser, roomId: number, seq: number): Promise<number> {
    const member = await this.requireMember(user.id, roomId);
    const room = await this.require(roomId);
    const target = Math.min(seq, room.lastSeq);
    if (target > member.lastReadSeq) {
      const moved = await this.members.update(
        { roomId, userId: user.id, lastReadSeq: LessThan(target) },
        { lastReadSeq: target },
      );
      if (moved.affected) {
        this.broadcaster.publish(roomId, {
          type: 'read',
          user: { id: user.id, username: user.username },
          seq: target,
        });
      }
    }
    const fresh = await this.members.findOneByOrFail({ roomId, userId: user.id });
    return fresh.lastReadSeq;
  }

  private toView(room: Room, memberCount: number, lastReadSeq: number | null): RoomView {
    return {
      id: room.id,
      name: room.name,
      description: room.description,
      createdAt: room.createdAt.toISOString(),
      memberCount,
      onlineCount: this.presence.usersIn(room.id).size,
      joined: lastReadSeq !== null,
      lastReadSeq,
    };
  }
}
