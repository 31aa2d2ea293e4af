import { Injectable } from '@nestjs/common';

import type { Message as MessagePayload, UserRef } from '../contract/messages.js';
import { REPLY_EXCERPT_LENGTH } from '../contract/messages.js';
import type { TimelineFrame } from '../contract/frames.js';
import { MAX_REPLAY } from '../contract/frames.js';
import type { Role, RoomKind } from '../contract/rooms.js';
import { Database, SqlRunner } from '../database/database.js';
import type { StoredAttachment } from '../uploads/upload-repository.js';
import { UploadUrls } from '../uploads/upload-urls.js';
import { Message } from './message.entity.js';

/** A message row as every query of this repository reads it: the message, its author, its reply. */
export interface MessageRow {
  id: number;
  roomId: number;
  seq: number;
  clientId: string | null;
  content: string;
  createdAt: unknown;
  editedAt: unknown;
  deletedAt: unknown;
  mentions: string;
  reactions: string;
  attachments: string;
  pinnedSeq: number | null;
  authorId: number;
  authorUsername: string;
  authorDisplayName: string;
  replyId: number | null;
  replySeq: number | null;
  replyExcerpt: string | null;
  replyAuthorId: number | null;
  replyAuthorUsername: string | null;
  replyAuthorDisplayName: string | null;
}

/** What a resuming socket is sent: the room's last seq, and what followed `since` up to it. */
export interface Replay {
  lastSeq: number;
  /** In seq order; null when more than MAX_REPLAY events were missed (`resync`). */
  frames: TimelineFrame[] | null;
}

/** The reactions column: each emoji with who reacted, in order of first use. */
export interface StoredReaction {
  emoji: string;
  users: number[];
}

interface EventRow {
  seq: number;
  type: string;
  messageId: number;
  data: string | null;
  createdAt: unknown;
  actorId: number | null;
  actorUsername: string | null;
}

const EMPTY = '[]';
/** Names or ids per statement (a 4000-character text names at most about 1000 people). */
const NAMES_PER_QUERY = 500;

const SELECT = `SELECT m."id", m."roomId", m."seq", m."clientId", m."content", m."createdAt",
  m."editedAt", m."deletedAt", m."mentions", m."reactions", m."attachments", m."pinnedSeq",
  a."id" AS "authorId", a."username" AS "authorUsername", a."displayName" AS "authorDisplayName",
  r."id" AS "replyId", r."seq" AS "replySeq",
  SUBSTR(r."content", 1, ${REPLY_EXCERPT_LENGTH}) AS "replyExcerpt",
  ra."id" AS "replyAuthorId", ra."username" AS "replyAuthorUsername",
  ra."displayName" AS "replyAuthorDisplayName"
  FROM "message" m
  JOIN "user" a ON a."id" = m."authorId"
  LEFT JOIN "message" r ON r."id" = m."replyToId"
  LEFT JOIN "user" ra ON ra."id" = r."authorId"`;

const ROOM_MENTION = /(?:^|[^\w@])@(?:room|all)\b/i;

/**
 * All the SQL of messages and their timeline events, on prepared statements: one row type,
 * one mapper to the contract's Message. Nothing else queries the message table.
 */
@Injectable()
export class MessageRepository {
  private readonly sql: Record<
    | 'byId'
    | 'pageForwards'
    | 'pageBackwards'
    | 'atOrBefore'
    | 'pins'
    | 'events'
    | 'unreadCount'
    | 'unreadCounts'
    | 'byClientId'
    | 'roomOf'
    | 'insert'
    | 'insertEvent'
    | 'lockRoom'
    | 'lastSeq'
    | 'setLastSeq'
    | 'markRead'
    | 'isMember'
    | 'roleOf'
    | 'edit'
    | 'delete'
    | 'forgetEdits'
    | 'react'
    | 'pin',
    string
  >;

