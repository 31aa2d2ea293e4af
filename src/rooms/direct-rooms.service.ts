import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';

import type { AuthUser } from '../common/auth-user.js';
import { Broadcaster } from '../broadcast/broadcaster.js';
import { roomTopic } from '../broadcast/events.js';
import { AppError } from '../common/app-error.js';
import { Database } from '../database/database.js';
import { User } from '../users/user.entity.js';
import { memberEvent } from './member-event.js';
import { RoomMember } from './room-member.entity.js';
import { Room } from './room.entity.js';

export interface OpenedDirectRoom {
  roomId: number;
  /** false: the direct room of exactly these people existed already. */
  created: boolean;
}

/**
 * Direct rooms: one per set of people, found again by `dmKey` (their sorted ids), whose
 * unique index settles two concurrent requests for the same set. No name, no owner.
 */
@Injectable()
export class DirectRooms {
  constructor(
    @InjectRepository(Room) private readonly rooms: Repository<Room>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly database: Database,
    private readonly broadcaster: Broadcaster,
  ) {}

  /** The direct room of the caller and `userIds` (distinct, validated), made if need be. */
  async open(caller: AuthUser, userIds: number[]): Promise<OpenedDirectRoom> {
    if (userIds.includes(caller.id)) {
      throw new AppError('invalid', 'userIds must not include yourself');
    }
    const others = await this.users.findBy({ id: In(userIds) });
    const unknown = userIds.find((id) => !others.some((user) => user.id === id));
    if (unknown !== undefined) throw new AppError('not_found', `User ${unknown} not found`);
    const people = [caller, ...others].sort((a, b) => a.id - b.id);
    const dmKey = people.map((user) => user.id).join(',');

    const existing = await this.existing(dmKey);
    if (existing !== null) return { roomId: existing, created: false };
    const room = this.rooms.create({
      name: null,
      nameLower: null,
      nameSkeleton: null,
      kind: 'direct',
      dmKey,
      description: '',
      lastSeq: 0,
      createdById: caller.id,
      createdAt: new Date(),
    });
    try {
      await this.database.transaction(async (manager) => {
        await manager.insert(Room, room);
        const joinedAt = new Date();
        await manager.insert(
          RoomMember,
          people.map((user) => ({
            roomId: room.id,
            userId: user.id,
            role: 'member' as const,
            joinedAt,
          })),
        );
      });
    } catch (error) {
      // The same set asked for twice at once: the other request made it.
      const raced = await this.existing(dmKey);
      if (raced !== null) return { roomId: raced, created: false };
      throw error;
    }
    for (const user of people) {
      this.broadcaster.publish(roomTopic(room.id), memberEvent(user, 'added', 'member'));
    }
    return { roomId: room.id, created: true };
  }

  private async existing(dmKey: string): Promise<number | null> {
    const room = await this.rooms.findOne({ where: { dmKey }, select: { id: true } });
    return room?.id ?? null;
  }
}
