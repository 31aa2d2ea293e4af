import { Injectable } from '@nestjs/common';

import { REPLY_EXCERPT_LENGTH } from '../contract/messages.js';
import type { Notification, NotificationKind } from '../contract/notifications.js';
import { Database, SqlRunner } from '../database/database.js';
import { Notification as NotificationRecord } from './notification.entity.js';

/** A notification row as the list reads it, with its message's author and excerpt. */
interface NotificationRow {
  id: number;
  kind: NotificationKind;
  roomId: number;
  messageId: number;
  seq: number;
  createdAt: unknown;
  readAt: unknown;
  excerpt: string;
  actorId: number;
  actorUsername: string;
  actorDisplayName: string;
}

export interface NewNotification {
  userId: number;
  kind: NotificationKind;
}

/** Users per statement of the counts of many. */
const IDS_PER_QUERY = 500;

/** Rows per multi-row insert: an `@room` in a big room is a few statements, not one per member. */
const INSERT_CHUNK = 100;

/**
 * Only the notifications of rooms the user may still read: someone removed from a private
 * room keeps no window on what is said there after (their rows stay, and show again if
 * they come back).
 */
const READABLE = `JOIN "room" r ON r."id" = n."roomId"
  LEFT JOIN "room_member" rm ON rm."roomId" = n."roomId" AND rm."userId" = n."userId"
  WHERE (r."kind" = 'public' OR rm."userId" IS NOT NULL)`;

const SELECT = `SELECT n."id", n."kind", n."roomId", n."messageId", n."seq", n."createdAt",
  n."readAt", SUBSTR(m."content", 1, ${REPLY_EXCERPT_LENGTH}) AS "excerpt",
  a."id" AS "actorId", a."username" AS "actorUsername", a."displayName" AS "actorDisplayName"
  FROM "notification" n
  JOIN "message" m ON m."id" = n."messageId"
  JOIN "user" a ON a."id" = m."authorId"
  ${READABLE}`;

/**
 * The SQL of notifications: written by the timeline writer in its transaction (made with a
 * message or an edit, gone with a deleted message, read with the read position), read by
 * the inbox.
 */
@Injectable()
export class NotificationRepository {
  private readonly sql: Record<
    | 'page'
    | 'pageUnread'
    | 'unreadCount'
    | 'unreadCountIn'
    | 'unreadCountsByRoom'
    | 'readUpTo'
    | 'readAll'
    | 'deleteForMessage'
    | 'levels',
    string
  >;

  constructor(private readonly database: Database) {
    const q = (text: string) => database.sql(text);
    this.sql = {
      page: q(`${SELECT} AND n."userId" = ? AND n."id" < ? ORDER BY n."id" DESC LIMIT ?`),
      pageUnread: q(
        `${SELECT} AND n."userId" = ? AND n."id" < ? AND n."readAt" IS NULL ORDER BY n."id" DESC LIMIT ?`,
      ),
      unreadCount: q(
        `SELECT COUNT(*) AS "count" FROM "notification" n ${READABLE}
          AND n."userId" = ? AND n."readAt" IS NULL`,
      ),
      unreadCountIn: q(
        `SELECT COUNT(*) AS "count" FROM "notification" n ${READABLE}
          AND n."userId" = ? AND n."roomId" = ? AND n."readAt" IS NULL`,
      ),
      unreadCountsByRoom: q(
        `SELECT n."roomId", COUNT(*) AS "count" FROM "notification" n ${READABLE}
          AND n."userId" = ? AND n."readAt" IS NULL GROUP BY n."roomId"`,
      ),
      readUpTo: q(
        `UPDATE "notification" SET "readAt" = ?
          WHERE "userId" = ? AND "roomId" = ? AND "seq" <= ? AND "readAt" IS NULL`,
      ),
      readAll: q('UPDATE "notification" SET "readAt" = ? WHERE "userId" = ? AND "readAt" IS NULL'),
      deleteForMessage: q('DELETE FROM "notification" WHERE "messageId" = ?'),
      // Members' notification levels (null: the room kind's default).
      levels: q('SELECT "userId", "notifyLevel" FROM "room_member" WHERE "roomId" = ?'),
    };
  }

  // The writer's statements, inside its transaction.

  /** Members of the room (all, or those of `userIds`) with their level (null: the default). */
  async levels(
    sql: SqlRunner,
    roomId: number,
    userIds: number[] | null,
  ): Promise<Map<number, string | null>> {
    if (userIds?.length === 0) return new Map();
    const query =
      userIds === null
        ? this.sql.levels
        : this.database.sql(
            `SELECT "userId", "notifyLevel" FROM "room_member"
              WHERE "roomId" = ? AND "userId" IN (${userIds.map(() => '?').join(', ')})`,
          );
    const rows = await sql<{ userId: number; notifyLevel: string | null }>(query, [
      roomId,
      ...(userIds ?? []),
    ]);
    return new Map(rows.map((row) => [Number(row.userId), row.notifyLevel]));
  }