  constructor(
    private readonly database: Database,
    private readonly urls: UploadUrls,
  ) {
    const q = (text: string) => database.sql(text);
    this.sql = {
      byId: q(`${SELECT} WHERE m."id" = ?`),
      pageForwards: q(
        `${SELECT} WHERE m."roomId" = ? AND m."seq" > ? AND m."seq" < ? ORDER BY m."seq" ASC LIMIT ?`,
      ),
      pageBackwards: q(
        `${SELECT} WHERE m."roomId" = ? AND m."seq" > ? AND m."seq" < ? ORDER BY m."seq" DESC LIMIT ?`,
      ),
      atOrBefore: q(
        'SELECT "seq" FROM "message" WHERE "roomId" = ? AND "seq" <= ? ORDER BY "seq" DESC LIMIT 1',
      ),
      pins: q(
        `${SELECT} WHERE m."roomId" = ? AND m."pinnedSeq" IS NOT NULL ORDER BY m."pinnedSeq" DESC LIMIT ?`,
      ),
      events: q(
        `SELECT e."seq", e."type", e."messageId", e."data", e."createdAt",
          u."id" AS "actorId", u."username" AS "actorUsername"
          FROM "room_event" e
          LEFT JOIN "user" u ON u."id" = e."actorId"
          WHERE e."roomId" = ? AND e."seq" > ? AND e."seq" <= ? ORDER BY e."seq" ASC`,
      ),
      unreadCount: q(
        `SELECT COUNT(*) AS "count" FROM "message"
          WHERE "roomId" = ? AND "seq" > ? AND "authorId" <> ? AND "deletedAt" IS NULL`,
      ),
      unreadCounts: q(
        `SELECT m."roomId", COUNT(*) AS "count" FROM "room_member" rm
          JOIN "message" m ON m."roomId" = rm."roomId" AND m."seq" > rm."lastReadSeq"
          WHERE rm."userId" = ? AND m."authorId" <> rm."userId" AND m."deletedAt" IS NULL
          GROUP BY m."roomId"`,
      ),
      // The hot path's probe: the unique index alone answers it, and it almost never finds one.
      byClientId: q(
        'SELECT "id" FROM "message" WHERE "roomId" = ? AND "authorId" = ? AND "clientId" = ?',
      ),
      roomOf: q('SELECT "roomId" FROM "message" WHERE "id" = ?'),
      insert: q(
        `INSERT INTO "message" ("roomId", "seq", "authorId", "clientId", "content", "createdAt", "replyToId", "mentions", "attachments")
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING "id"`,
      ),
      insertEvent: q(
        `INSERT INTO "room_event" ("roomId", "seq", "type", "messageId", "actorId", "data", "createdAt")
          VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      // Takes the room's row lock (PostgreSQL) before anything of the room is read.
      lockRoom: q(
        'UPDATE "room" SET "lastSeq" = "lastSeq" + ? WHERE "id" = ? RETURNING "lastSeq", "kind"',
      ),
      setLastSeq: q('UPDATE "room" SET "lastSeq" = ? WHERE "id" = ?'),
      lastSeq: q('SELECT "lastSeq" FROM "room" WHERE "id" = ?'),
      markRead: q(
        'UPDATE "room_member" SET "lastReadSeq" = ? WHERE "roomId" = ? AND "userId" = ? AND "lastReadSeq" < ?',
      ),
      isMember: q('SELECT 1 AS "member" FROM "room_member" WHERE "roomId" = ? AND "userId" = ?'),
      roleOf: q('SELECT "role" FROM "room_member" WHERE "roomId" = ? AND "userId" = ?'),
      edit: q('UPDATE "message" SET "content" = ?, "mentions" = ?, "editedAt" = ? WHERE "id" = ?'),
      delete: q(
        `UPDATE "message" SET "content" = '', "mentions" = '[]', "reactions" = '[]',
          "attachments" = '[]', "pinnedSeq" = NULL, "deletedAt" = ? WHERE "id" = ?`,
      ),
      forgetEdits: q(
        `UPDATE "room_event" SET "data" = NULL WHERE "messageId" = ? AND "type" = 'message.edited'`,
      ),
      react: q('UPDATE "message" SET "reactions" = ? WHERE "id" = ?'),
      pin: q('UPDATE "message" SET "pinnedSeq" = ? WHERE "id" = ?'),
    };
  }

  // Reads, outside the writer.

  async byId(id: number, sql: SqlRunner = this.read): Promise<MessageRow | null> {
    const [row] = await sql<MessageRow>(this.sql.byId, [id]);
    return row ?? null;
  }

  /** Rows with `after < seq < before`, `limit` of them from the `after` end or the `before` end. */
  page(roomId: number, after: number, before: number, limit: number, fromAfter: boolean) {
    return this.read<MessageRow>(fromAfter ? this.sql.pageForwards : this.sql.pageBackwards, [
      roomId,
      after,
      before,
      limit,
    ]);
  }

  /** The seq of the message at or just before `seq`, or null. */
  async seqAtOrBefore(roomId: number, seq: number): Promise<number | null> {
    const [row] = await this.read<{ seq: number }>(this.sql.atOrBefore, [roomId, seq]);
    return row ? Number(row.seq) : null;
  }

  pins(roomId: number, limit: number): Promise<MessageRow[]> {
    return this.read<MessageRow>(this.sql.pins, [roomId, limit]);
  }

  /** Each room's newest message that is not deleted, in one query (rooms without one are absent). */
  async lastMessages(roomIds: number[]): Promise<Map<number, MessageRow>> {
    if (roomIds.length === 0) return new Map();
    const newest = `SELECT (SELECT x."id" FROM "message" x
      WHERE x."roomId" = room."id" AND x."deletedAt" IS NULL ORDER BY x."seq" DESC LIMIT 1)
      FROM "room" room WHERE room."id" IN (${roomIds.map(() => '?').join(', ')})`;
    const rows = await this.read<MessageRow>(
      this.database.sql(`${SELECT} WHERE m."id" IN (${newest})`),
      roomIds,
    );
    return new Map(rows.map((row) => [Number(row.roomId), row]));
  }

  /** Other people's messages after `afterSeq` that are not deleted. */
  async unreadCount(roomId: number, userId: number, afterSeq: number): Promise<number> {
    const [row] = await this.read<{ count: number | string }>(this.sql.unreadCount, [
      roomId,
      afterSeq,
      userId,
    ]);
    return Number(row.count);
  }

  /** The same, for every room the user is a member of that has any. */
  async unreadCounts(userId: number): Promise<Map<number, number>> {
    const rows = await this.read<{ roomId: number; count: number | string }>(
      this.sql.unreadCounts,
      [userId],
    );
    return new Map(rows.map((row) => [Number(row.roomId), Number(row.count)]));
  }

  /**
   * The room's lastSeq and each member's unread count, for those of `userIds` who are
   * members (one statement per NAMES_PER_QUERY people).
   */
  async unreadOf(
    roomId: number,
    userIds: number[],
  ): Promise<Map<number, { lastSeq: number; unreadCount: number }>> {
    const found = new Map<number, { lastSeq: number; unreadCount: number }>();
    for (let start = 0; start < userIds.length; start += NAMES_PER_QUERY) {
      const ids = userIds.slice(start, start + NAMES_PER_QUERY);
      const rows = await this.read<{ userId: number; lastSeq: number; unreadCount: number }>(
        this.database.sql(
          `SELECT rm."userId", r."lastSeq", (SELECT COUNT(*) FROM "message" m
              WHERE m."roomId" = rm."roomId" AND m."seq" > rm."lastReadSeq"
                AND m."authorId" <> rm."userId" AND m."deletedAt" IS NULL) AS "unreadCount"
            FROM "room" r JOIN "room_member" rm ON rm."roomId" = r."id"
            WHERE r."id" = ? AND rm."userId" IN (${ids.map(() => '?').join(', ')})`,
        ),
        [roomId, ...ids],
      );
      for (const row of rows) {
        found.set(Number(row.userId), {
          lastSeq: Number(row.lastSeq),
          unreadCount: Number(row.unreadCount),
        });
      }
    }
    return found;
  }

  /**
   * What followed `since`, read in one snapshot with the room's lastSeq: every event in seq
   * order, each as it was sent live, except that a new message comes in its state as of
   * lastSeq (edited, or a tombstone) and a deleted message's edits without their text.
   * Null when there is no such room.
   */
  async replay(roomId: number, since: number | null): Promise<Replay | null> {
    if (since === null) {
      // A first connection reads one row: no snapshot needed.
      const lastSeq = await this.lastSeqOf(this.read, roomId);
      return lastSeq === null ? null : { lastSeq, frames: [] };
    }
    return this.database.snapshot(async (sql) => {
      const lastSeq = await this.lastSeqOf(sql, roomId);
      if (lastSeq === null) return null;
      if (since >= lastSeq) return { lastSeq, frames: [] };
      if (lastSeq - since > MAX_REPLAY) return { lastSeq, frames: null };
      const messages = await sql<MessageRow>(this.sql.pageForwards, [
        roomId,
        since,
        lastSeq + 1,
        lastSeq - since,
      ]);
      const events = await sql<EventRow>(this.sql.events, [roomId, since, lastSeq]);
      const frames: TimelineFrame[] = [];
      let m = 0;
      let e = 0;
      while (m < messages.length || e < events.length) {
        const takeMessage =
          e === events.length ||
          (m < messages.length && Number(messages[m].seq) < Number(events[e].seq));
        frames.push(
          takeMessage
            ? { type: 'message', message: this.toMessage(messages[m++]) }
            : this.toEventFrame(events[e++]),
        );
      }
      return { lastSeq, frames };
    });
  }

  private async lastSeqOf(sql: SqlRunner, roomId: number): Promise<number | null> {
    const [room] = await sql<{ lastSeq: number }>(this.sql.lastSeq, [roomId]);
    return room ? Number(room.lastSeq) : null;
  }

  // The writer's statements, inside its transaction.

  async byClientId(sql: SqlRunner, roomId: number, authorId: number, clientId: string) {
    const [found] = await sql<{ id: number }>(this.sql.byClientId, [roomId, authorId, clientId]);
    return found ? this.byId(Number(found.id), sql) : null;
  }

  async roomOf(sql: SqlRunner, messageId: number): Promise<number | null> {
    const [row] = await sql<{ roomId: number }>(this.sql.roomOf, [messageId]);
    return row ? Number(row.roomId) : null;
  }

  /**
   * Locks the room for the rest of the transaction and reserves `count` seqs: the lastSeq
   * before them and the room's kind, or null when there is no such room.
   */
  async lockRoom(
    sql: SqlRunner,
    roomId: number,
    count: number,
  ): Promise<{ lastSeq: number; kind: RoomKind } | null> {
    const [row] = await sql<{ lastSeq: number; kind: RoomKind }>(this.sql.lockRoom, [
      count,
      roomId,
    ]);
    return row ? { lastSeq: Number(row.lastSeq) - count, kind: row.kind } : null;
  }

  async setLastSeq(sql: SqlRunner, roomId: number, lastSeq: number): Promise<void> {
    await sql(this.sql.setLastSeq, [lastSeq, roomId]);
  }

  async markRead(sql: SqlRunner, roomId: number, userId: number, seq: number): Promise<void> {
    await sql(this.sql.markRead, [seq, roomId, userId, seq]);
  }

  async roleOf(sql: SqlRunner, roomId: number, userId: number): Promise<Role | null> {
    const [row] = await sql<{ role: Role }>(this.sql.roleOf, [roomId, userId]);
    return row?.role ?? null;
  }

  async isMember(sql: SqlRunner, roomId: number, userId: number): Promise<boolean> {
    return (await sql(this.sql.isMember, [roomId, userId])).length > 0;
  }

  /** The room's members among `usernames` (lower case), by lower-case username. */
  async membersNamed(
    sql: SqlRunner,
    roomId: number,
    usernames: string[],
  ): Promise<Map<string, UserRef>> {
    const found = new Map<string, UserRef>();
    for (let start = 0; start < usernames.length; start += NAMES_PER_QUERY) {
      const names = usernames.slice(start, start + NAMES_PER_QUERY);
      const rows = await sql<UserRef>(
        this.database.sql(
          `SELECT u."id", u."username" FROM "room_member" rm JOIN "user" u ON u."id" = rm."userId"
            WHERE rm."roomId" = ? AND u."usernameLower" IN (${names.map(() => '?').join(', ')})`,
        ),
        [roomId, ...names],
      );
      for (const row of rows) {
        found.set(row.username.toLowerCase(), { id: Number(row.id), username: row.username });
      }
    }
    return found;
  }

  async insert(
    sql: SqlRunner,
    message: {
      roomId: number;
      seq: number;
      authorId: number;
      clientId: string | null;
      content: string;
      createdAt: Date;
      replyToId: number | null;
      mentions: UserRef[];
      attachments: StoredAttachment[];
    },
  ): Promise<number> {
    const [row] = await sql<{ id: number }>(this.sql.insert, [
      message.roomId,
      message.seq,
      message.authorId,
      message.clientId,
      message.content,
      this.time(message.createdAt),
      message.replyToId,
      message.mentions.length === 0 ? EMPTY : JSON.stringify(message.mentions),
      message.attachments.length === 0 ? EMPTY : JSON.stringify(message.attachments),
    ]);
    return Number(row.id);
  }

  async insertEvent(
    sql: SqlRunner,
    event: {
      roomId: number;
      seq: number;
      type: Exclude<TimelineFrame['type'], 'message'>;
      messageId: number;
      actorId: number;
      data: object | null;
      createdAt: Date;
    },
  ): Promise<void> {
    await sql(this.sql.insertEvent, [
      event.roomId,
      event.seq,
      event.type,
      event.messageId,
      event.actorId,
      event.data === null ? null : JSON.stringify(event.data),
      this.time(event.createdAt),
    ]);
  }

  async edit(sql: SqlRunner, id: number, content: string, mentions: UserRef[], at: Date) {
    await sql(this.sql.edit, [content, JSON.stringify(mentions), this.time(at), id]);
  }

  /** The tombstone: the text goes, from the message and from the events of its edits. */
  async delete(sql: SqlRunner, id: number, at: Date): Promise<void> {
    await sql(this.sql.delete, [this.time(at), id]);
    await sql(this.sql.forgetEdits, [id]);
  }

  async setReactions(sql: SqlRunner, id: number, reactions: StoredReaction[]): Promise<void> {
    await sql(this.sql.react, [reactions.length === 0 ? EMPTY : JSON.stringify(reactions), id]);
  }

  /** Pinned by the event at `seq`, or unpinned (null). */
  async pin(sql: SqlRunner, id: number, seq: number | null): Promise<void> {
    await sql(this.sql.pin, [seq, id]);
  }

  // The one mapper.

  /** The contract's Message; `me` of each reaction for `callerId` (0: nobody, as in live frames). */
  toMessage(row: MessageRow, callerId = 0): MessagePayload {
    const deleted = row.deletedAt !== null;
    return {
      id: Number(row.id),
      roomId: Number(row.roomId),
      seq: Number(row.seq),
      clientId: row.clientId,
      author: {
        id: Number(row.authorId),
        username: row.authorUsername,
        displayName: row.authorDisplayName,
      },
      content: row.content,
      createdAt: this.database.toDate(row.createdAt).toISOString(),
      editedAt: this.isoOrNull(row.editedAt),
      deletedAt: this.isoOrNull(row.deletedAt),
      replyTo:
        row.replyId === null
          ? null
          : {
              id: Number(row.replyId),
              seq: Number(row.replySeq),
              author: {
                id: Number(row.replyAuthorId),
                username: row.replyAuthorUsername!,
                displayName: row.replyAuthorDisplayName!,
              },
              excerpt: row.replyExcerpt ?? '',
            },
      mentions: parseMentions(row.mentions),
      mentionsRoom: !deleted && mentionsRoom(row.content),
      reactions: parseReactions(row.reactions).map(({ emoji, users }) => ({
        emoji,
        count: users.length,
        me: users.includes(callerId),
      })),
      attachments:
        row.attachments === EMPTY
          ? []
          : (JSON.parse(row.attachments) as StoredAttachment[]).map((stored) =>
              this.urls.attachment(stored),
            ),
      pinned: row.pinnedSeq !== null,
    };
  }

  private toEventFrame(row: EventRow): TimelineFrame {
    const seq = Number(row.seq);
    const messageId = Number(row.messageId);
    const actor = { id: Number(row.actorId), username: row.actorUsername ?? '' };
    const data = row.data === null ? {} : (JSON.parse(row.data) as Record<string, unknown>);
    switch (row.type) {
      case 'message.edited':
        return {
          type: 'message.edited',
          seq,
          messageId,
          // Its own text, or none once the message was deleted (see forgetEdits).
          content: typeof data.content === 'string' ? data.content : '',
          editedAt: this.database.toDate(row.createdAt).toISOString(),
          mentions: Array.isArray(data.mentions) ? (data.mentions as UserRef[]) : [],
        };
      case 'message.deleted':
        return { type: 'message.deleted', seq, messageId };
      case 'reaction':
        return {
          type: 'reaction',
          seq,
          messageId,
          emoji: String(data.emoji),
          user: actor,
          added: Boolean(data.added),
          count: Number(data.count ?? 0),
        };
      case 'message.pinned':
        return { type: 'message.pinned', seq, messageId, pinned: Boolean(data.pinned), by: actor };
      default:
        throw new Error(`Unknown room event type ${row.type} at seq ${seq}`);
    }
  }

  private isoOrNull(value: unknown): string | null {
    return value === null ? null : this.database.toDate(value).toISOString();
  }

  private time(at: Date): unknown {
    return this.database.toColumnValue(Message, 'createdAt', at);
  }

  private readonly read: SqlRunner = (query, parameters) => this.database.query(query, parameters);
}

export function parseReactions(json: string): StoredReaction[] {
  return json === EMPTY ? [] : (JSON.parse(json) as StoredReaction[]);
}

function parseMentions(json: string): UserRef[] {
  return json === EMPTY ? [] : (JSON.parse(json) as UserRef[]);
}

/** The first REPLY_EXCERPT_LENGTH characters (code points, as SQL's SUBSTR counts them). */
export function excerptOf(content: string): string {
  if (content.length <= REPLY_EXCERPT_LENGTH) return content;
  let end = 0;
  for (let count = 0; count < REPLY_EXCERPT_LENGTH && end < content.length; count++) {
    end += content.codePointAt(end)! > 0xffff ? 2 : 1;
  }
  return content.slice(0, end);
}

/** `@room` or `@all` as a word of the text. */
export function mentionsRoom(content: string): boolean {
  return content.includes('@') && ROOM_MENTION.test(content);
}
