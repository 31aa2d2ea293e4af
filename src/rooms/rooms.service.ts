import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Not, Repository } from 'typeorm';

import type { AuthUser } from '../common/auth-user.js';
import { Broadcaster } from '../broadcast/broadcaster.js';
import { roomTopic } from '../broadcast/events.js';
import { AppError } from '../common/app-error.js';
import { TokenBuckets } from '../common/token-buckets.js';
import type { UserRef } from '../contract/messages.js';
import type { NotifyLevel, RoomKind } from '../contract/rooms.js';
import { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { CreateRoomDto } from './dto/create-room.dto.js';
import { ListRoomsQueryDto } from './dto/list-rooms.dto.js';
import { MemberResponse } from './dto/member.response.js';
import { UpdateRoomDto } from './dto/update-room.dto.js';
import { memberEvent } from './member-event.js';
import { canModerate, Grant, RoomAccess } from './room-access.js';
import { RoomMember } from './room-member.entity.js';
import { Room } from './room.entity.js';
import { nameSkeleton } from './room-name.js';
import { RoomPresence } from './room-presence.js';
import { RoomPage, RoomView, RoomViews } from './room-views.js';

export type RoomSummary = { id: number; name: string | null; kind: RoomKind; lastSeq: number };

export interface Membership {
  roomId: number;
  kind: RoomKind;
  lastSeq: number;
  lastReadSeq: number;
}

export const DEFAULT_ROOMS = [
  { name: 'general', description: 'Announcements and everything for everyone' },
  { name: 'random', description: 'Off-topic, links and fun' },
];

/** Rooms and the caller's own membership: create, rename, join, leave, read, notify. */
@Injectable()
export class RoomsService implements OnApplicationBootstrap {
  private readonly statements: Record<'join' | 'memberships', string>;
  /** ROOM_CREATION_RATE per user. */
  private readonly creations: TokenBuckets<number>;

  constructor(
    @InjectRepository(Room) private readonly rooms: Repository<Room>,
    @InjectRepository(RoomMember) private readonly members: Repository<RoomMember>,
    private readonly database: Database,
    private readonly presence: RoomPresence,
    private readonly broadcaster: Broadcaster,
    private readonly access: RoomAccess,
    private readonly views: RoomViews,
    config: AppConfig,
  ) {
    this.creations = new TokenBuckets(config.roomCreationRate);
    this.statements = {
      join: database.sql(
        `INSERT INTO "room_member" ("roomId", "userId", "lastReadSeq", "joinedAt", "role")
         VALUES (?, ?, ?, ?, 'member') ON CONFLICT DO NOTHING RETURNING "userId"`,
      ),
      memberships: database.sql(
        `SELECT m."roomId", r."kind", r."lastSeq", m."lastReadSeq"
           FROM "room_member" m JOIN "room" r ON r."id" = m."roomId" WHERE m."userId" = ?`,
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

  list(user: AuthUser, query: ListRoomsQueryDto): Promise<RoomPage> {
    return this.views.page(user, query);
  }

  async get(user: AuthUser, roomId: number): Promise<RoomView> {
    await this.access.check(user.id, roomId, 'read');
    return this.views.one(user.id, roomId);
  }

  /** ROOM_CREATION_RATE per user; names unique case-insensitively and by look (409). */
  async create(user: AuthUser, input: CreateRoomDto): Promise<RoomView> {
    const retryAfterMs = this.creations.take(user.id);
    if (retryAfterMs > 0) {
      throw new AppError('rate_limited', 'Too many new rooms; try again later', retryAfterMs);
    }
    const room = this.rooms.create({
      ...named(input.name),
      kind: input.private ? 'private' : 'public',
      description: input.description ?? '',
      lastSeq: 0,
      createdById: user.id,
      createdAt: new Date(),
    });
    await this.refuseTakenName(input.name);
    try {
      await this.database.transaction(async (manager) => {
        await manager.insert(Room, room);
        await manager.insert(RoomMember, {
          roomId: room.id,
          userId: user.id,
          role: 'owner',
          lastReadSeq: 0,
          joinedAt: new Date(),
        });
      });
    } catch (error) {
      await this.refuseTakenName(input.name); // a concurrent create took it first
      throw error;
    }
    return this.views.one(user.id, room.id);
  }

  /** Owner or moderator; not a direct room (400); the name's rules are creation's (409). */
  async update(user: AuthUser, roomId: number, input: UpdateRoomDto): Promise<RoomView> {
    const grant = await this.access.check(user.id, roomId, 'read');
    refuseDirect(grant, 'A direct room has no name or description to change');
    if (!canModerate(grant.role)) {
      throw new AppError('forbidden', `Only the room's owner and moderators may change it`);
    }
    const changes: Partial<Room> = {};
    if (input.name !== undefined) Object.assign(changes, named(input.name));
    if (input.description !== undefined) changes.description = input.description;
    if (Object.keys(changes).length > 0) {
      if (input.name !== undefined) await this.refuseTakenName(input.name, roomId);
      try {
        await this.rooms.update({ id: roomId }, changes);
      } catch (error) {
        if (input.name !== undefined) await this.refuseTakenName(input.name, roomId);
        throw error;
      }
      const room = await this.views.identity(roomId);
      this.broadcaster.publish(roomTopic(roomId), { type: 'room.updated', room });
    }
    return this.views.one(user.id, roomId);
  }

  private async refuseTakenName(name: string, exceptId?: number): Promise<void> {
    const nameLower = name.toLowerCase();
    const other = exceptId === undefined ? {} : { id: Not(exceptId) };
    const taken = await this.rooms.findOne({
      where: [
        { nameLower, ...other },
        { nameSkeleton: nameSkeleton(name), ...other },
      ],
      select: { name: true, nameLower: true },
    });
    if (!taken) return;
    if (taken.nameLower === nameLower) {
      throw new AppError('conflict', `A room named "${name}" already exists`);
    }
    throw new AppError('conflict', `"${name}" looks too much like the room "${taken.name}"`);
  }

  async membersOf(user: AuthUser, roomId: number): Promise<MemberResponse[]> {
    await this.access.check(user.id, roomId, 'read');
    const members = await this.members.find({
      where: { roomId },
      relations: { user: true },
      order: { joinedAt: 'ASC', userId: 'ASC' },
    });
    const online = this.presence.usersIn(roomId);
    return members.map(({ user: member, role, joinedAt }) =>
      MemberResponse.of(member!, role, joinedAt, online.has(member!.id)),
    );
  }

  /**
   * The room socket's handshake and `PUT members/me`: joins a public room (idempotent; not
   * when banned), enters a private or direct one only as a member (`not_found` otherwise).
   */
  async enter(user: AuthUser, roomId: number): Promise<RoomSummary> {
    const grant = await this.access.check(user.id, roomId, 'read');
    if (grant.role === null) await this.addMember(roomId, user, grant.lastSeq, 'joined');
    return { id: roomId, name: grant.name, kind: grant.kind, lastSeq: grant.lastSeq };
  }

  /** Inserts a member (read up to `lastSeq`) and tells the room; false if already one. */
  async addMember(
    roomId: number,
    user: UserRef,
    lastSeq: number,
    action: 'joined' | 'added',
  ): Promise<boolean> {
    const joinedAt = this.database.toColumnValue(RoomMember, 'joinedAt', new Date());
    const inserted = await this.database.query(this.statements.join, [
      roomId,
      user.id,
      lastSeq,
      joinedAt,
    ]);
    if (inserted.length === 0) return false;
    this.broadcaster.publish(roomTopic(roomId), memberEvent(user, action, 'member'));
    return true;
  }

  /** Not a direct room (400); never the owner (403); idempotent. */
  async leave(user: AuthUser, roomId: number): Promise<void> {
    const grant = await this.access.check(user.id, roomId, 'read');
    refuseDirect(grant, 'Nobody leaves a direct room');
    if (grant.role === 'owner') throw new AppError('forbidden', 'The owner cannot leave the room');
    if (grant.role === null) return;
    const removed = await this.members.delete({ roomId, userId: user.id });
    if (removed.affected) {
      this.broadcaster.publish(roomTopic(roomId), memberEvent(user, 'left', null));
    }
  }

  /** Moves the read position forward (never back, never past the last event) and tells the room. */
  async markRead(user: AuthUser, roomId: number, seq: number): Promise<number> {
    const grant = await this.access.check(user.id, roomId, 'send');
    const target = Math.min(seq, grant.lastSeq);
    const moved = await this.members.update(
      { roomId, userId: user.id, lastReadSeq: LessThan(target) },
      { lastReadSeq: target },
    );
    if (moved.affected) {
      this.broadcaster.publish(roomTopic(roomId), {
        type: 'read',
        user: { id: user.id, username: user.username },
        seq: target,
      });
    }
    const member = await this.members.findOneBy({ roomId, userId: user.id });
    return member?.lastReadSeq ?? target;
  }

  /** Members only. */
  async setNotifyLevel(user: AuthUser, roomId: number, level: NotifyLevel): Promise<NotifyLevel> {
    await this.access.check(user.id, roomId, 'send');
    await this.members.update({ roomId, userId: user.id }, { notifyLevel: level });
    return level;
  }

  /** Every room the user is a member of, with its counters (the per-user socket's `ready`). */
  async memberships(userId: number): Promise<Membership[]> {
    const rows = await this.database.query<Membership>(this.statements.memberships, [userId]);
    return rows.map((row) => ({
      roomId: Number(row.roomId),
      kind: row.kind,
      lastSeq: Number(row.lastSeq),
      lastReadSeq: Number(row.lastReadSeq),
    }));
  }
}

/** The name columns of a named room. */
function named(name: string): Pick<Room, 'name' | 'nameLower' | 'nameSkeleton'> {
  return { name, nameLower: name.toLowerCase(), nameSkeleton: nameSkeleton(name) };
}

/** A direct room's members and identity are fixed: changing them is a bad request. */
export function refuseDirect(grant: Grant, message: string): void {
  if (grant.kind === 'direct') throw new AppError('invalid', message);
}