  /**
   * Inserts the message's notifications, skipping people who already have one for it (an
   * edit); answers the ids made, by user.
   */
  async insert(
    sql: SqlRunner,
    message: { roomId: number; messageId: number; seq: number },
    recipients: NewNotification[],
    at: Date,
  ): Promise<Map<number, number>> {
    const made = new Map<number, number>();
    const createdAt = this.time(at);
    for (let start = 0; start < recipients.length; start += INSERT_CHUNK) {
      const chunk = recipients.slice(start, start + INSERT_CHUNK);
      const rows = await sql<{ id: number; userId: number }>(
        this.database.sql(
          `INSERT INTO "notification" ("userId", "roomId", "messageId", "seq", "kind", "createdAt")
            VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
            ON CONFLICT ("messageId", "userId") DO NOTHING RETURNING "id", "userId"`,
        ),
        chunk.flatMap(({ userId, kind }) => [
          userId,
          message.roomId,
          message.messageId,
          message.seq,
          kind,
          createdAt,
        ]),
      );
      for (const row of rows) made.set(Number(row.userId), Number(row.id));
    }
    return made;
  }

  async deleteForMessage(sql: SqlRunner, messageId: number): Promise<void> {
    await sql(this.sql.deleteForMessage, [messageId]);
  }

  /** Reading a room up to `seq` reads its notifications up to there. */
  async readUpTo(
    userId: number,
    roomId: number,
    seq: number,
    at: Date,
    sql: SqlRunner = this.read,
  ): Promise<void> {
    await sql(this.sql.readUpTo, [this.time(at), userId, roomId, seq]);
  }

  // The inbox's reads and writes.

  /** Newest first, ids below `before`; one more than `limit` tells whether there are more. */
  async page(userId: number, before: number, limit: number, unreadOnly: boolean) {
    const rows = await this.read<NotificationRow>(
      unreadOnly ? this.sql.pageUnread : this.sql.page,
      [userId, before, limit + 1],
    );
    return {
      notifications: rows.slice(0, limit).map((row) => this.toNotification(row)),
      hasMore: rows.length > limit,
    };
  }

  async unreadCount(userId: number): Promise<number> {
    const [row] = await this.read<{ count: number | string }>(this.sql.unreadCount, [userId]);
    return Number(row.count);
  }

  /** The user's unread notifications in one room: its `mentionCount`. */
  async unreadCountIn(userId: number, roomId: number): Promise<number> {
    const [row] = await this.read<{ count: number | string }>(this.sql.unreadCountIn, [
      userId,
      roomId,
    ]);
    return Number(row.count);
  }

  /** The unread notifications in one room of each of `userIds` who has any. */
  async unreadCountsIn(roomId: number, userIds: number[]): Promise<Map<number, number>> {
    const counts = new Map<number, number>();
    for (let start = 0; start < userIds.length; start += IDS_PER_QUERY) {
      const ids = userIds.slice(start, start + IDS_PER_QUERY);
      const rows = await this.read<{ userId: number; count: number | string }>(
        this.database.sql(
          `SELECT n."userId", COUNT(*) AS "count" FROM "notification" n ${READABLE}
            AND n."roomId" = ? AND n."readAt" IS NULL
            AND n."userId" IN (${ids.map(() => '?').join(', ')}) GROUP BY n."userId"`,
        ),
        [roomId, ...ids],
      );
      for (const row of rows) counts.set(Number(row.userId), Number(row.count));
    }
    return counts;
  }

  /** The same for every room that has any. */
  async unreadCountsByRoom(userId: number): Promise<Map<number, number>> {
    const rows = await this.read<{ roomId: number; count: number | string }>(
      this.sql.unreadCountsByRoom,
      [userId],
    );
    return new Map(rows.map((row) => [Number(row.roomId), Number(row.count)]));
  }

  /** Marks the user's own notifications among `ids` read (others' ids change nothing). */
  async markRead(userId: number, ids: number[] | 'all', at: Date): Promise<void> {
    if (ids === 'all') {
      await this.read(this.sql.readAll, [this.time(at), userId]);
      return;
    }
    if (ids.length === 0) return;
    await this.read(
      this.database.sql(
        `UPDATE "notification" SET "readAt" = ?
          WHERE "userId" = ? AND "readAt" IS NULL AND "id" IN (${ids.map(() => '?').join(', ')})`,
      ),
      [this.time(at), userId, ...ids],
    );
  }

  private toNotification(row: NotificationRow): Notification {
    return {
      id: Number(row.id),
      kind: row.kind,
      roomId: Number(row.roomId),
      messageId: Number(row.messageId),
      seq: Number(row.seq),
      actor: {
        id: Number(row.actorId),
        username: row.actorUsername,
        displayName: row.actorDisplayName,
      },
      excerpt: row.excerpt,
      createdAt: this.database.toDate(row.createdAt).toISOString(),
      readAt: row.readAt === null ? null : this.database.toDate(row.readAt).toISOString(),
    };
  }

  private time(at: Date): unknown {
    return this.database.toColumnValue(NotificationRecord, 'createdAt', at);
  }

  private readonly read: SqlRunner = (query, parameters) => this.database.query(query, parameters);
}
