import { Injectable } from '@nestjs/common';

import { AppError } from '../common/app-error.js';
import type { Role, RoomKind } from '../contract/rooms.js';
import { Database } from '../database/database.js';

/** What the caller wants to do in a room: read it, post to it (members), or moderate it. */
export type Need = 'read' | 'send' | 'moderate';

/** The room as the check found it, and the caller's place in it. */
export interface Grant {
  roomId: number;
  kind: RoomKind;
  name: string | null;
  lastSeq: number;
  /** The caller's role, or null for a non-member. */
  role: Role | null;
}

interface GrantRow {
  kind: RoomKind;
  name: string | null;
  lastSeq: number | string;
  role: Role | null;
  bannedId: number | null;
}

export const canModerate = (role: Role | null): boolean => role === 'owner' || role === 'moderator';

/**
 * The one access check of every room route and of the sockets: one prepared statement
 * (the room, the caller's membership and ban, each by its primary key).
 *
 * - an unknown room, and a private or direct room of which the caller is not a member:
 *   `not_found`, with the same message (such a room is invisible);
 * - banned: `forbidden`, before invisibility: the banned person knew the room, and is
 *   told why they cannot come back rather than that it is gone;
 * - `send` needs membership, `moderate` the owner or a moderator (`forbidden`).
 */
@Injectable()
export class RoomAccess {
  private readonly statement: string;

  constructor(private readonly database: Database) {
    this.statement = database.sql(
      `SELECT r."kind", r."name", r."lastSeq", m."role", b."userId" AS "bannedId"
         FROM "room" r
         LEFT JOIN "room_member" m ON m."roomId" = r."id" AND m."userId" = ?
         LEFT JOIN "room_ban" b ON b."roomId" = r."id" AND b."userId" = ?
        WHERE r."id" = ?`,
    );
  }

  async check(userId: number, roomId: number, need: Need): Promise<Grant> {
    const [row] = await this.database.query<GrantRow>(this.statement, [userId, userId, roomId]);
    if (!row) throw notFound(roomId);
    if (row.bannedId !== null) {
      throw new AppError('forbidden', `You are banned from room ${roomId}`);
    }
    const role = row.role ?? null;
    if (role === null && row.kind !== 'public') throw notFound(roomId);
    if (need === 'send' && role === null) {
      throw new AppError('forbidden', `Join room ${roomId} first`);
    }
    if (need === 'moderate' && !canModerate(role)) {
      throw new AppError('forbidden', `Only the room's owner and moderators may do this`);
    }
    return { roomId, kind: row.kind, name: row.name, lastSeq: Number(row.lastSeq), role };
  }
}

function notFound(roomId: number): AppError {
  return new AppError('not_found', `Room ${roomId} not found`);
}
