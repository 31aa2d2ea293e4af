import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import type { AuthUser } from '../common/auth-user.js';
import { Broadcaster } from '../broadcast/broadcaster.js';
import { roomTopic } from '../broadcast/events.js';
import { AppError } from '../common/app-error.js';
import type { Role } from '../contract/rooms.js';
import { Database } from '../database/database.js';
import { UserSummary } from '../users/dto/profile.response.js';
import { User } from '../users/user.entity.js';
import { BanResponse, MemberResponse } from './dto/member.response.js';
import { memberEvent } from './member-event.js';
import { canModerate, Grant, RoomAccess } from './room-access.js';
import { RoomBan } from './room-ban.entity.js';
import { RoomMember } from './room-member.entity.js';
import { RoomPresence } from './room-presence.js';
import { refuseDirect, RoomsService } from './rooms.service.js';

/**
 * What the owner and moderators do to others: add, kick, ban, and (the owner) set roles.
 * The owner can never be removed or banned; moderators act on members, not on each other.
 */
@Injectable()
export class RoomModeration {
  constructor(
    @InjectRepository(RoomMember) private readonly members: Repository<RoomMember>,
    @InjectRepository(RoomBan) private readonly bans: Repository<RoomBan>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly database: Database,
    private readonly access: RoomAccess,
    private readonly rooms: RoomsService,
    private readonly presence: RoomPresence,
    private readonly broadcaster: Broadcaster,
  ) {}

  /** Any member of a public room, the owner or a moderator of a private one; idempotent. */
  async add(actor: AuthUser, roomId: number, userId: number): Promise<MemberResponse> {
    const grant = await this.access.check(actor.id, roomId, 'read');
    refuseDirect(grant, 'The members of a direct room cannot change');
    if (grant.kind === 'private' && !canModerate(grant.role)) {
      throw new AppError('forbidden', "Only the room's owner and moderators add people to it");
    }
    if (grant.role === null) throw new AppError('forbidden', `Join room ${roomId} first`);
    const user = await this.requireUser(userId);
    if (await this.bans.existsBy({ roomId, userId })) {
      throw new AppError('forbidden', `${user.username} is banned from room ${roomId}`);
    }
    await this.rooms.addMember(roomId, user, grant.lastSeq, 'added');
    return this.member(roomId, user);
  }

  /** Owner or moderator; idempotent for someone who is not a member. */
  async kick(actor: AuthUser, roomId: number, userId: number): Promise<void> {
    const grant = await this.moderating(actor, roomId);
    const user = await this.requireUser(userId);
    const target = await this.members.findOneBy({ roomId, userId });
    if (!target) return;
    refuseOutranked(grant, target.role, 'removed');
    const removed = await this.members.delete({ roomId, userId });
    if (removed.affected) {
      this.broadcaster.publish(roomTopic(roomId), memberEvent(user, 'removed', null));
    }
  }

  /** Owner only; the owner's own role never changes. */
  async setRole(
    actor: AuthUser,
    roomId: number,
    userId: number,
    role: Exclude<Role, 'owner'>,
  ): Promise<MemberResponse> {
    const grant = await this.moderating(actor, roomId);
    if (grant.role !== 'owner') throw new AppError('forbidden', 'Only the owner sets roles');
    const user = await this.requireUser(userId);
    const target = await this.members.findOneBy({ roomId, userId });
    if (!target) {
      throw new AppError('not_found', `${user.username} is not a member of room ${roomId}`);
    }
    if (target.role === 'owner') throw new AppError('forbidden', "The owner's role cannot change");
    if (target.role !== role) {
      await this.members.update({ roomId, userId }, { role });
      this.broadcaster.publish(roomTopic(roomId), memberEvent(user, 'role', role));
    }
    return this.member(roomId, user);
  }

  /** Bans and removes (as a kick does); idempotent. */
  async ban(actor: AuthUser, roomId: number, userId: number): Promise<void> {
    const grant = await this.moderating(actor, roomId);
    const user = await this.requireUser(userId);
    const target = await this.members.findOneBy({ roomId, userId });
    if (target) refuseOutranked(grant, target.role, 'banned');
    const changed = await this.database.transaction(async (manager) => {
      const banned = await manager.existsBy(RoomBan, { roomId, userId });
      if (!banned) {
        await manager.insert(RoomBan, { roomId, userId, byId: actor.id, createdAt: new Date() });
      }
      const removed = await manager.delete(RoomMember, { roomId, userId });
      return !banned || Boolean(removed.affected);
    });
    if (changed) this.broadcaster.publish(roomTopic(roomId), memberEvent(user, 'banned', null));
  }

  /** Owner or moderator; idempotent. */
  async unban(actor: AuthUser, roomId: number, userId: number): Promise<void> {
    await this.access.check(actor.id, roomId, 'moderate');
    await this.bans.delete({ roomId, userId });
  }

  /** Owner or moderator: newest ban first. */
  async bansOf(actor: AuthUser, roomId: number): Promise<BanResponse[]> {
    await this.access.check(actor.id, roomId, 'moderate');
    const bans = await this.bans.find({
      where: { roomId },
      relations: { user: true, by: true },
      order: { createdAt: 'DESC', userId: 'ASC' },
    });
    return bans.map((ban) => ({
      user: UserSummary.of(ban.user!),
      by: ban.by ? UserSummary.of(ban.by) : null,
      createdAt: ban.createdAt.toISOString(),
    }));
  }

  /** Not a direct room (400, checked first), and the actor owns or moderates it (403). */
  private async moderating(actor: AuthUser, roomId: number): Promise<Grant> {
    const grant = await this.access.check(actor.id, roomId, 'read');
    refuseDirect(grant, 'The members of a direct room cannot change');
    if (!canModerate(grant.role)) {
      throw new AppError('forbidden', "Only the room's owner and moderators may do this");
    }
    return grant;
  }

  private async requireUser(userId: number): Promise<User> {
    const user = await this.users.findOneBy({ id: userId });
    if (!user) throw new AppError('not_found', `User ${userId} not found`);
    return user;
  }

  private async member(roomId: number, user: User): Promise<MemberResponse> {
    const member = await this.members.findOneByOrFail({ roomId, userId: user.id });
    const online = this.presence.usersIn(roomId).has(user.id);
    return MemberResponse.of(user, member.role, member.joinedAt, online);
  }
}

/** The owner is never removed or banned; a moderator acts only on plain members. */
function refuseOutranked(grant: Grant, targetRole: Role, what: 'removed' | 'banned'): void {
  if (targetRole === 'owner') throw new AppError('forbidden', `The owner cannot be ${what}`);
  if (targetRole === 'moderator' && grant.role !== 'owner') {
    throw new AppError('forbidden', `Only the owner may have a moderator ${what}`);
  }
}
